"""What a PPK or PPS member reaches, on the portal and on every other route: their seats, and the
bodies of those seats and below them (kpu_etik.core.portal.reaches_body). The portal
(kpu_etik/portal.py) and the region scope (kpu_etik/permissions.py) both ask here."""

import frappe
from frappe.utils import getdate, today

from kpu_etik.core.access import PORTAL_ROLE_FOR_BODY
from kpu_etik.core.portal import PORTAL_STATUSES, has_portal_access, reaches_body

MEMBER_LEVELS = tuple(PORTAL_ROLE_FOR_BODY)  # PPK, PPS


def memberships(user: str | None = None) -> list[dict]:
	"""The signed-in user's seats in a PPK or PPS that still give portal access today."""
	user = user or frappe.session.user
	if user in ("Guest", None):
		return []
	rows = query(
		"""select name, full_name, level, position, status, region, ad_hoc_body, oath_date,
			integrity_pact, leaves_on
		from `tabOfficial`
		where user = %(user)s and level in %(levels)s and status in %(statuses)s
		order by creation asc""",
		user=user,
		levels=MEMBER_LEVELS,
		statuses=PORTAL_STATUSES,
	)
	day = getdate(today())
	return [
		row
		for row in rows
		if has_portal_access(row.status, getdate(row.leaves_on) if row.leaves_on else None, day)
	]


def query(sql: str, **values) -> list[dict]:
	"""The portal's reads: fixed SQL with bound values. frappe.get_all would parse every filter and
	field again on each call (with sqlparse), which was most of the home page's server time."""
	return frappe.db.sql(sql, values, as_dict=True)


def member_bodies(user: str | None = None) -> set[str]:
	"""The bodies a portal member reaches through their seats: never the regions' subtrees alone."""
	return bodies_reached([seat.ad_hoc_body for seat in memberships(user) if seat.ad_hoc_body])


def bodies_reached(own_bodies: list[str]) -> set[str]:
	"""The member's bodies and the bodies below them (KPPS -> PPS -> PPK: two levels at most),
	as core.portal.reaches_body decides: read in three index look-ups on `parent_body`."""
	if not own_bodies:
		return set()
	rows = frappe.db.sql(
		"""select name, parent_body from `tabAd Hoc Body` where name in %(own)s
		union select name, parent_body from `tabAd Hoc Body` where parent_body in %(own)s
		union select child.name, child.parent_body from `tabAd Hoc Body` child
			join `tabAd Hoc Body` middle on middle.name = child.parent_body
			where middle.parent_body in %(own)s""",
		{"own": list(own_bodies)},
	)
	parent_of = dict(rows)
	return {name for name in parent_of if reaches_body(own_bodies, name, parent_of)}
