"""The app's own pages for the public and the members, drawn in one light shell.

A citizen on a cheap phone, a PPS member on a slow link and a KPU officer signing in all meet these
pages, so each is one request of a few kilobytes: no Frappe web bundle, no icon sprite, no web font.
Frappe v15 builds a new Jinja environment and recompiles `web.html`, `base.html`, the navbar and the
footer on every website request (about 170 ms of CPU; `benchmarks/portal_home_benchmark.sh`); this
renderer, registered through Frappe's `page_renderer` hook, keeps one compiled environment per worker.

Each page is one entry of `PAGES`: its template (in `templates/pages/`, extending `shell.html`), the
function that fills its context (in `public.py`, `member.py`, `sign_in.py`), and whether it needs a
signed-in user. Paths are still found by Frappe's own resolver (custom renderers come first), and
redirects go through Frappe's website `get_response`. A PermissionError, a refused input or a missing
record is answered here, in the same shell and in Indonesian, never with Frappe's error pages.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import frappe
from frappe import _
from frappe.website.page_renderers.base_renderer import BaseRenderer
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kpu_etik.core.dates import format_indonesian_date

TEMPLATES = Path(__file__).parent.parent / "templates" / "pages"
EMBLEM = "/assets/kpu_etik/images/kpu-etik-logo.svg"
# An office's own emblem is shown only when it is a public file this small: every page must stay
# under 60 KB on a phone, and the app's own emblem is 530 bytes.
EMBLEM_MAX_BYTES = 20_000


@dataclass(frozen=True)
class Page:
	template: str
	context: str  # dotted path of the function that fills the context
	sign_in: bool = False  # a guest is sent to the sign-in page first


PAGES = {
	"kpu-etik": Page("kpu_etik.html", "kpu_etik.pages.public.landing"),
	"complaint": Page("complaint.html", "kpu_etik.pages.public.complaint"),
	"complaint-status": Page("complaint_status.html", "kpu_etik.pages.public.complaint_status"),
	"kinship-register": Page("kinship_register.html", "kpu_etik.pages.public.kinship_register"),
	"sanctions-register": Page("sanctions_register.html", "kpu_etik.pages.public.sanctions_register"),
	"letter-check": Page("letter_check.html", "kpu_etik.pages.public.letter_check"),
	"privacy": Page("privacy.html", "kpu_etik.pages.privacy.privacy_page"),
	"member-portal": Page("member_portal.html", "kpu_etik.pages.member.member_portal", sign_in=True),
	"kinship-declaration": Page(
		"kinship_declaration.html", "kpu_etik.pages.member.kinship_declaration", sign_in=True
	),
	"supervision-visits": Page(
		"supervision_visits.html", "kpu_etik.pages.member.supervision_visits", sign_in=True
	),
	"login": Page("login.html", "kpu_etik.pages.sign_in.login"),
	# The link of the welcome and reset emails: a new member sets their first password here.
	"update-password": Page("update_password.html", "kpu_etik.pages.sign_in.update_password"),
}


class PageProblem(Exception):
	"""A page that cannot be shown as asked: answered with `template` and `status`, in the shell."""

	def __init__(self, status: int, title: str, message: str, link: tuple[str, str] | None = None):
		super().__init__(message)
		self.status, self.title, self.message, self.link = status, title, message, link


@lru_cache(maxsize=1)
def environment() -> Environment:
	return Environment(
		loader=FileSystemLoader(str(TEMPLATES)),
		autoescape=select_autoescape(default=True),
		auto_reload=bool(frappe.conf.developer_mode),
	)


def office() -> dict:
	"""The name and emblem in every page's header: the site's KPU Office when one office stands above
	all others (its letterhead), else KPU itself (a site serving several provinces or regencies).
	Cached for ten minutes: it is read on every page."""
	key = "kpu_etik:page_office"
	cached = frappe.cache.get_value(key)
	if cached:
		return cached
	rows = frappe.get_all("KPU Office", fields=["region", "office_name", "logo", "address"])
	top_level = min((len(row.region or "") for row in rows), default=0)
	tops = [row for row in rows if len(row.region or "") == top_level]
	top = tops[0] if len(tops) == 1 else frappe._dict()
	emblem = EMBLEM
	if top.get("logo"):
		file = frappe.db.get_value(
			"File", {"file_url": top.logo, "is_private": 0}, ["file_size"], as_dict=True
		)
		if file and (file.file_size or 0) <= EMBLEM_MAX_BYTES:
			emblem = top.logo
	found = {
		"name": top.get("office_name") or "",  # KPU's own name is translated when drawn
		"address": top.get("address") or "",
		"emblem": emblem,
	}
	frappe.cache.set_value(key, found, expires_in_sec=600)
	return found


def header_office() -> dict:
	found = dict(office())
	found["name"] = found["name"] or _("General Elections Commission")
	return found


def long_date(value, with_day: bool = False) -> str:
	"""A date as Indonesians write it (6 Desember 2026; with the day, Minggu, 6 Desember 2026); blank
	for none."""
	if not value:
		return ""
	from frappe.utils import getdate

	return format_indonesian_date(getdate(value), with_day=with_day)


def long_datetime(value) -> str:
	if not value:
		return ""
	from frappe.utils import get_datetime

	moment = get_datetime(value)
	return f"{long_date(moment)}, {moment:%H.%M}"


def render_page(template: str, context: dict) -> str:
	return (
		environment()
		.get_template(template)
		.render(
			**context,
			_=_,
			lang=frappe.local.lang or "id",
			csrf_token=frappe.local.session.data.csrf_token or "",
			office=header_office(),
			signed_in=frappe.session.user != "Guest",
			long_date=long_date,
			format_date=long_date,
			format_datetime=long_datetime,
		)
	)


class LightPage(BaseRenderer):
	def can_render(self):
		return self.path in PAGES

	def render(self):
		page = PAGES[self.path]
		if page.sign_in and frappe.session.user == "Guest":
			from urllib.parse import quote

			frappe.local.flags.redirect_location = f"/login?redirect-to={quote('/' + self.path)}"
			raise frappe.Redirect
		context = frappe._dict(title="", status=200, path=self.path)
		template = page.template
		try:
			frappe.get_attr(page.context)(context)
		except PageProblem as problem:
			template, context = "problem.html", problem_context(problem, self.path)
		except frappe.PermissionError:
			frappe.clear_last_message()
			template, context = "problem.html", problem_context(forbidden(), self.path)
		except frappe.ValidationError as error:
			# A refused argument in the address (frappe.throw with a translated message).
			frappe.clear_last_message()
			problem = PageProblem(400, _("This page cannot be shown"), str(error) or _("Invalid request"))
			template, context = "problem.html", problem_context(problem, self.path)
		html = render_page(template, context)
		return self.build_response(
			html,
			http_status_code=context.status,
			headers={"Cache-Control": "no-store, private", "Content-Language": "id"},
		)


def forbidden() -> PageProblem:
	return PageProblem(
		403,
		_("You may not open this page"),
		_("Your account has no access to this page. Sign in with the account KPU gave you, or go back."),
	)


def problem_context(problem: PageProblem, path: str) -> frappe._dict:
	return frappe._dict(
		title=problem.title,
		message=problem.message,
		link=problem.link,
		status=problem.status,
		path=path,
	)
