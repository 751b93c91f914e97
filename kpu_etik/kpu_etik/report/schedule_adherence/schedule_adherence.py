from frappe import _

from kpu_etik.compliance import count_by, period_filters


def execute(filters=None):
	"""Meetings and visits planned, held, late and missed, per kabupaten/kota."""
	rows = {}

	def row_for(region):
		key = (region or "")[:5]
		return rows.setdefault(
			key,
			{
				"region": key,
				"meetings_planned": 0,
				"meetings_held": 0,
				"meetings_cancelled": 0,
				"visits_planned": 0,
				"visits_held": 0,
				"visits_late": 0,
				"visits_missed": 0,
			},
		)

	for row in count_by(
		"Coordination Meeting", "region", period_filters(filters, "starts_on"), extra_fields=("status",)
	):
		entry = row_for(row.region)
		entry["meetings_planned"] += row.total
		if row.status == "Held":
			entry["meetings_held"] += row.total
		elif row.status == "Cancelled":
			entry["meetings_cancelled"] += row.total
	for row in count_by(
		"Supervision Visit", "region", period_filters(filters, "planned_on"), extra_fields=("visit_state",)
	):
		entry = row_for(row.region)
		entry["visits_planned"] += row.total
		if row.visit_state == "Held":
			entry["visits_held"] += row.total
		elif row.visit_state == "Late":
			entry["visits_late"] += row.total
		elif row.visit_state in ("Missed", "Overdue"):
			entry["visits_missed"] += row.total
	columns = [
		{"fieldname": "region", "label": _("Region"), "fieldtype": "Link", "options": "Region", "width": 120},
		{"fieldname": "meetings_planned", "label": _("Meetings Planned"), "fieldtype": "Int", "width": 130},
		{"fieldname": "meetings_held", "label": _("Meetings Held"), "fieldtype": "Int", "width": 120},
		{
			"fieldname": "meetings_cancelled",
			"label": _("Meetings Cancelled"),
			"fieldtype": "Int",
			"width": 140,
		},
		{"fieldname": "visits_planned", "label": _("Visits Planned"), "fieldtype": "Int", "width": 120},
		{"fieldname": "visits_held", "label": _("Visits Held"), "fieldtype": "Int", "width": 110},
		{"fieldname": "visits_late", "label": _("Visits Late"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "visits_missed",
			"label": _("Visits Missed or Unreported"),
			"fieldtype": "Int",
			"width": 190,
		},
	]
	return columns, sorted(rows.values(), key=lambda r: r["region"])
