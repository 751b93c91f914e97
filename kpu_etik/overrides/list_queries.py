"""Correction: field levels and bad input on every list route, where Frappe builds the query.

Every list route Frappe v15 serves (`/api/resource`, `/api/v1/resource`, `/api/v2/document`,
`frappe.client.get_list/get_value/get_count`, reportview and its export, group-by and sidebar
counts, link search, reports built on `frappe.get_list`) ends in
`frappe.model.db_query.DatabaseQuery`. Frappe leaves out of the results the fields a user may not
read (permission levels), but still filters, sorts and groups by them, and takes a raw SQL string as
a filter, so a NIK could be read out digit by digit by counting results (`nik like '7312%'`). It also
lets malformed arguments and SQL errors of user-written expressions surface as server errors (500).

`install()` wraps two methods of DatabaseQuery, for queries made with permissions (a user's query;
the app's own reads pass `ignore_permissions` and are untouched):
- `prepare_args`: on this app's doctypes, refuse (403) filters, sorting, grouping and field
  expressions that name a field the user may not read, and raw SQL filters; any query whose
  arguments are not of a shape Frappe takes answers 417 with a clear message instead of a 500.
- `build_and_run`: an SQL error caused by the user's expression (unknown column or function,
  syntax) answers 417; and a list that returns identity data (NIK, complainant) is logged.
- `execute`: reportview's list, count and export hand every request parameter to it, so `sid` (a
  documented way to sign a request) or any unknown parameter was a TypeError (500); dropped.
- `frappe.desk.reportview.parse_json`, `validate_fields` and `validate_filters` (run by frappe.client.get_list and
  reportview.get before the query): malformed JSON, or a field it cannot parse such as `version()`, is a 417,
  not a 500; a filter on a field named with its table (`tabOfficial`.`nik`, as the list view sends it) works.
- `prepare_args` again (`name_search`): a name filter on Official is answered from its full-text index.
- `prepare_args` again (`steer_index`): a region-scoped list of the national tables in modified
  order is kept off Frappe's `modified` index, which MariaDB walks row by row for a province.
- `apply_fieldlevel_read_permissions`: Frappe removes refused fields from the list it is iterating
  over, so with dict results the field after each refused one was returned (for every doctype).

`check()` proves that `frappe.get_list` still builds its query through the wrapped
`DatabaseQuery.prepare_args` (a list query is built, not run, and the wrapper must have seen it) and
that reportview still looks its two helpers up at call time. On Frappe v16, whose `get_list` goes
through `frappe.model.qb_query`, the check fails and the app stops serving its doctypes.
"""

import frappe
from frappe import _
from frappe.model import get_permitted_fields
from frappe.model.db_query import DatabaseQuery

from kpu_etik.core.access import ANCESTOR_COLUMN_DOCTYPES, ANCESTOR_COLUMNS
from kpu_etik.core.privacy import QueryShapeError, filter_columns, mentioned, unqualified_filters
from kpu_etik.overrides import name_search
from kpu_etik.overrides.base import Correction, is_ours, looks_up

# MariaDB errors that a user's own expression causes: unknown column, function, syntax, wrong use.
ORIGINALS: dict = {}

USER_SQL_ERRORS = {1054, 1064, 1111, 1140, 1241, 1247, 1305, 1582, 1583, 1630}


