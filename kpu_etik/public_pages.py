"""The public registers' region argument, and the answer when it names no region: the registers'
own not-found page (404, in the site's language; kpu_etik.pages.public.region_or_problem), never
Frappe's error page."""

import frappe

from kpu_etik.core.regions import is_valid_code


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


def region_not_found_response(route: str):
	"""The register page's not-found answer, for a download whose region does not exist (the page of
	`route` reads the same ?region= argument)."""
	from frappe.website.serve import get_response

	return get_response(route, http_status_code=404)
