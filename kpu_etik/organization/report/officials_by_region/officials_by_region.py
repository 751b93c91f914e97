"""Officials per region one level below the chosen one (the nation by province, a province by
kabupaten/kota...), within the user's reach, counted in the database: the nation holds six million."""

import frappe
from frappe import _
from frappe.utils import format_time

from kpu_etik.core.access import ANCESTOR_COLUMNS
from kpu_etik.core.regions import ROOT_CODE, child_code_length
from kpu_etik.list_counts import counted
from kpu_etik.permissions import ancestor_condition, get_permission_query_conditions, user_regions
from kpu_etik.supervision.compliance import add_region_names, region_columns, region_filter

# The generated column holding the codes of a length, where there is one (indexed).
COLUMN_OF_LENGTH = {length: column for column, length in ANCESTOR_COLUMNS.values()}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("Official", "read", throw=True)
	region_filter(filters)  # a region that does not exist is refused
	# Over the nation (five million rows) the count may take more than a second: the last exact
	# figure with its time then, while a job counts again (kpu_etik.list_counts).
	method = "kpu_etik.organization.report.officials_by_region.officials_by_region.count_officials"
	rows, counted_at = counted(method, {"filters": {"region": filters.region, "level": filters.level}})
	message = None
	if rows is None:
		rows, message = [], _("Being counted: open this report again in a minute.")
	elif counted_at:
		message = _("The figures as counted at {0}; they are being counted again.").format(
			format_time(counted_at, "HH:mm")
		)
	rows = [frappe._dict(row) for row in rows]
	add_region_names(rows)
	for row in rows:
		row.active = int(row.active or 0)
	columns = [
		*region_columns(220),
		{"fieldname": "officials", "label": _("Officials"), "fieldtype": "Int", "width": 110},
		{"fieldname": "active", "label": _("Active"), "fieldtype": "Int", "width": 110},
	]
	return columns, rows, message


def count_officials(filters: dict) -> list[dict]:
	"""Officials and active officials per region one level below the chosen one, in the user's reach."""
	filters = frappe._dict(filters)
	regions = [filters.region] if filters.region else (user_regions() or [ROOT_CODE])
	length = child_code_length(min(regions, key=len)) or 13
	unit = COLUMN_OF_LENGTH.get(length) or f"left(`tabOfficial`.`region`, {length})"
	where = [get_permission_query_conditions(frappe.session.user, "Official") or "1=1"]
	if filters.region and filters.region != ROOT_CODE:
		where.append(ancestor_condition("`tabOfficial`.`region`", [filters.region]))
	if filters.level:
		where.append("`tabOfficial`.`level` = %(level)s")
	return frappe.db.sql(
		f"""select {unit} as region, count(*) as officials, sum(`tabOfficial`.status = 'Active') as active
		from `tabOfficial` where {" and ".join(where)} group by 1 order by 1""",
		{"level": filters.level},
		as_dict=True,
	)
