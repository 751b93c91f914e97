"""The PPK/PPS member's portal: their home page, the actions it offers, the accounts KPU opens for
a body's members, and the end of a member's access when they leave.

Portal members have no Desk. Everything here reads only what concerns the signed-in member: their
own official record, their body and the bodies below it, meetings they or their body are invited to
and decisions about them. Reads that cross the region scope (a meeting organised at the kabupaten, a
sanction the member has no role to read) are narrowed to the member's own records by the queries
themselves, never by what the browser sends.
"""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from kpu_etik import emails
from kpu_etik.core.access import DESK_ROLES, PORTAL_ROLE_FOR_BODY
from kpu_etik.core.portal import PORTAL_STATUSES, composition_note, declaration_step
from kpu_etik.core.regions import ancestors_of
from kpu_etik.inputs import accepts
from kpu_etik.member_reach import MEMBER_LEVELS, bodies_reached, memberships, query
from kpu_etik.permissions import clear_user_regions

POSITION_ORDER = {"Ketua": 0, "Anggota": 1, "Sekretaris": 2, "Staf": 3}
SANCTION_STATES_SHOWN = ("Approved in Plenary", "In Force", "Ended")
MAX_PACT_BYTES = 5 * 1024 * 1024


# --- who the member is ---------------------------------------------------------------------------
def require_membership() -> list[dict]:
	if frappe.session.user == "Guest":
		frappe.throw(_("Please sign in to use the member portal."), frappe.PermissionError)
	rows = memberships()
	if not rows:
		frappe.throw(
			_(
				"This portal is for PPK and PPS members. Your account is not linked to an active seat; contact your KPU Kabupaten/Kota."
			),
			frappe.PermissionError,
		)
	return rows


def check_body_reach(body: str, own_bodies: list[str]):
	"""Refuse any body that is not the member's own or below it (another PPS of the same kecamatan,
	the PPK above, another kecamatan): the same answer whether or not the body exists."""
	if body not in bodies_reached(own_bodies):
		frappe.throw(_("You can only see your own body and the bodies below it."), frappe.PermissionError)


# --- the home page ---------------------------------------------------------------------------------
@frappe.read_only()  # the member's last write is waited for (replica.connect_replica)
def home(body: str | None = None) -> dict:
	"""Everything the member's home shows; with `body`, the page of a body below theirs."""
	seats = require_membership()
	own_bodies = [seat.ad_hoc_body for seat in seats if seat.ad_hoc_body]
	if body:
		check_body_reach(body, own_bodies)
	shown = body or (own_bodies[0] if own_bodies else None)
	context = frappe._dict(
		seats=seats,
		body=body_summary(shown) if shown else None,
		members=body_members(shown) if shown else [],
		bodies_below=bodies_below(shown) if shown else [],
		is_own_body=not body or body in own_bodies,
	)
	if body and body not in own_bodies:
		return context
	active = [seat for seat in seats if seat.status == "Active"]
	context.update(
		declarations=declarations_due(active),
		meetings=meetings_for(seats),
		visits=visits_to_record(active, context.bodies_below if shown in own_bodies else None),
		decisions=decisions_about([seat.name for seat in seats]),
	)
	return context


def body_summary(body: str) -> dict:
	rows = query(
		"""select name, body_type, body_name, region, status, member_count, required_members,
			ketua_count, needs_replacement, period_start, period_end
		from `tabAd Hoc Body` where name = %(body)s""",
		body=body,
	)
	if not rows:
		return None
	rows[0].note = translated_composition(rows[0])
	return rows[0]


def translated_composition(row) -> dict:
	template, args, complete = composition_note(row.member_count, row.required_members, row.ketua_count)
	return {"text": _(template).format(*args), "complete": complete}


def body_members(body: str) -> list[dict]:
	rows = query(
		"""select full_name, position, status from `tabOfficial`
		where ad_hoc_body = %(body)s and status in %(statuses)s""",
		body=body,
		statuses=PORTAL_STATUSES,
	)
	return sorted(rows, key=lambda r: (POSITION_ORDER.get(r.position, 9), r.full_name))


