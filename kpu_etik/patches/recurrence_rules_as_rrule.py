import frappe


def execute():
	"""Rakor recurrence rules stored as short specs (monthly:2we) rewritten as RRULEs (FREQ=MONTHLY;BYDAY=2WE).

	A rule already in RRULE form is left, and so is one that cannot be converted: the form refuses it
	when the meeting is next saved, and an officer writes it again.
	"""
	from kpu_etik.core.schedules import ScheduleError, rrule_from_legacy

	if not frappe.db.table_exists("Coordination Meeting"):
		return
	rows = frappe.db.sql(
		"""select name, recurrence_rule from `tabCoordination Meeting`
		where recurrence_rule is not null and recurrence_rule != ''""",
		as_dict=True,
	)
	for row in rows:
		try:
			rule = rrule_from_legacy(row.recurrence_rule)
		except ScheduleError:
			continue
		if rule != row.recurrence_rule:
			frappe.db.set_value(
				"Coordination Meeting", row.name, "recurrence_rule", rule, update_modified=False
			)
