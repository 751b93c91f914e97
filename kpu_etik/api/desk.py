"""Endpoints of the Desk's home workspaces for KPU staff."""

import json
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import formatdate

from kpu_etik.core.inputs import Structured, Text, WholeNumber
from kpu_etik.desk_home import todays_work as fetch_todays_work
from kpu_etik.inputs import DocumentType, accepts


@frappe.whitelist(methods=["GET"])
@accepts()
@frappe.read_only()
def todays_work() -> dict:
	"""The signed-in user's action lists (see kpu_etik.core.today), worded in their language."""
	if frappe.session.user == "Guest":
		frappe.throw(_("Sign in to see your work."), frappe.PermissionError)
	lists = fetch_todays_work()
	return {
		"lists": [
			{
				"key": one.key,
				"title": _(one.title),
				"action": _(one.action),
				"count": one.count,
				"late": one.late,
				"list_url": list_url(one.doctype, one.filters),
				"items": [
					{
						"doctype": item.doctype,
						"name": item.name,
						"title": item.title,
						"detail": item.detail,
						"due": formatdate(item.due) if item.due else None,
						"urgency": item.urgency,
					}
					for item in one.items
				],
			}
			for one in lists
		],
	}


def list_url(doctype: str, filters: list) -> str | None:
	"""The Desk list of ``doctype`` with ``filters``, as a route the list view reads (a value that
	is not a plain equality goes as a JSON [operator, value] pair)."""
	if not doctype:
		return None
	query = {
		field: value if operator == "=" else json.dumps([operator, value], default=str)
		for field, operator, value in filters
	}
	route = f"/app/{frappe.scrub(doctype).replace('_', '-')}"
	return f"{route}?{urlencode(query)}" if query else route


# Officials the link search reads before ranking them: every match of a rare name, a fair sample of
# a common one ("andi" alone matches a hundred thousand).
SEARCH_CANDIDATES = 200


@frappe.whitelist()
@accepts(
	doctype=Text("Document Type", max_length=140),
	txt=Text("Search Text", max_length=140),
	searchfield=Text("Search Field", max_length=140),
	start=WholeNumber("Start", high=10_000),
	page_len=WholeNumber("Page Length", low=1, high=100),
	filters=Structured("Filters", kinds=(list, dict), max_items=20),
)
@frappe.read_only()
def search_officials(doctype, txt, searchfield=None, start=0, page_len=10, filters=None, **kwargs) -> list:
	"""The link field's search for an official (``standard_queries``): by name through the full-text
	index (kpu_etik.overrides.name_search), by ID when the text has digits, in the user's region scope
	and with the field's own filters, best matches first. Each result: the ID, the name, and the body,
	position and region in words, to tell namesakes apart."""
	from kpu_etik.core.name_search import rank, typed_words

	if not frappe.has_permission("Official", "select") and not frappe.has_permission("Official", "read"):
		return []
	txt = (txt or "").strip()
	start, page_len = start or 0, page_len or 10  # left out or blank: Frappe's defaults
	if isinstance(filters, dict):  # a link field's get_query filters: {"status": "Active", ...}
		filters = [
			[key, *value] if isinstance(value, list) else [key, "=", value] for key, value in filters.items()
		]
	filters = list(filters or [])
	words = typed_words(txt)
	by_id = any(character.isdigit() for character in txt)
	if by_id:
		filters.append(["name", "like", f"{txt.upper()}%"])
	elif txt:
		filters.append(["full_name", "like", f"%{txt}%"])
	rows = frappe.get_list(
		"Official",
		filters=filters,
		fields=["name", "full_name", "level", "position", "region"],
		order_by="" if txt and not by_id else "modified desc",
		limit_page_length=SEARCH_CANDIDATES if txt and not by_id else start + page_len,
	)
	if txt and not by_id:
		rows.sort(key=lambda row: rank(words, row.full_name))
	rows = rows[start : start + page_len]
	regions = dict(
		frappe.get_all(
			"Region",
			filters={"name": ("in", list({row.region for row in rows if row.region}) or [""])},
			fields=["name", "region_name"],
			as_list=True,
		)
	)
	return [
		(
			row.name,
			row.full_name,
			" · ".join(
				part
				for part in (_(row.level or ""), _(row.position or ""), regions.get(row.region, ""))
				if part
			),
		)
		for row in rows
	]


@frappe.whitelist()
@accepts(
	doctype=DocumentType("Document Type"),
	current_filters=Structured("Filters", max_items=50),
	field=Text("Field", max_length=140),
)
@frappe.read_only()
def group_by_count(doctype: str, current_filters=None, field: str = "") -> list:
	"""frappe.desk.listview.get_group_by_count, within a second on the national tables (list_counts)."""
	from kpu_etik.list_counts import group_by_count as count

	return count(doctype, current_filters or [], field)


@frappe.whitelist(methods=["GET", "POST"])
@accepts(
	stats=Structured("Statistics", max_items=10),
	doctype=DocumentType("Document Type"),
	filters=Structured("Filters", max_items=50),
)
@frappe.read_only()
def sidebar_stats(stats, doctype: str, filters=None) -> dict:
	"""frappe.desk.reportview.get_sidebar_stats, within a second on the national tables (list_counts)."""
	from kpu_etik.list_counts import sidebar_stats as stats_of

	return stats_of(json.dumps(stats or []), doctype, json.dumps(filters or []))