def install():
	if getattr(DatabaseQuery, "_kpu_etik_guarded", False):
		return
	original_prepare_args = DatabaseQuery.prepare_args
	original_build_and_run = DatabaseQuery.build_and_run

	def prepare_args(self):
		frappe.local.kpu_etik_list_guard_seen = True  # for check()
		if self.flags.ignore_permissions:
			names = name_search.take(self)
			return name_search.add(original_prepare_args(self), names)
		try:
			guard(self)
			names = name_search.take(self)
			args = name_search.add(original_prepare_args(self), names)
		except (TypeError, ValueError, AttributeError, KeyError, IndexError, QueryShapeError):
			frappe.throw(
				_("The list query's filters, fields or sorting are not in a valid form."),
				frappe.ValidationError,
			)
		return steer_index(self.doctype, args)

	def build_and_run(self):
		if self.flags.ignore_permissions:
			return original_build_and_run(self)
		try:
			result = original_build_and_run(self)
		except Exception as error:
			code = error.args[0] if error.args and isinstance(error.args[0], int) else None
			if code in USER_SQL_ERRORS:
				frappe.throw(
					_("The list query names a field or function that does not exist."), frappe.ValidationError
				)
			raise
		if result and self.run:
			from kpu_etik.identity_log import log_list_read

			log_list_read(self.doctype, self.fields, len(result))
		return result

	original_apply = DatabaseQuery.apply_fieldlevel_read_permissions

	def apply_fieldlevel_read_permissions(self):
		# Frappe's loop pops a refused field from self.fields while iterating over it (dict results),
		# so the field after each refused one escaped the check: complainant_name after anonymous.
		# Blanking (as it does for list results) keeps the indexes; the blanks are dropped after.
		as_list = self.as_list
		self.as_list = True
		try:
			original_apply(self)
		finally:
			self.as_list = as_list
		if not as_list:
			self.fields = [field for field in self.fields if field is not None]
		else:
			# A list result keeps the refused field's column, blank; Frappe leaves a None there,
			# which reportview's export reads as a field name (AttributeError, a 500).
			self.fields = ["'' as `_hidden`" if field is None else field for field in self.fields]

	import inspect

	from frappe.desk import reportview

	original_execute = DatabaseQuery.execute
	accepted = frozenset(inspect.signature(original_execute).parameters)

	def execute(self, *args, **kwargs):
		# reportview.get, get_count and export pass the whole request on: a `sid` or any other
		# request parameter made it a TypeError (500). They are not query arguments; leave them out.
		return original_execute(self, *args, **{k: v for k, v in kwargs.items() if k in accepted})

	original_validate_fields = reportview.validate_fields

	def validate_fields(data):
		# frappe.client.get_list and reportview.get check the fields before the query is built, and
		# fail with an IndexError (500) on a field such as "version()".
		try:
			return original_validate_fields(data)
		except (TypeError, ValueError, AttributeError, KeyError, IndexError):
			frappe.throw(_("The list query's fields are not in a valid form."), frappe.ValidationError)

	original_validate_filters = reportview.validate_filters

	def validate_filters(data, filters):
		# A field named with its table ("`tabOfficial`.`nik`", which the list view sends) was an
		# AttributeError (500) here: given as [doctype, field, ...], and kept so for the query.
		plain = unqualified_filters(filters)
		if plain is not filters:
			for key in ("filters", "or_filters"):
				if data.get(key) is filters:
					data[key] = plain
		try:
			return original_validate_filters(data, plain)
		except (TypeError, ValueError, AttributeError, KeyError, IndexError):
			frappe.throw(
				_("The list query's filters, fields or sorting are not in a valid form."),
				frappe.ValidationError,
			)

	original_parse_json = reportview.parse_json

	def parse_json(data):
		# Malformed JSON in filters, fields or sorting was a JSONDecodeError (500) on every list route.
		try:
			return original_parse_json(data)
		except ValueError:
			frappe.throw(
				_("The list query's filters, fields or sorting are not in a valid form."),
				frappe.ValidationError,
			)

	# Kept so that benchmarks/query_guard.py can measure the same queries without the guard.
	ORIGINALS.update(
		{
			(DatabaseQuery, "execute"): original_execute,
			(DatabaseQuery, "prepare_args"): original_prepare_args,
			(DatabaseQuery, "build_and_run"): original_build_and_run,
			(DatabaseQuery, "apply_fieldlevel_read_permissions"): original_apply,
			(reportview, "validate_fields"): original_validate_fields,
			(reportview, "validate_filters"): original_validate_filters,
			(reportview, "parse_json"): original_parse_json,
		}
	)
	reportview.validate_fields = validate_fields
	reportview.validate_filters = validate_filters
	reportview.parse_json = parse_json
	DatabaseQuery.execute = execute
	DatabaseQuery.prepare_args = prepare_args
	DatabaseQuery.build_and_run = build_and_run
	DatabaseQuery.apply_fieldlevel_read_permissions = apply_fieldlevel_read_permissions
	for wrapper in (
		execute,
		prepare_args,
		build_and_run,
		apply_fieldlevel_read_permissions,
		validate_fields,
		validate_filters,
		parse_json,
	):
		wrapper._kpu_etik_list_guard = True
	DatabaseQuery._kpu_etik_guarded = True


def wrapped():
	from frappe.desk import reportview

	return (
		(DatabaseQuery, "execute"),
		(DatabaseQuery, "prepare_args"),
		(DatabaseQuery, "build_and_run"),
		(DatabaseQuery, "apply_fieldlevel_read_permissions"),
		(reportview, "validate_fields"),
		(reportview, "validate_filters"),
		(reportview, "parse_json"),
	)


def check() -> str | None:
	from frappe.desk import reportview

	for owner, name in wrapped():
		if not is_ours(getattr(owner, name, None), "_kpu_etik_list_guard"):
			return f"{owner.__name__}.{name} is not the app's wrapper"
	frappe.local.kpu_etik_list_guard_seen = False
	frappe.get_list("DocType", filters={"name": "DocType"}, fields=["name"], ignore_permissions=True, run=0)
	if not frappe.local.kpu_etik_list_guard_seen:
		return "frappe.get_list no longer builds its query with DatabaseQuery.prepare_args"
	if not all(
		looks_up(reportview.validate_args, name, reportview)
		for name in ("validate_fields", "validate_filters", "parse_json")
	):
		return "reportview.validate_args no longer calls validate_fields, validate_filters and parse_json from its module"
	return None


