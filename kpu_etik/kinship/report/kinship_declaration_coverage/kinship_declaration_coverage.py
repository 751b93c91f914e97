"""Which officials of a region have declared in a round, by body; or the list of those who have not."""

import frappe
from frappe import _

from kpu_etik.core.portal import DECLARED_STATES
from kpu_etik.permissions import within


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.round:
		frappe.throw(_("Please choose a declaration round."))
	round_doc = frappe.get_doc("Kinship Declaration Round", filters.round)
	round_doc.check_permission("read")
	region = filters.region or round_doc.region
	conditions = {"status": "Active", "region": within(region)}
	# frappe.get_list: only the officials and declarations the user may see are counted.
	officials = frappe.get_list(
		"Official",
		filters=conditions,
		fields=["name", "full_name", "ad_hoc_body", "region", "position"],
		limit_page_length=0,
	)
	states = dict(
		frappe.get_list(
			"Kinship Declaration",
			filters={"round": filters.round, "region": within(region)},
			fields=["official", "workflow_state"],
			as_list=True,
			limit_page_length=0,
		)
	)
	if filters.only_missing:
		columns = [
			{
				"fieldname": "official",
				"label": _("Official"),
				"fieldtype": "Link",
				"options": "Official",
				"width": 130,
			},
			{"fieldname": "full_name", "label": _("Full Name"), "fieldtype": "Data", "width": 200},
			{
				"fieldname": "ad_hoc_body",
				"label": _("Ad Hoc Body"),
				"fieldtype": "Link",
				"options": "Ad Hoc Body",
				"width": 200,
			},
			{"fieldname": "state", "label": _("Declaration State"), "fieldtype": "Data", "width": 110},
		]
		data = [
			{
				"official": o.name,
				"full_name": o.full_name,
				"ad_hoc_body": o.ad_hoc_body,
				"state": _(states.get(o.name) or "Not started"),
			}
			for o in officials
			if states.get(o.name) not in DECLARED_STATES
		]
		return columns, data
	rows = {}
	for official in officials:
		key = official.ad_hoc_body or official.region
		row = rows.setdefault(
			key,
			{
				"unit": key,
				"region": official.region,
				"officials": 0,
				"submitted": 0,
				"verified": 0,
				"announced": 0,
				"missing": 0,
			},
		)
		row["officials"] += 1
		state = states.get(official.name)
		if state == "Announced":
			row["announced"] += 1
		elif state == "Verified":
			row["verified"] += 1
		elif state == "Submitted":
			row["submitted"] += 1
		else:
			row["missing"] += 1
	for row in rows.values():
		row["coverage"] = 100.0 * (row["officials"] - row["missing"]) / row["officials"]
	columns = [
		{"fieldname": "unit", "label": _("Body or Office"), "fieldtype": "Data", "width": 230},
		{"fieldname": "region", "label": _("Region"), "fieldtype": "Link", "options": "Region", "width": 130},
		{"fieldname": "officials", "label": _("Officials"), "fieldtype": "Int", "width": 90},
		{"fieldname": "submitted", "label": _("Submitted"), "fieldtype": "Int", "width": 90},
		{"fieldname": "verified", "label": _("Verified"), "fieldtype": "Int", "width": 90},
		{"fieldname": "announced", "label": _("Announced"), "fieldtype": "Int", "width": 90},
		{"fieldname": "missing", "label": _("Not Declared"), "fieldtype": "Int", "width": 110},
		{"fieldname": "coverage", "label": _("Coverage %"), "fieldtype": "Percent", "width": 100},
	]
	return columns, sorted(rows.values(), key=lambda r: r["unit"])
