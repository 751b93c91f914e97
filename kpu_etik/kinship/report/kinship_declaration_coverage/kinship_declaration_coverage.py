"""Which officials of a region have declared in a round, by body; or the list of those who have not."""

import frappe
from frappe import _

from kpu_etik.core.portal import DECLARED_STATES
from kpu_etik.core.regions import subtree_pattern
from kpu_etik.permissions import get_permission_query_conditions
from kpu_etik.supervision.compliance import add_region_names, region_columns

# The list of officials who have not declared stops here; a region filter narrows it.
MISSING_SHOWN = 20000


def latest_round() -> str | None:
	"""With no round chosen: the user's open round with the latest deadline, else their latest round."""
	rounds = frappe.get_list(
		"Kinship Declaration Round", fields=["name"], order_by="is_open desc, deadline desc", limit=1
	)
	return rounds[0].name if rounds else None


def execute(filters=None):
	filters = frappe._dict(filters or {})
	filters.round = filters.round or latest_round()
	if not filters.round:
		frappe.throw(_("Please choose a declaration round."))
	round_doc = frappe.get_doc("Kinship Declaration Round", filters.round)
	round_doc.check_permission("read")
	frappe.has_permission("Official", "read", throw=True)
	region = filters.region or round_doc.region
	# One query counted in the database: a province holds some 260,000 officials. The user's own
	# scope (the permission condition of Official) applies, as frappe.get_list would apply it.
	scope = get_permission_query_conditions(frappe.session.user, "Official") or "1=1"
	args = {"round": filters.round, "pattern": subtree_pattern(region), "limit": MISSING_SHOWN}
	joined = f"""from `tabOfficial` left join `tabKinship Declaration` d
		on d.official = `tabOfficial`.name and d.round = %(round)s
		where `tabOfficial`.status = 'Active' and `tabOfficial`.region like %(pattern)s and {scope}"""
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
			{"official": o.name, "full_name": o.full_name, "ad_hoc_body": o.ad_hoc_body,
			"state": _(o.state or "Not started")}
			for o in frappe.db.sql(
				f"""select `tabOfficial`.name, `tabOfficial`.full_name, `tabOfficial`.ad_hoc_body,
					d.workflow_state as state {joined}
					and (d.workflow_state is null or d.workflow_state not in %(declared)s)
				order by `tabOfficial`.region, `tabOfficial`.ad_hoc_body, `tabOfficial`.name limit %(limit)s""",
				{**args, "declared": DECLARED_STATES},
				as_dict=True,
			)
		]  # fmt: skip
		message = None
		if len(data) == MISSING_SHOWN:
			message = _("The first {0} officials are shown; choose a region to see the rest.").format(
				MISSING_SHOWN
			)
		return columns, data, message
	rows = frappe.db.sql(
		f"""select ifnull(`tabOfficial`.ad_hoc_body, `tabOfficial`.region) as unit,
			min(`tabOfficial`.region) as region, count(*) as officials,
			sum(ifnull(d.workflow_state = 'Submitted', 0)) as submitted,
			sum(ifnull(d.workflow_state = 'Verified', 0)) as verified,
			sum(ifnull(d.workflow_state = 'Announced', 0)) as announced
		{joined} group by unit order by unit""",
		args,
		as_dict=True,
	)
	for row in rows:
		row.submitted, row.verified, row.announced = int(row.submitted), int(row.verified), int(row.announced)
		declared = row.submitted + row.verified + row.announced
		row.missing = row.officials - declared
		row.coverage = 100.0 * declared / row.officials
	columns = [
		{"fieldname": "unit", "label": _("Body or Office"), "fieldtype": "Data", "width": 230},
		*region_columns(180),
		{"fieldname": "officials", "label": _("Officials"), "fieldtype": "Int", "width": 90},
		{"fieldname": "submitted", "label": _("Submitted"), "fieldtype": "Int", "width": 90},
		{"fieldname": "verified", "label": _("Verified"), "fieldtype": "Int", "width": 90},
		{"fieldname": "announced", "label": _("Announced"), "fieldtype": "Int", "width": 90},
		{"fieldname": "missing", "label": _("Not Declared"), "fieldtype": "Int", "width": 110},
		{"fieldname": "coverage", "label": _("Coverage %"), "fieldtype": "Percent", "width": 100},
	]
	return columns, add_region_names(rows)