CORRECTION = Correction(
	name="list_queries",
	frappe_does=(
		"List queries filter, sort and group by fields the user may not read, take raw SQL as filters,"
		" return the field after each refused one (dict results), and answer malformed arguments and"
		" SQL errors of the user's own expression with a 500"
	),
	app_needs=(
		"403 for a field the user may not read, 417 with a translated message for a malformed query,"
		" refused fields dropped, identity reads logged"
	),
	checked_on=("15.44.2",),
	guards_personal_data=True,
	install=install,
	check=check,
)


def steer_index(doctype: str, args):
	"""A region-scoped list in modified order reads the region's own (column, modified) index.

	MariaDB 10.11 orders ``where region_province = '73' order by modified desc limit 20`` by walking
	Frappe's ``modified`` index and skipping the rows of other regions, because it assumes a
	province's rows are spread evenly over time. After a national import they are not (they share
	a few timestamps, in region order), and the first page of a province took 1.6 s instead of 4 ms
	(benchmarks/national_screens.py). With the ``modified`` index out of the plan it takes the
	ancestor index, which holds the region's rows already in that order. Lists without a region
	condition (KPU RI) keep the ``modified`` index. Re-check on a Frappe or MariaDB upgrade:
	``args.tables`` still names the table first, ``args.order_by`` still holds " order by " and the field."""
	if doctype not in ANCESTOR_COLUMN_DOCTYPES:
		return args
	table = f"`tab{doctype}`"
	order_by = str(args.get("order_by") or "").strip().removeprefix("order by ").lstrip()
	if not order_by.startswith((f"{table}.`modified`", "modified ", f"{table}.modified ")):
		return args
	conditions = str(args.get("conditions") or "")
	if not any(f"{table}.`{column}` = " in conditions for column, _length in ANCESTOR_COLUMNS.values()):
		return args
	if str(args.get("tables") or "").startswith(table) and "index (" not in args.tables:
		args.tables = f"{table} ignore index (modified)" + args.tables[len(table) :]
	return args


def guard(query: DatabaseQuery):
	"""Refuse a user's query on this app's doctypes that names a field the user may not read."""
	from kpu_etik.doctypes import app_doctypes

	if query.doctype not in app_doctypes():
		return
	query.parse_args()
	# a field named with its table, as [doctype, field, ...]: Frappe would quote it into no column
	query.filters = unqualified_filters(query.filters)
	query.or_filters = unqualified_filters(query.or_filters)
	if query.user == "Administrator":
		return
	hidden = hidden_fields(query.doctype, query.parent_doctype)
	for doctype, fieldname in filter_columns(query.filters) + filter_columns(query.or_filters):
		if doctype == "":
			frappe.throw(_("A filter must name a field, an operator and a value."), frappe.ValidationError)
		if doctype and doctype != query.doctype:
			refused = hidden_fields(doctype, query.doctype) if doctype in app_doctypes() else set()
		else:
			refused = hidden
		if fieldname in refused:
			refuse(query.doctype, fieldname)
	for text in (query.order_by, query.group_by):
		if text and not isinstance(text, str):
			raise QueryShapeError("The list query's filters, fields or sorting are not in a valid form.")
		for fieldname in mentioned(text or "", hidden):
			refuse(query.doctype, fieldname)
	for field in query.fields:
		if not isinstance(field, str):
			raise QueryShapeError("The list query's filters, fields or sorting are not in a valid form.")
		if "(" in field or " " in field.strip():
			for fieldname in mentioned(field, hidden):
				refuse(query.doctype, fieldname)


def refuse(doctype: str, fieldname: str):
	meta = frappe.get_meta(doctype)
	label = meta.get_label(fieldname) if meta.has_field(fieldname) else fieldname
	frappe.throw(_("You may not filter, sort or compute by {0}.").format(_(label)), frappe.PermissionError)


def hidden_fields(doctype: str, parenttype: str | None = None) -> set[str]:
	"""Fields of the doctype, and of its child tables, that the user may not read."""
	meta = frappe.get_meta(doctype)
	if meta.istable and not parenttype:
		return {df.fieldname for df in meta.fields if df.permlevel}
	hidden = {df.fieldname for df in meta.fields if df.permlevel} - set(
		get_permitted_fields(doctype, parenttype=parenttype if meta.istable else None)
	)
	if not meta.istable:
		for table in meta.get_table_fields():
			child = frappe.get_meta(table.options)
			sensitive = {df.fieldname for df in child.fields if df.permlevel}
			if sensitive:
				hidden |= sensitive - set(get_permitted_fields(table.options, parenttype=doctype))
	return hidden
