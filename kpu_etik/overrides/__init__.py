"""Everything KPU Etik changes in Frappe's own behaviour, in one place.

Frappe offers hooks for most of what the app needs (permission query conditions, doc events,
overridden whitelisted methods, the boot): those live with the app's code and are listed in
docs/frappe-corrections.md. What no hook can do is done here, one module per Frappe mechanism, each
with a `CORRECTION` that says:
- what Frappe does, and what the app needs instead;
- the Frappe versions it was checked on;
- whether it guards personal data;
- `install()`, which makes it, and `check()`, which proves it is in effect on the running Frappe:
  that the function it wraps is the one Frappe actually calls on that path (``None``), or what is
  wrong (a sentence for the administrator).

`install()` below runs them all (`before_request`, `before_job`, `before_tests`, `after_migrate`).
`ensure()` installs and checks once per process. When a correction that guards personal data is not
in effect (a newer Frappe that no longer goes through the function it wraps), the app fails closed:
`refuse_if_unguarded()` stops every request and permission check that touches the app's doctypes
with `NotInEffect`, in the user's language, and tells the administrator which check failed on which
Frappe version, instead of serving personal data unguarded.
"""

import importlib

import frappe
from frappe import _

from kpu_etik.overrides.base import Correction

# One module per corrected mechanism, in the order they are installed.
MODULES = (
	"list_queries",
	"name_search",
	"identity_reads",
	"replica",
	"document_checks",
	"user_saves",
	"exports",
	"pdf",
	"form_history",
	"error_traceback",
	"client_address",
	"site_language",
)


class NotInEffect(frappe.ValidationError):
	"""A correction that guards personal data is not in effect: the app refuses to serve."""

	http_status_code = 503


def corrections() -> list[Correction]:
	return [importlib.import_module(f"{__name__}.{module}").CORRECTION for module in MODULES]


def install(*args, **kwargs):
	"""Hook (`before_request`, `before_job`, `before_tests`): install every correction. Each is
	idempotent and cheap when already installed."""
	for correction in corrections():
		correction.install()


# Per process: the checks' findings once made, {correction name: what is wrong}.
_found: dict[str, str] | None = None
COULD_NOT_RUN = "the check could not run"


def check_all() -> dict[str, str]:
	"""Run every check now: {correction name: what is wrong} for those not in effect."""
	failures = {}
	for correction in corrections():
		try:
			problem = correction.check()
		except Exception as exc:  # a check that cannot run proves nothing: refuse, and try again
			problem = f"{COULD_NOT_RUN} ({type(exc).__name__}: {exc})"
		if problem:
			failures[correction.name] = problem
	return failures


def ensure() -> dict[str, str]:
	"""Install and check every correction, once per process; the unguarded personal-data ones."""
	global _found
	if _found is None:
		install()
		found = check_all()
		guarding = {c.name for c in corrections() if c.guards_personal_data}
		unguarded = {name: problem for name, problem in found.items() if name in guarding}
		if found:
			report(found)
		if any(problem.startswith(COULD_NOT_RUN) for problem in found.values()):
			return unguarded  # refused now; checked again at the next request (a lost connection...)
		_found = unguarded
	return _found


def recheck() -> dict[str, str]:
	"""Forget the findings and check again (tests, after an upgrade in a live process)."""
	global _found
	_found = None
	return ensure()


def report(found: dict[str, str]):
	"""Tell the administrator once per process, in the Error Log, which checks failed."""
	try:
		frappe.log_error(
			title="KPU Etik: a correction of Frappe is not in effect",
			message=administrator_detail(found),
			defer_insert=True,
		)
	except Exception:
		pass  # no site to log to (a bare process): the refusal itself still says it


def administrator_detail(found: dict[str, str]) -> str:
	version = getattr(frappe, "__version__", "?")
	lines = [
		_("{0} is not in effect on Frappe {1}: {2}").format(name, version, problem)
		for name, problem in sorted(found.items())
	]
	return "\n".join(lines)


def refuse_if_unguarded():
	"""Raise `NotInEffect` when a correction guarding personal data is not in effect."""
	found = ensure()
	if not found:
		return
	message = _(
		"KPU Etik is not serving this request: a safeguard of personal data is not in effect on this"
		" server. Please tell the site administrator."
	)
	user = getattr(getattr(frappe.local, "session", None), "user", None)
	if user == "Administrator" or (user and "System Manager" in frappe.get_roles(user)):
		message += "<br>" + administrator_detail(found).replace("\n", "<br>")
	frappe.throw(message, NotInEffect, title=_("Service Stopped"))


def guard_request():
	"""`before_request`: a request that touches the app (its methods, pages or doctypes) is refused
	when a correction guarding personal data is not in effect."""
	if ensure() and touches_the_app():
		refuse_if_unguarded()


def touches_the_app() -> bool:
	from kpu_etik.doctypes import app_doctypes

	request = getattr(frappe.local, "request", None)
	path = (getattr(request, "path", "") or "").strip("/")
	form = frappe.local.form_dict or {}
	method = str(form.get("cmd") or "")
	if path.startswith(("api/method/", "api/v2/method/")):
		method = path.split("/")[-1]
	if method.startswith("kpu_etik."):
		return True
	parts = path.split("/")
	named = {str(form.get(key) or "") for key in ("doctype", "parent", "ref_doctype", "reference_doctype")}
	if parts[:2] in (["api", "resource"], ["api", "v2"]) and len(parts) > 2:
		named.add(parts[3] if parts[1] == "v2" and len(parts) > 3 else parts[2])
	if named & app_doctypes():
		return True
	return bool(path) and path.split("/")[0] in APP_PAGES


# The app's public and member pages (www/).
APP_PAGES = frozenset(
	{
		"kpu-etik",
		"complaint",
		"complaint-status",
		"kinship-register",
		"kinship-declaration",
		"sanctions-register",
		"letter-check",
		"member-portal",
		"supervision-visits",
	}
)
