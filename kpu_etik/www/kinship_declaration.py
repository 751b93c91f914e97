import frappe
from frappe import _

from kpu_etik.kinship.declarations import declaration_summary, my_officials, rounds_for

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("Please sign in to declare."), frappe.PermissionError)
	context.title = _("My Kinship Declaration")
	context.due = []
	for official in my_officials():
		for round_row in rounds_for(official.region):
			name = frappe.db.get_value(
				"Kinship Declaration", {"official": official.name, "round": round_row.name}
			)
			context.due.append(
				{
					"official": official,
					"round": round_row,
					"declaration": declaration_summary(name) if name else None,
				}
			)
	context.relationships = frappe.get_all(
		"Kinship Relationship", pluck="name", order_by="degree asc, name asc"
	)
	context.roles = [
		o for o in frappe.get_meta("Declared Relative").get_field("relative_role").options.split("\n") if o
	]
	return context
