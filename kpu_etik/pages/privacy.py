"""The personal data protection notice (UU 27/2022): the full page `/privacy`, and the short notice
each page that collects personal data shows above its form (`privacy_notice.html`, filled by
`notice`). The retention periods and the data protection officer are read from KPU Etik Settings,
so what a person reads is what the site does."""

import frappe
from babel.numbers import format_decimal
from frappe import _

from kpu_etik.core import retention
from kpu_etik.privacy.settings import data_protection_officer, periods

# Frappe's own request forms (Web Forms of its Website module, not pages of frappe/www): a copy of
# the data of a sign-in account, and the deletion of the account (approved by a System Manager).
# Linked only while the site publishes them.
ACCOUNT_REQUESTS = (
	("request-data", "Ask for a copy of your account's data"),
	("request-for-account-deletion", "Ask for your account to be deleted"),
)


def number(value: int) -> str:
	"""A whole number as Indonesians write it (1.200)."""
	return format_decimal(value, locale="id")


def period_text(months: int) -> str:
	"""5 tahun for 60 months, 18 bulan for 18."""
	if months and months % 12 == 0:
		return _("{0} years").format(number(months // 12))
	return _("{0} months").format(number(months))


def kept_for(key: str, months: dict[str, int] | None = None) -> str:
	"""How long a kind of record keeps its personal data, and from when: one sentence."""
	months = periods() if months is None else months
	kind = next(kind for kind in retention.KINDS if kind.key == key)
	return _("They are kept for {0} from {1}, then removed.").format(period_text(months[key]), _(kind.starts))


def account_requests() -> list[tuple[str, str]]:
	"""The request forms of Frappe the site publishes: (path, link text)."""
	published = set(
		frappe.get_all(
			"Web Form",
			filters={"route": ("in", [route for route, _label in ACCOUNT_REQUESTS]), "published": 1},
			pluck="route",
		)
	)
	return [(f"/{route}", _(label)) for route, label in ACCOUNT_REQUESTS if route in published]


def notice(page: str) -> frappe._dict:
	"""The short notice of a page that collects personal data: what it collects and why, for how long,
	who sees it, and (on the member's portal) where to ask for one's data."""
	links = []
	if page == "complaint":
		sentences = [
			_(
				"Your name, NIK, address and contact, and the evidence you attach, are used only to handle this complaint and to contact you about it."
			),
			_("Only KPU's complaint intake officer sees who you are; the person you report is never told."),
			kept_for("Complainant Identity"),
		]
	elif page == "kinship-declaration":
		sentences = [
			_(
				"The names and NIKs of your relatives are used only to check for conflicts of interest with candidates and campaign teams."
			),
			_(
				"Only the KPU officers of your region who verify declarations see them; the public register never shows a NIK."
			),
			kept_for("Official Identity"),
		]
	elif page == "member-portal":
		sentences = [
			_(
				"Your identity details and your signed integrity pact are used only to run your ad hoc body and to uphold the code of ethics."
			),
			_("Only the KPU officers of your region whose work needs them see them."),
			kept_for("Official Identity"),
			_(
				"To see, correct or erase your data, ask the KPU office of your region; from your account you can also ask:"
			),
		]
		links = account_requests()
	elif page == "supervision-visits":
		sentences = [
			_(
				"Findings may be about the members of the body you visit: write only what the supervision needs, and never a NIK."
			),
			_(
				"Only the KPU officers of your region and the members who supervise the body see them; a finding may become a complaint."
			),
			_("Visit records are kept in KPU's supervision archive; no retention period removes them yet."),
		]
	else:
		raise KeyError(page)
	if not links and sentences[-1].endswith(":"):
		sentences[-1] = _("To see, correct or erase your data, ask the KPU office of your region.")
	return frappe._dict(sentences=sentences, links=links)


def privacy_page(context):
	"""The full notice, for a citizen who has never used a KPU site."""
	months = periods()
	context.title = _("Personal Data Protection Notice")
	context.kinds = [
		frappe._dict(
			label=_(kind.label),
			period=period_text(months[kind.key]),
			starts=_(kind.starts),
			removes=_(kind.removes),
		)
		for kind in retention.KINDS
	]
	context.account_requests = account_requests()
	officer = data_protection_officer()
	context.officer = officer if any(officer.values()) else None
	# Without an email, a phone or an address, the person writes to the KPU office of their region.
	context.officer_reachable = bool(
		context.officer and (officer.dpo_email or officer.dpo_phone or officer.dpo_address)
	)
