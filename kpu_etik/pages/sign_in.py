"""The sign-in page, in the app's shell: officers, PPK and PPS members sign in here (Frappe's own
`/login` carries Frappe's name and web bundle). The password goes to Frappe's `/api/method/login`,
and a forgotten password to Frappe's own reset, so Frappe's checks (rate limits, lock-out, two-factor
refusal) stay in force."""

import frappe
from frappe import _
from frappe.website.utils import get_home_page
from frappe.www.login import get_default_path, sanitize_redirect


def local_path(value) -> str | None:
	"""A redirect target on this site, as Frappe's own sign-in page allows it (a path, or an address
	on this host), and never a `javascript:` address or a path that a browser reads as another host."""
	target = sanitize_redirect(value if isinstance(value, str) else None)
	if not target or "\\" in target:
		return None
	if target.startswith(("http://", "https://")):
		return target  # sanitize_redirect kept it: the same host as the request
	if not target.startswith("/") or target.startswith("//"):
		return None
	return target


def login(context):
	# From the query string, as Frappe's login page reads it (a JSON body leaves it out of form_dict).
	target = local_path(frappe.local.request.args.get("redirect-to") or frappe.form_dict.get("redirect-to"))
	if frappe.session.user != "Guest":
		if not target:
			target = get_default_path() or (
				"/" + get_home_page() if frappe.session.data.user_type == "Website User" else "/app"
			)
		if target.strip("/") != "login":
			frappe.local.flags.redirect_location = target
			raise frappe.Redirect
	context.title = _("Sign in")
	context.redirect_to = target or ""


def update_password(context):
	"""Setting a password from the emailed link (`?key=`), or changing it when signed in. Frappe's
	`update_password` checks the key, its expiry and the password policy."""
	key = frappe.local.request.args.get("key") or frappe.form_dict.get("key")
	if not isinstance(key, str) or len(key) > 128:
		key = ""
	if not key and frappe.session.user == "Guest":
		from kpu_etik.pages import PageProblem

		raise PageProblem(
			400,
			_("Open the link from your email"),
			_(
				"To set your password, open the link in the email KPU Etik sent you. If it has expired, ask for a new one."
			),
			("/login", _("Sign in")),
		)
	context.title = _("Set your password") if key else _("Change your password")
	context.key = key
