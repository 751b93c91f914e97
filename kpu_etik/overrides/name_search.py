"""Correction: a name typed in the Desk is looked up in a full-text index, not by scanning the table.

Every Desk route that searches officials by name ends in a LIKE filter on a list query: the link
field's search (``standard_queries`` sends it here, kpu_etik.api.desk.search_officials), the list
view's name filter and the awesome bar's "Find ... in Official" (``full_name like '%andi amir%'``),
and its "andi amir in official" (``name like '%andi amir%'``, which no OFC- name can match).
Frappe turns each into ``like '%...%'``, which MariaDB answers by reading every row: 3.5 s among
five million officials for a KPU RI user.

``take()`` lifts such a filter out of a list query on a doctype of ``COLUMNS`` before Frappe builds
it, and ``add()`` puts back ``match(search_name) against ('+andi* +amir*' in boolean mode)``
(kpu_etik.core.name_search: every typed word starts a word of the name, in any order, in its typed or
canonical spelling). The region scope, field levels and the other filters are Frappe's and the
app's as before: only the one condition changes. A text that is not a name (wildcards inside, digits,
no word of three letters) stays a LIKE. Both run inside list_queries' wrapper of
``DatabaseQuery.prepare_args``; ``check()`` builds a query and proves the index condition is in it.
Checked on Frappe 15.44.2. It guards no personal data: a newer Frappe that bypasses it is slow, not
open, so the app warns and goes on serving.
"""

import frappe

from kpu_etik.core.name_search import full_text_query, words_of_like
from kpu_etik.overrides.base import Correction

# doctype -> (the name field a LIKE filter is read from, the column with the full-text index)
COLUMNS = {"Official": ("full_name", "search_name")}
INDEX = "search_name"


def take(query) -> list[str]:
	"""Remove the name filters of a list query that the index can answer; their SQL conditions."""
	if query.doctype not in COLUMNS:
		return []
	query.parse_args()
	if not isinstance(query.filters, list | tuple):
		return []
	name_field, column = COLUMNS[query.doctype]
	conditions, kept = [], []
	for item in query.filters:
		condition = None
		if isinstance(item, list | tuple) and len(item) in (3, 4):
			doctype, fieldname, operator, value = item if len(item) == 4 else (query.doctype, *item)
			if doctype in (query.doctype, None) and fieldname in (name_field, "name") and operator == "like":
				condition = condition_for(query.doctype, column, value)
		if condition:
			conditions.append(condition)
		else:
			kept.append(item)
	if conditions:
		query.filters = kept
	return conditions


def condition_for(doctype: str, column: str, pattern) -> str | None:
	words = words_of_like(pattern)
	found = full_text_query(words) if words else None
	if not found:
		return None
	boolean, short = found
	field = f"`tab{doctype}`.`{column}`"
	parts = [f"match({field}) against ({frappe.db.escape(boolean)} in boolean mode)"]
	# Words shorter than the index keeps: over the rows the long words found.
	parts += [f"concat(' ', {field}) like {frappe.db.escape(f'% {word}%')}" for word in short]
	return " and ".join(parts)


def add(args, conditions: list[str]):
	"""Put the lifted name conditions back into the built query's arguments."""
	if conditions:
		joined = " and ".join(conditions)
		args.conditions = f"({args.conditions}) and {joined}" if args.conditions else joined
	return args


def check() -> str | None:
	if not frappe.db.has_index("tabOfficial", INDEX):
		return "the full-text index search_name of tabOfficial is missing (run bench migrate)"
	query = frappe.get_list(
		"Official",
		filters=[["full_name", "like", "%andi amir%"]],
		fields=["name"],
		ignore_permissions=True,
		run=0,
	)
	if "against ('+andi* +amir*' in boolean mode)" not in query:
		return "a name filter on Official is no longer answered from the full-text index"
	return None


CORRECTION = Correction(
	name="name_search",
	frappe_does="A name typed in a link field, the list's filter or the awesome bar is a LIKE '%...%' that reads every row",
	app_needs="The name found in a full-text index of its words and their canonical spellings, in the user's scope",
	checked_on=("15.44.2",),
	guards_personal_data=False,
	install=lambda: None,  # made by list_queries' wrapper of DatabaseQuery.prepare_args
	check=check,
)