def bodies_below(body: str) -> list[dict]:
	rows = query(
		"""select name, body_type, body_name, polling_station, status, member_count, required_members,
			ketua_count, needs_replacement
		from `tabAd Hoc Body`
		where parent_body = %(body)s and status != 'Dissolved'
		order by name asc""",
		body=body,
	)
	for row in rows:
		row.note = translated_composition(row)
	return rows


def declarations_due(seats: list[dict]) -> list[dict]:
	"""Each open round set by a KPU office above the seat, with the member's state in it."""
	day = getdate(today())
	due = []
	for seat in seats:
		for row in query(
			"""select r.title, r.deadline, d.workflow_state
			from `tabKinship Declaration Round` r
			left join `tabKinship Declaration` d on d.round = r.name and d.official = %(official)s
			where r.is_open = 1 and r.region in %(regions)s
			order by r.deadline asc""",
			official=seat.name,
			regions=[seat.region, *ancestors_of(seat.region)],
		):
			step = declaration_step(row.workflow_state, getdate(row.deadline) if row.deadline else None, day)
			due.append(
				{
					"round": row.title,
					"deadline": row.deadline,
					"state": _(step.state),
					"next_step": _(step.next_step),
					"urgent": step.urgent,
				}
			)
	return due


def meetings_for(seats: list[dict]) -> list[dict]:
	"""Meetings from a week ago on to which the member, or their body, is invited."""
	officials = [seat.name for seat in seats]
	bodies = [seat.ad_hoc_body for seat in seats if seat.ad_hoc_body]
	rows = frappe.db.sql(
		"""select m.name, m.topic, m.meeting_type, m.starts_on, m.place, m.status,
			max(i.official in %(officials)s and i.confirmed = 1) as confirmed
		from `tabMeeting Invitee` i
		join `tabCoordination Meeting` m on m.name = i.parent
		where i.parenttype = 'Coordination Meeting'
			and (i.official in %(officials)s or i.ad_hoc_body in %(bodies)s)
			and m.starts_on >= %(since)s and m.status != 'Cancelled'
		group by m.name
		order by m.starts_on asc
		limit 20""",
		{"officials": officials or [""], "bodies": bodies or [""], "since": add_days(today(), -7)},
		as_dict=True,
	)
	now = frappe.utils.now_datetime()
	for row in rows:
		row.confirmed = bool(row.confirmed)
		row.can_confirm = row.status == "Planned" and row.starts_on > now
	return rows


def visits_to_record(seats: list[dict], below_own: list[dict] | None = None) -> dict:
	"""The bodies the member supervises and the visits still open (planned, due, held without a
	report, or missed). `below_own`: the bodies below the member's one seat, already read."""
	from kpu_etik.supervision.meetings import visitable_bodies

	if not seats:
		return {"bodies": 0, "open": []}
	bodies = below_own if below_own is not None and len(seats) == 1 else visitable_bodies()
	open_visits = []
	if bodies:
		open_visits = query(
			"""select name, visited_body, planned_on, visit_state from `tabSupervision Visit`
			where visited_body in %(bodies)s and visit_state in ('Planned', 'Due', 'Overdue', 'Missed')
			order by planned_on asc limit 10""",
			bodies=[b.name for b in bodies],
		)
		names = {b.name: b.body_name for b in bodies}
		for visit in open_visits:
			visit.body_name = names.get(visit.visited_body)
			visit.state = _(visit.visit_state)
	return {"bodies": len(bodies), "open": open_visits}


