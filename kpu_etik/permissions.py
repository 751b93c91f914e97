"""Region scope: a user reaches only records in the subtree of the regions granted to them.

Every scoped doctype stores its region as a Kepmendagri code in a `region` field. Codes are
hierarchical by prefix, so a region's whole subtree is one index range on that column
(`region like '73.22%'`, `core.regions.subtree_pattern`: exact, since every level's segment has a
fixed width), with no join to the tree. The benchmark in
`benchmarks/permission_designs.py` compares this with Frappe User Permissions and with a
join on the nested set.
"""

import frappe
from frappe import _

from kpu_etik.core.access import (
	ABOUT_A_DOCUMENT,
	ANCESTOR_COLUMN_DOCTYPES,
	ANCESTOR_COLUMNS,
	DESK_ROLES,
	PORTAL_ROLES,
	READ_ONLY_PTYPES,
	SCOPED_DOCTYPES,
	SCOPED_WITH_ANCESTORS,
	UNRESTRICTED_ROLES,
	check_grant,
)
from kpu_etik.core.errors import RuleError
from kpu_etik.core.inputs import Flag, Structured, Text, WholeNumber
from kpu_etik.core.regions import (
	ROOT_CODE,
	ancestors_of,
	is_within,
	level_of,
	minimal_cover,
	subtree_pattern,
)
from kpu_etik.doctypes import app_doctypes
from kpu_etik.inputs import DocumentType, accepts
from kpu_etik.member_reach import member_bodies
from kpu_etik.overrides import refuse_if_unguarded

# Records about one official: a portal member reaches only their own, not their colleagues'.
PERSONAL_DOCTYPES = {"Kinship Declaration": "official"}
# Files of an Official (integrity pact, decrees) are personal too: a portal member reads only their own.
PERSONAL_FILES = {"Official": "user"}
# Records a portal member reaches by body, by the field naming it: their own body and the bodies
# below it (the portal's rule), whatever regions their account was granted.
MEMBER_BODY_FIELDS = {"Ad Hoc Body": "name", "Official": "ad_hoc_body"}

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
	return (
		"("
		+ " or ".join(f"{column} like {frappe.db.escape(subtree_pattern(code))}" for code in regions)
		+ ")"
	)


def within(region: str) -> tuple[str, str]:
	"""A frappe.get_list filter value for a region's subtree: {"region": within("73.22")}."""
	return ("like", subtree_pattern(region))


def is_portal_member(user: str | None = None) -> bool:
	"""A PPK or PPS member without any KPU desk role."""
	roles = set(frappe.get_roles(user or frappe.session.user))
	return bool(roles & PORTAL_ROLES) and not roles & DESK_ROLES


def own_officials(user: str) -> list[str]:
	return frappe.get_all("Official", filters={"user": user}, pluck="name")


def region_condition(column: str, regions: list[str], doctype: str) -> str:
	"""The regions' subtrees; for a doctype that reaches down (a candidate standing for a province
	concerns every kabupaten in it), also the regions above them."""
	if doctype in ANCESTOR_COLUMN_DOCTYPES:
		return ancestor_condition(column, regions)
	condition = subtree_condition(column, regions)
	if doctype in SCOPED_WITH_ANCESTORS:
		above = sorted({code for region in regions for code in ancestors_of(region)})
		escaped = ", ".join(frappe.db.escape(code) for code in above)
		condition = f"({condition} or {column} in ({escaped}) or ifnull({column}, '') = '')"
	return condition


def ancestor_condition(column: str, regions: list[str]) -> str:
	"""The regions' subtrees on a table with ancestor columns: a province or a kabupaten/kota is an
	equality on its own generated column (see kpu_etik.install.ensure_ancestor_columns)."""
	if not regions:
		return "1=0"
	table = column.rsplit(".", 1)[0]
	parts = []
	for code in regions:
		level = level_of(code)
		if level in ANCESTOR_COLUMNS:
			parts.append(f"{table}.`{ANCESTOR_COLUMNS[level][0]}` = {frappe.db.escape(code)}")
		else:
			parts.append(f"{column} like {frappe.db.escape(subtree_pattern(code))}")
	return "(" + " or ".join(parts) + ")"


def get_permission_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	refuse_if_unguarded()
	user = user or frappe.session.user
	regions = user_regions(user)
	if regions is None:
		return ""
	condition = region_condition(f"`tab{doctype}`.`region`", regions, doctype)
	if doctype in PERSONAL_DOCTYPES and is_portal_member(user):
		mine = ", ".join(frappe.db.escape(name) for name in own_officials(user)) or "''"
		condition += f" and `tab{doctype}`.`{PERSONAL_DOCTYPES[doctype]}` in ({mine})"
	if doctype in MEMBER_BODY_FIELDS and is_portal_member(user):
		bodies = ", ".join(frappe.db.escape(name) for name in sorted(member_bodies(user))) or "''"
		condition += f" and `tab{doctype}`.`{MEMBER_BODY_FIELDS[doctype]}` in ({bodies})"
	return condition


