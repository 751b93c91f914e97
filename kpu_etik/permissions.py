"""Region scope: a user reaches only records in the subtree of the regions granted to them.

Every scoped doctype stores its region as a Kepmendagri code in a `region` field. Codes are
hierarchical by prefix, so a region's whole subtree is one index range on that column
(`region = '73.22' or region like '73.22.%'`), with no join to the tree. The benchmark in
`kpu_etik/benchmarks/permission_designs.py` compares this with Frappe User Permissions and with a
join on the nested set.
"""

import re
from urllib.parse import unquote

import frappe
from frappe import _

from kpu_etik.core.access import PORTAL_ROLES, ROLES, SCOPED_DOCTYPES, UNRESTRICTED_ROLES, can_grant
from kpu_etik.core.regions import ROOT_CODE, is_within, minimal_cover

# Records about one official: a portal member reaches only their own, not their colleagues'.
PERSONAL_DOCTYPES = {"Kinship Declaration": "official"}
CACHE_KEY = "kpu_etik:user_regions"


def user_regions(user: str | None = None) -> list[str] | None:
	"""The region codes a user reaches (subtrees), or None when the user is not region-scoped."""
	user = user or frappe.session.user
	if user == "Administrator" or UNRESTRICTED_ROLES.intersection(frappe.get_roles(user)):
		return None

	def load():
		codes = frappe.get_all("Region Access", filters={"user": user}, pluck="region")
		return minimal_cover(codes)

	regions = frappe.cache.hget(CACHE_KEY, user, load)
	return None if ROOT_CODE in regions else regions


def clear_user_regions(user: str | None = None):
	if user:
		frappe.cache.hdel(CACHE_KEY, user)
	else:
		frappe.cache.delete_value(CACHE_KEY)
	# A grant undone by a rollback must not stay in the cache either.
	frappe.db.after_rollback.add(
		lambda: frappe.cache.hdel(CACHE_KEY, user) if user else frappe.cache.delete_value(CACHE_KEY)
	)


def subtree_condition(column: str, regions: list[str]) -> str:
	if not regions:
		return "1=0"
	parts = []
	for code in regions:
		parts.append(
			f"({column} = {frappe.db.escape(code)} or {column} like {frappe.db.escape(code + '.%')})"
		)
	return "(" + " or ".join(parts) + ")"


def is_portal_member(user: str | None = None) -> bool:
	"""A PPK or PPS member without any KPU desk role."""
	roles = set(frappe.get_roles(user or frappe.session.user))
	desk_roles = {role for role, (_rank, desk) in ROLES.items() if desk} | UNRESTRICTED_ROLES
	return bool(roles & PORTAL_ROLES) and not roles & desk_roles


def own_officials(user: str) -> list[str]:
	return frappe.get_all("Official", filters={"user": user}, pluck="name")


def get_permission_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	regions = user_regions(user)
	if regions is None:
		return ""
	condition = subtree_condition(f"`tab{doctype}`.`region`", regions)
	if doctype in PERSONAL_DOCTYPES and is_portal_member(user):
		mine = ", ".join(frappe.db.escape(name) for name in own_officials(user)) or "''"
		condition += f" and `tab{doctype}`.`{PERSONAL_DOCTYPES[doctype]}` in ({mine})"
	return condition


def has_permission(doc, ptype: str | None = None, user: str | None = None):
	user = user or frappe.session.user
	regions = user_regions(user)
	if regions is None:
		return None
	if doc.doctype in PERSONAL_DOCTYPES and is_portal_member(user):
		if doc.get(PERSONAL_DOCTYPES[doc.doctype]) not in own_officials(user):
			return False
	if not doc.get("region"):
		# A new record gets its region in validate; validate_region_reach checks it there.
		return None if doc.is_new() else False
	return any(is_within(doc.region, code) for code in regions)


def validate_region_reach(doc, method=None):
	"""Refuse to save a record into a region the user cannot reach (the region is set in validate)."""
	regions = user_regions()
	# Records the app itself writes for everyone (screening results, automatic grants) say so.
	if regions is None or doc.flags.ignore_permissions or frappe.flags.in_install or frappe.flags.in_migrate:
		return
	if not doc.get("region") or not any(is_within(doc.region, code) for code in regions):
		frappe.throw(
			_("You can only work on records of your own region ({0}).").format(", ".join(regions) or "-"),
			frappe.PermissionError,
		)


def assert_can_grant(role: str, region: str, granting_user: str | None = None):
	granting_user = granting_user or frappe.session.user
	if granting_user == "Administrator":
		return
	if not can_grant(frappe.get_roles(granting_user), role):
		frappe.throw(
			_("You cannot grant the role {0}: it is not below your own level.").format(frappe.bold(role)),
			frappe.PermissionError,
		)
	regions = user_regions(granting_user)
	if regions is not None and not any(is_within(region, code) for code in regions):
		frappe.throw(
			_("You can only grant access within your own region."),
			frappe.PermissionError,
		)


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug=False, cache=False) -> int:
	"""frappe.client.get_count counts without permissions in v15; for the region-scoped doctypes
	it would tell anyone whether, say, a NIK is registered anywhere. Count through get_list."""
	from frappe.client import get_count as frappe_get_count
	from frappe.utils import get_safe_filters

	if doctype not in SCOPED_DOCTYPES:
		return frappe_get_count(doctype, filters, debug, cache)
	if not frappe.has_permission(doctype, "read"):
		frappe.throw(_("Not permitted to read {0}").format(_(doctype)), frappe.PermissionError)
	rows = frappe.get_list(
		doctype, filters=get_safe_filters(filters), fields=["count(*) as total"], as_list=True
	)
	return rows[0][0] if rows else 0


QUERY_ARGUMENTS = ("filters", "or_filters", "order_by", "group_by", "sort_by")


def guard_hidden_field_queries():
	"""before_request: Frappe leaves out of list results the fields a user may not read (NIK, No. KK,
	birth date...), but still lets them filter and sort by those fields, which would reveal a NIK
	digit by digit (`nik like '7312%'`). Refuse such queries on this app's doctypes."""
	request = getattr(frappe.local, "request", None)
	if not request or frappe.session.user == "Administrator":
		return
	doctype = None
	if request.path.startswith("/api/resource/"):
		parts = request.path.split("/")
		doctype = unquote(parts[3]) if len(parts) > 3 else None
	elif request.path.startswith("/api/method/"):
		doctype = frappe.form_dict.get("doctype")
	if not isinstance(doctype, str) or not frappe.db.exists(
		"DocType", {"name": doctype, "module": "KPU Etik"}
	):
		return
	query = " ".join(str(frappe.form_dict.get(arg) or "") for arg in QUERY_ARGUMENTS)
	if not query.strip():
		return
	for fieldname in hidden_fields(doctype):
		if re.search(rf"\b{re.escape(fieldname)}\b", query):
			frappe.throw(_("You may not filter or sort by {0}.").format(fieldname), frappe.PermissionError)


def hidden_fields(doctype: str) -> set[str]:
	"""Fields of the doctype, and of its child tables, that the user may not read."""
	meta = frappe.get_meta(doctype)
	hidden = {df.fieldname for df in meta.fields if df.permlevel} - set(meta.get_permitted_fieldnames())
	for table in meta.get_table_fields():
		child = frappe.get_meta(table.options)
		sensitive = {df.fieldname for df in child.fields if df.permlevel}
		if sensitive:
			hidden |= sensitive - set(child.get_permitted_fieldnames(parenttype=doctype))
	return hidden
