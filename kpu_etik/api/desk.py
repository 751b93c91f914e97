"""Endpoints of the Desk's home workspaces for KPU staff."""

import json
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import formatdate

from kpu_etik.desk_home import todays_work as fetch_todays_work
from kpu_etik.inputs import accepts


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
