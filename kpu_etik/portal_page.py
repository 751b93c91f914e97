"""`/member-portal`, rendered without Frappe's website shell.

PPK and PPS members open this page on phones, often on slow connections, and many at once around a
deadline. Frappe v15 builds a fresh Jinja environment and recompiles `web.html`, `base.html`, the
navbar and the footer on every request (about 170 ms of CPU here; `benchmarks/portal_home_benchmark.sh`
measures it against Frappe's own `/me`), and ships its full web bundle with the page. This renderer,
registered through the `page_renderer` hook, keeps one compiled template per worker and sends a
page of a few kilobytes with its own CSS and script.

The path is found by Frappe's own resolver (no `website_path_resolver` hook: the last app to define
that hook would decide the routing of the whole site); what that costs per request is in the
portal benchmark's figures, before and after, in the closing note of issue 13. Permissions, redirects and errors still go
through Frappe's website `get_response` (a PermissionError here becomes Frappe's 403 page).
"""

from functools import lru_cache
from pathlib import Path

import frappe
from frappe import _
from frappe.utils.data import format_datetime, global_date_format
from frappe.website.page_renderers.base_renderer import BaseRenderer
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kpu_etik.core.inputs import Text
from kpu_etik.inputs import read_form
from kpu_etik.portal import home

ROUTE = "member-portal"
TEMPLATES = Path(__file__).parent / "templates" / "pages"


@lru_cache(maxsize=1)
def environment() -> Environment:
	return Environment(
		loader=FileSystemLoader(str(TEMPLATES)),
		autoescape=select_autoescape(default=True),
		auto_reload=bool(frappe.conf.developer_mode),
	)


class MemberPortalPage(BaseRenderer):
	def can_render(self):
		return self.path == ROUTE

	def render(self):
		if frappe.session.user == "Guest":
			frappe.local.flags.redirect_location = f"/login?redirect-to=/{ROUTE}"
			raise frappe.Redirect
		body = read_form(body=Text("Body")).body
		context = home(body=body or None)
		context.title = context.body.body_name if body and context.body else _("Member Portal")
		html = (
			environment()
			.get_template("member_portal.html")
			.render(
				**context,
				_=_,
				lang=frappe.local.lang or "id",
				csrf_token=frappe.local.session.data.csrf_token or "",
				format_date=lambda value: global_date_format(value) if value else "",
				format_datetime=lambda value: format_datetime(value, "dd-MM-yyyy HH:mm") if value else "",
			)
		)
		return self.build_response(html, headers={"Cache-Control": "no-store, private"})