def decisions_about(officials: list[str]) -> list[dict]:
	"""Sanctions decided about the member (not drafts) and rehabilitations of their name. Never the
	complaint behind them: the case file, and who filed it, stay with KPU."""
	if not officials:
		return []
	# Narrowed to the member's own records; members have no role on these doctypes.
	rows = query(
		"""select sanction_type as kind, letter_number, letter_date, effective_from, until, workflow_state
		from `tabSanction`
		where official in %(officials)s and workflow_state in %(states)s
		union all
		select null, letter_number, letter_date, letter_date, null, null
		from `tabRehabilitation`
		where official in %(officials)s and ifnull(letter_number, '') != ''
		order by letter_date desc""",
		officials=officials,
		states=SANCTION_STATES_SHOWN,
	)
	return [
		{
			"kind": _(row.kind) if row.kind else _("Rehabilitation"),
			"letter_number": row.letter_number,
			"letter_date": row.letter_date,
			"effective_from": row.effective_from,
			"until": row.until,
			"state": _(row.workflow_state) if row.workflow_state else None,
		}
		for row in rows
	]


# --- the member's actions --------------------------------------------------------------------------


# --- accounts: invitation and the end of access ----------------------------------------------------
INVITING_ROLES = {"KPU Kabkota Operator", "KPU Kabkota Legal Officer", "KPU RI User", "System Manager"}


def body_to_invite(body: str):
	"""The PPK or PPS whose members an officer invites, after the checks both the preview and the
	invitation make."""
	if not INVITING_ROLES.intersection(frappe.get_roles()):
		frappe.throw(
			_("Only a KPU Kabupaten/Kota officer can invite members to the portal."), frappe.PermissionError
		)
	if not body or not frappe.db.exists("Ad Hoc Body", body):
		frappe.throw(_("Ad Hoc Body {0} does not exist.").format(body or "-"))
	doc = frappe.get_doc("Ad Hoc Body", body)
	doc.check_permission("read")  # within the officer's regions
	if doc.body_type not in PORTAL_ROLE_FOR_BODY:
		frappe.throw(_("Only PPK and PPS members use the portal; KPPS members have no account."))
	if doc.status == "Dissolved":
		frappe.throw(_("{0} has been dissolved; it takes no members.").format(doc.body_name))
	if not emails.can_send():
		frappe.throw(_("Set up an outgoing email account first: the welcome emails could not be sent."))
	return doc


def invitation_plan(body: str) -> dict:
	"""Who inviting ``body``'s members reaches: {"invite": [official rows with `email`], "already":
	[names], "skipped": [{name, reason}]}; the preview shows it and the invitation follows it."""
	plan = {"invite": [], "already": [], "skipped": []}
	for official in frappe.get_all(
		"Official",
		filters={"ad_hoc_body": body, "status": "Active"},
		fields=["name", "full_name", "email", "user"],
		order_by="name",
	):
		if official.user:
			plan["already"].append(official.full_name)
			continue
		official.email = (official.email or "").strip().lower()
		if not official.email or not frappe.utils.validate_email_address(official.email):
			reason = _("no valid email")
		else:
			reason = why_not_invited(official, official.email)
		if reason:
			plan["skipped"].append({"name": official.full_name, "reason": reason})
		else:
			plan["invite"].append(official)
	return plan


@frappe.whitelist(methods=["GET"])
@accepts()
@frappe.read_only()
def preview_body_invitation(body: str) -> dict:
	"""Before the officer confirms: the names who will get an account, who already has one, and who
	cannot be invited and why (no email is shown)."""
	body_to_invite(body)
	plan = invitation_plan(body)
	return {
		"invite": [official.full_name for official in plan["invite"]],
		"already": plan["already"],
		"skipped": plan["skipped"],
	}


@frappe.whitelist(methods=["POST"])
@accepts()
def invite_body_members(body: str) -> dict:
	"""One action for a KPU Kabupaten/Kota officer: every active member of a PPK or PPS with an
	email gets a portal account (Indonesian, the body's portal role at its region, a welcome email
	to set a password). Members without an email, or whose email is a KPU staff account, are listed
	so the officer can follow up."""
	body_to_invite(body)
	plan = invitation_plan(body)
	result = {"invited": [], "already": plan["already"], "skipped": plan["skipped"]}
	for official in plan["invite"]:
		reason = invite_official(official, official.email)
		if reason:
			result["skipped"].append({"name": official.full_name, "reason": reason})
		else:
			result["invited"].append(official.full_name)
	return result


