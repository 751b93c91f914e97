"""The context of each member page: PPK and PPS members, signed in, often on a phone."""

import frappe
from frappe import _

from kpu_etik.core.inputs import Text
from kpu_etik.inputs import read_form
from kpu_etik.kinship.declarations import declaration_summary, my_officials, rounds_for
from kpu_etik.pages.privacy import notice
from kpu_etik.portal import home
from kpu_etik.supervision.meetings import DEFAULT_CHECKLIST, visitable_bodies


def member_portal(context):
	body = read_form(body=Text("Body")).body
	context.update(home(body=body or None))
	context.title = context.body.body_name if body and context.body else _("Member Portal")
	context.notice = notice("member-portal")


def kinship_declaration(context):
	"""One card per declaration due: each of the member's seats x each open round above it."""
	from frappe.utils import getdate, today

	from kpu_etik.core.kinship import NO_STATEMENT, NO_TIES, RELATIVE_MISSING, missing_for_submission
	from kpu_etik.core.nik import mask_nik
	from kpu_etik.core.portal import declaration_step
	from kpu_etik.kinship.doctype.kinship_declaration.kinship_declaration import EDITABLE_STATES

	context.title = _("My Kinship Declaration")
	context.notice = notice("kinship-declaration")
	officials = my_officials()
	bodies = dict(
		frappe.get_all(
			"Ad Hoc Body",
			filters={"name": ("in", [o.ad_hoc_body for o in officials if o.ad_hoc_body] or [""])},
			fields=["name", "body_name"],
			as_list=True,
		)
	)
	day = getdate(today())
	context.due = []
	for official in officials:
		official.body_name = bodies.get(official.ad_hoc_body) or ""
		for round_row in rounds_for(official.region):
			name = frappe.db.get_value(
				"Kinship Declaration", {"official": official.name, "round": round_row.name}
			)
			declaration = declaration_summary(name) if name else None
			state = declaration["state"] if declaration else None
			deadline = getdate(round_row.deadline) if round_row.deadline else None
			step = declaration_step(state, deadline, day)
			for relative in (declaration or {}).get("relatives", []):
				relative["masked_nik"] = mask_nik(relative.get("relative_nik"))
			context.due.append(
				{
					"official": official,
					"round": round_row,
					"declaration": declaration,
					"editable": state is None or state in EDITABLE_STATES,
					"state": _(step.state),
					"next_step": _(step.next_step),
					"urgent": step.urgent,
					"late": bool(deadline and day > deadline),
					"missing": [_(t).format(*args) for t, args in missing_for_submission(declaration or {})],
				}
			)
	context.relationships = frappe.get_all(
		"Kinship Relationship", pluck="name", order_by="degree asc, name asc"
	)
	context.roles = [
		o for o in frappe.get_meta("Declared Relative").get_field("relative_role").options.split("\n") if o
	]
	# What the page's script says, translated here: the same texts the server sends when it refuses.
	context.messages = {
		"missing": {
			"ties": _(NO_TIES),
			"statement": _(NO_STATEMENT),
			**{field: _(template) for field, template in RELATIVE_MISSING.items()},
		},
		"relative": _("Relative {0}"),
		"nik": _("The NIK of relative {0} must have 16 digits."),
		"before_submitting": _("Before submitting:"),
		"ready": _("Everything needed is filled in. You can submit it to KPU."),
		"saving": _("Saving..."),
		"submitting": _("Submitting..."),
		"saved": _("Saved"),
		"submitted": _("Submitted to KPU. KPU will verify your declaration."),
		"too_large": _("The statement file is larger than 5 MB."),
		"set_aside": _(
			"Your relatives are set aside and will not be sent while this box is ticked. Untick it to list them again."
		),
		"attached": _("A signed statement is attached. Choose a file only to replace it."),
		"states": {s: _(s) for s in ("Draft", "Returned", "Submitted", "Verified", "Announced")},
	}


def supervision_visits(context):
	context.title = _("My Supervision Visits")
	context.bodies = visitable_bodies()
	names = {body.name: body.body_name for body in context.bodies}
	context.visits = frappe.get_list(
		"Supervision Visit",
		filters={"visited_body": ("in", list(names) or [""])},
		fields=["name", "visited_body", "planned_on", "held_on", "visit_state", "reported"],
		order_by="planned_on desc",
		limit_page_length=50,
	)
	for visit in context.visits:
		visit.body_name = names.get(visit.visited_body, visit.visited_body)
	context.checklist = [item for item, _principle in DEFAULT_CHECKLIST]
	context.notice = notice("supervision-visits")