def has_permission(doc, ptype: str | None = None, user: str | None = None):
	refuse_if_unguarded()
	user = user or frappe.session.user
	regions = user_regions(user)
	if regions is None:
		return None
	if doc.doctype in PERSONAL_DOCTYPES and is_portal_member(user):
		if doc.get(PERSONAL_DOCTYPES[doc.doctype]) not in own_officials(user):
			return False
	if doc.doctype in MEMBER_BODY_FIELDS and is_portal_member(user):
		if doc.get(MEMBER_BODY_FIELDS[doc.doctype]) not in member_bodies(user):
			return False
	return reaches_region(doc, regions, ptype)


def reaches_region(doc, regions: list[str], ptype: str | None = None) -> bool | None:
	if not doc.get("region"):
		if doc.doctype in SCOPED_WITH_ANCESTORS:
			return True  # a national list
		# A new record gets its region in validate; validate_region_reach checks it there.
		return None if doc.is_new() else False
	if any(is_within(doc.region, code) for code in regions):
		return True
	# A record of a region above the user's: read, never changed, by the regions below it.
	return (
		doc.doctype in SCOPED_WITH_ANCESTORS
		and ptype in READ_ONLY_PTYPES
		and any(is_within(code, doc.region) for code in regions)
	)


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


def assert_can_grant(user: str, role: str, region: str, granting_user: str | None = None):
	"""Every path that gives or takes a role at a region (the Region Access form, REST, the API, a
	member's account linked to their seat) asks core.access.check_grant."""
	granting_user = granting_user or frappe.session.user
	grants = frappe.get_all(
		"Region Access", filters={"user": granting_user}, fields=["role", "region"], as_list=True
	)
	try:
		check_grant(granting_user, grants, frappe.get_roles(granting_user), user, role, region)
	except RuleError as exc:
		frappe.throw(_(exc.template).format(*(frappe.bold(a) for a in exc.args)), frappe.PermissionError)


@frappe.whitelist()
@accepts(
	doctype=DocumentType("Document Type"),
	filters=Structured("Filters", kinds=(dict, list)),
	debug=Flag("Debug"),
	cache=Flag("Cache"),
)
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


# Passwords only the server reads: a signing key is used where it is, never sent to anyone.
SERVER_ONLY_SECRETS = {("KPU Office", "signer_certificate")}


@frappe.whitelist()
@accepts(
	doctype=DocumentType("Document Type"),
	name=Text("Name", required=True),
	fieldname=Text("Field", required=True),
)
def get_password(doctype: str, name: str, fieldname: str):
	"""frappe.client.get_password gives a System Manager any stored password in clear; an office's
	signing certificate is never given back, to anyone (it signs where it is)."""
	from frappe.client import get_password as frappe_get_password

	if (doctype, fieldname) in SERVER_ONLY_SECRETS:
		frappe.throw(_("This secret is never shown: it is used on the server only."), frappe.PermissionError)
	return frappe_get_password(doctype, name, fieldname)


# --- records about documents, and child-table rows ---------------------------------------------------


def readable_condition(doctype: str, user: str) -> str | None:
	"""SQL condition on `tab{doctype}` for the records the user may read; None: none at all."""
	if not frappe.has_permission(doctype, "read", user=user):
		return None
	conditions = [
		c for c in (frappe.call(m, user=user, doctype=doctype) for m in query_condition_methods(doctype)) if c
	]
	return " and ".join(f"({c})" for c in conditions) or "1=1"


def query_condition_methods(doctype: str) -> list[str]:
	return frappe.get_hooks("permission_query_conditions", {}).get(doctype, [])


