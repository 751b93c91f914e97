from frappe import _

from kpu_etik.core.regions import ancestor_at
from kpu_etik.supervision.compliance import add_region_names, count_by, period_filters, region_columns

# (doctype, date field, state field, prefix, the column each state is counted in)
SOURCES = (
	("Coordination Meeting", "starts_on", "status", "meetings", {"Held": "held", "Cancelled": "cancelled"}),
	(
		"Supervision Visit",
		"planned_on",
		"visit_state",
		"visits",
		{"Held": "held", "Late": "late", "Missed": "missed", "Overdue": "missed"},
	),
)
COUNTS = (
	"meetings_planned",
	"meetings_held",
	"meetings_cancelled",
	"visits_planned",
	"visits_held",
	"visits_late",
	"visits_missed",
)


def execute(filters=None):
	"""Meetings and visits planned, held, late and missed, per kabupaten/kota."""
	rows = {}
	for doctype, date_field, state_field, prefix, columns_by_state in SOURCES:
		for row in count_by(
			doctype, "region", period_filters(filters, date_field), extra_fields=(state_field,)
		):
			key = ancestor_at(row.region, "Kabupaten/Kota") if row.region else ""
			entry = rows.setdefault(key, {"region": key, **dict.fromkeys(COUNTS, 0)})
			entry[f"{prefix}_planned"] += row.total
			column = columns_by_state.get(row[state_field])
			if column:
				entry[f"{prefix}_{column}"] += row.total
	columns = [
		*region_columns(),
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
	return columns, add_region_names(sorted(rows.values(), key=lambda r: r["region"]))
