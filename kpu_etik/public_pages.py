"""The public registers' region argument, and the page they answer when it names no region: the
app's own not-found page (404, in the site's language), never Frappe's error page."""

import frappe
from frappe import _

from kpu_etik.core.regions import is_valid_code

NOT_FOUND_TEMPLATE = "templates/pages/region_not_found.html"


def known_region(value) -> str | None:
	"""The region a public page was asked for: "" for the whole of Indonesia (no argument, or a
	blank one); None when the argument names no region that exists (malformed, unknown, repeated)."""
	if value is None:
		return ""
	if not isinstance(value, str):
		return None
	region = value.strip()
	if not region:
		return ""
	if len(region) > 13 or not is_valid_code(region) or not frappe.db.exists("Region", region):
		return None
	return region


def region_not_found(context):
	"""get_context of a public page whose region does not exist: the not-found page instead."""
	context.template = NOT_FOUND_TEMPLATE
	context.http_status_code = 404
	context.title = _("Region not found")
	context.no_cache = 1
	return context


def region_not_found_response(route: str):
	"""The same page as a response, for a download whose region does not exist (the page of
	`route`, which reads the same ?region= argument)."""
	from frappe.website.serve import get_response

	return get_response(route, http_status_code=404)