def why_not_invited(official, email: str) -> str | None:
	"""Why ``email`` cannot become the member's portal account, or None."""
	existing = frappe.db.get_value("User", email, ["name", "user_type"], as_dict=True)
	if existing and existing.user_type != "Website User":
		return _("the email belongs to a KPU staff account")
	if existing and frappe.db.exists("Official", {"user": existing.name, "name": ("!=", official.name)}):
		return _("the email is already used by another official")
	return None


def invite_official(official, email: str) -> str | None:
	"""Link (creating when needed) the member's account; a reason when it cannot be done."""
	reason = why_not_invited(official, email)
	if reason:
		return reason
	existing = frappe.db.get_value("User", email, ["name", "user_type", "enabled"], as_dict=True)
	if not existing:
		first, _sep, last = official.full_name.partition(" ")
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first,
				"last_name": last or None,
				"user_type": "Website User",
				"language": "id",
				"send_welcome_email": 1,
			}
		)
		user.flags.ignore_permissions = True
		user.flags.delay_emails = True  # queued, sent by the scheduler, not inside this request
		user.insert()
	elif not existing.enabled:
		user = frappe.get_doc("User", existing.name)
		user.enabled = 1
		user.flags.ignore_permissions = True
		user.save()
		user.flags.delay_emails = True
		user.send_welcome_mail_to_user()
	doc = frappe.get_doc("Official", official.name)
	doc.user = email
	doc.flags.ignore_permissions = True  # the officer may only read officials (legal division)
	doc.save()  # Official.on_update grants the portal role at the body's region
	return None


def end_portal_access(doc, method=None):
	"""Official on_update: a member who leaves their seat (dismissed, term ended, resigned, moved to
	another body or unlinked from the account) loses the portal grant of that seat at once, and an
	account left with nothing is disabled and signed out."""
	previous = doc.get_doc_before_save()
	if not previous or not previous.user or previous.level not in PORTAL_ROLE_FOR_BODY:
		return
	still_seated = (
		doc.status in PORTAL_STATUSES
		and doc.user == previous.user
		and doc.region == previous.region
		and doc.level == previous.level
	)
	if still_seated:
		return
	revoke_member(previous.user, PORTAL_ROLE_FOR_BODY[previous.level], previous.region)


def revoke_member(user: str, role: str, region: str):
	still_holds = frappe.db.exists(
		"Official",
		{"user": user, "level": ("in", MEMBER_LEVELS), "status": ("in", PORTAL_STATUSES), "region": region},
	)
	if not still_holds:
		for name in frappe.get_all(
			"Region Access", filters={"user": user, "role": role, "region": region}, pluck="name"
		):
			grant = frappe.get_doc("Region Access", name)
			grant.flags.ignore_permissions = True
			grant.flags.ignore_grant_check = True
			grant.delete(ignore_permissions=True)
	clear_user_regions(user)
	if frappe.db.exists("Region Access", {"user": user}) or not frappe.db.exists("User", user):
		return
	roles = set(frappe.get_roles(user))
	if roles & DESK_ROLES:
		return
	# Straight to the column: User.save() would refuse on a site whose only System Manager is
	# Administrator, and the member's sessions are ended here in any case.
	frappe.db.set_value("User", user, "enabled", 0)
	frappe.cache.delete_key("enabled_users")
	from frappe.sessions import clear_sessions

	clear_sessions(user, force=True)


def end_memberships():
	"""Daily: members whose leaving date has come leave their seat (and so the portal) that day."""
	for name in frappe.get_all(
		"Official",
		filters={"leaves_on": ("<=", today()), "status": ("in", PORTAL_STATUSES)},
		pluck="name",
	):
		doc = frappe.get_doc("Official", name)
		doc.status = "Resigned"
		doc.status_reason = _("Left on {0}").format(frappe.format(doc.leaves_on, {"fieldtype": "Date"}))
		doc.flags.ignore_permissions = True
		doc.save()