def about_document_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for Frappe's records about a document (files, comments, history,
	assignments, tags...): such a record about one of this app's documents is listed only when the
	user may read that document.

	Corrects Frappe v15, where File lists every file attached to any doctype the user can read
	(`file.get_permission_query_conditions`), and Tag Link, ToDo, Communication and the rest check
	only their own role permissions. Re-check on an upgrade: the reference fields in ABOUT_A_DOCUMENT.
	"""
	user = user or frappe.session.user
	if user_regions(user) is None:
		return ""
	dt_field, name_field = ABOUT_A_DOCUMENT[doctype]
	table = f"`tab{doctype}`"
	ours = sorted(app_doctypes())
	parts = [f"ifnull({table}.`{dt_field}`, '') not in ({', '.join(frappe.db.escape(d) for d in ours)})"]
	portal = is_portal_member(user)
	for ref in ours:
		meta = frappe.get_meta(ref)
		if meta.istable or meta.issingle:
			continue
		condition = readable_condition(ref, user)
		if condition is None:
			continue
		if doctype == "File" and portal and ref in PERSONAL_FILES:
			condition = f"({condition}) and `tab{ref}`.`{PERSONAL_FILES[ref]}` = {frappe.db.escape(user)}"
		parts.append(
			f"({table}.`{dt_field}` = {frappe.db.escape(ref)} and {table}.`{name_field}` in "
			f"(select `tab{ref}`.name from `tab{ref}` where {condition}))"
		)
	return "(" + " or ".join(parts) + ")"


def about_document_permission(doc, ptype: str | None = None, user: str | None = None):
	"""has_permission for the same records: one about this app's document needs that document's
	permission (and, for a file bound to a field, the right to read that field)."""
	user = user or frappe.session.user
	if user == "Administrator" or doc.is_new():
		return None
	dt_field, name_field = ABOUT_A_DOCUMENT[doc.doctype]
	ref_doctype, ref_name = doc.get(dt_field), doc.get(name_field)
	if not ref_doctype or ref_doctype not in app_doctypes() or not ref_name:
		return None
	if not frappe.db.exists(ref_doctype, ref_name):
		return False
	ref = frappe.get_doc(ref_doctype, ref_name)
	if not ref.has_permission("write" if ptype in ("write", "create", "delete") else "read", user=user):
		return False
	if doc.doctype == "File":
		if (
			ref_doctype in PERSONAL_FILES
			and is_portal_member(user)
			and ref.get(PERSONAL_FILES[ref_doctype]) != user
		):
			return False
		field = doc.get("attached_to_field")
		if field and field not in ref.meta.get_permitted_fieldnames(user=user):
			return False
	return None


def child_row_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for this app's child tables: a row is listed only when its parent
	is. Corrects Frappe v15, where `frappe.client.get_list(child, parent=...)` checks the parent's
	role permission but applies only the child doctype's own conditions (none), so rows of every
	region came back. Re-check on an upgrade: DatabaseQuery.check_read_permission and parent_doctype.
	"""
	user = user or frappe.session.user
	table = f"`tab{doctype}`"
	parts = []
	for parent in parents_of(doctype):
		condition = readable_condition(parent, user)
		if condition is None:
			continue
		if frappe.get_meta(parent).issingle:
			parts.append(f"{table}.parenttype = {frappe.db.escape(parent)}")
			continue
		parts.append(
			f"({table}.parenttype = {frappe.db.escape(parent)} and {table}.parent in "
			f"(select `tab{parent}`.name from `tab{parent}` where {condition}))"
		)
	return "(" + " or ".join(parts) + ")" if parts else "1=0"


def parents_of(child_doctype: str) -> list[str]:
	return sorted(
		set(
			frappe.get_all(
				"DocField", filters={"options": child_doctype, "fieldtype": "Table"}, pluck="parent"
			)
		)
		& app_doctypes()
	)


@frappe.whitelist()
@accepts(
	doctype=DocumentType("Document Type"),
	txt=Text("Search Text", max_length=500),
	query=Text("Query", max_length=500),
	searchfield=Text("Search Field"),
	reference_doctype=Text("Reference Document Type"),
	filters=Structured("Filters", kinds=(dict, list)),
	page_length=WholeNumber("Page Length", low=1, high=500),
	ignore_user_permissions=Flag("Ignore User Permissions"),
)
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters=None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""frappe.desk.search.search_link, with `ignore_user_permissions` dropped for this app's doctypes.

	Corrects Frappe v15, whose search_widget turns `ignore_user_permissions=1` from the client into
	`ignore_permissions=True` for get_list, so a link search skipped region scope and field levels
	(`filter_fields=["nik"]`). This app scopes by region, not by User Permissions, so the flag has no
	other meaning here. Re-check on an upgrade: the `ignore_permissions = ...` line of search_widget.
	"""
	from frappe.desk.search import search_link as frappe_search_link

	if doctype in app_doctypes():
		ignore_user_permissions = False
	return frappe_search_link(
		doctype, txt, query, filters, page_length, searchfield, reference_doctype, ignore_user_permissions
	)


@frappe.whitelist()
@accepts(
	doctype=DocumentType("Document Type"),
	txt=Text("Search Text", max_length=500),
	query=Text("Query", max_length=500),
	searchfield=Text("Search Field"),
)
def search_widget(doctype: str, txt: str, query: str | None = None, searchfield: str | None = None, **kwargs):
	"""frappe.desk.search.search_widget with the same correction as search_link above."""
	import inspect

	from frappe.desk.search import search_widget as frappe_search_widget

	accepted = inspect.signature(frappe_search_widget).parameters
	kwargs = {key: value for key, value in kwargs.items() if key in accepted}
	if doctype in app_doctypes():
		kwargs["ignore_user_permissions"] = False
	return frappe_search_widget(doctype, txt, query, searchfield, **kwargs)
