"""Personal data in queries and history, without Frappe.

Two questions the Frappe shell asks on every path: which fields does a list query name (in its
filters, sort, grouping and field expressions), so that a query naming a field the user may not read
is refused; and what may a history entry (a Version's diff) keep of a field that is read at a
permission level of its own, so that history never shows a value the form hides.
"""

import re
from collections.abc import Iterable

# What a history entry shows instead of a value kept at a permission level of its own.
MASK = "•••"

# `tabOfficial`.`nik`, tabOfficial.nik, `nik`, nik
_QUALIFIED = re.compile(r"^`?(?:tab(?P<doctype>[^`.]+))?`?\.`?(?P<field>[^`]+)`?$")


class QueryShapeError(ValueError):
	"""A query argument that is not of any shape Frappe's list queries take."""


def split_column(column: str) -> tuple[str | None, str]:
	"""("Official", "nik") for "`tabOfficial`.`nik`"; (None, "nik") for "nik" or "`nik`"."""
	column = column.strip()
	match = _QUALIFIED.match(column) if "." in column else None
	if match:
		return match.group("doctype"), match.group("field")
	return None, column.strip("`")


def filter_columns(filters) -> list[tuple[str | None, str]]:
	"""(doctype or None, fieldname) of every condition in a Frappe filters argument.

	Takes the shapes Frappe's list queries take after JSON decoding: a dict {field: value} or
	{field: [operator, value]}, a list of [field, operator, value] or [doctype, field, operator,
	value], a single such list, or a list of dicts. A raw SQL string among them is reported as
	("", text) so that the caller can refuse it; any other shape raises QueryShapeError.
	"""
	if not filters:
		return []
	if isinstance(filters, dict):
		columns = []
		for key in filters:
			if not isinstance(key, str):
				raise QueryShapeError("The list query's filters, fields or sorting are not in a valid form.")
			columns.append(split_column(key))
		return columns
	if not isinstance(filters, list | tuple):
		raise QueryShapeError("The list query's filters, fields or sorting are not in a valid form.")
	if filters and all(isinstance(part, str | int | float | bool) or part is None for part in filters):
		# one condition given alone: [field, op, value] or [doctype, field, op, value]
		if len(filters) in (2, 3) and isinstance(filters[0], str):
			return [split_column(filters[0])]
		if len(filters) in (4, 5) and isinstance(filters[1], str):
			return [(str(filters[0]), split_column(filters[1])[1])]
		if all(isinstance(part, str) for part in filters):
			return [("", part) for part in filters]
		raise QueryShapeError("The list query's filters, fields or sorting are not in a valid form.")
	columns = []
	for condition in filters:
		if isinstance(condition, str):
			columns.append(("", condition))
		elif isinstance(condition, dict):
			columns.extend(filter_columns(condition))
		elif isinstance(condition, list | tuple) and condition and isinstance(condition[0], str):
			if len(condition) in (2, 3):
				columns.append(split_column(condition[0]))
			elif len(condition) in (4, 5) and isinstance(condition[1], str):
				columns.append((condition[0], split_column(condition[1])[1]))
			else:
				raise QueryShapeError("The list query's filters, fields or sorting are not in a valid form.")
		else:
			raise QueryShapeError("The list query's filters, fields or sorting are not in a valid form.")
	return columns


def _qualified(column) -> tuple[str, str] | None:
	if not isinstance(column, str) or "." not in column:
		return None
	doctype, field = split_column(column)
	return (doctype, field) if doctype else None


def unqualified_filters(filters):
	"""Filters in which each field named with its table ("`tabOfficial`.`nik`", as Frappe's own list
	view sends it) is given as [doctype, fieldname, operator, value], the form every list route
	takes: Frappe v15's reportview.validate_filters fails on the first with an AttributeError, and
	DatabaseQuery quotes it into a column that does not exist. Other filters are returned as they
	came (the same object when nothing is named with its table)."""

	def condition(parts):
		if len(parts) in (2, 3) and (named := _qualified(parts[0])):
			return [*named, *(parts[1:] if len(parts) == 3 else ["=", parts[1]])]
		if len(parts) in (4, 5) and (named := _qualified(parts[1])):
			return [*named, *parts[2:4]]
		return parts

	if isinstance(filters, dict):
		if not any(_qualified(key) for key in filters):
			return filters
		return [
			condition([key, *value] if isinstance(value, list | tuple) and len(value) == 2 else [key, value])
			for key, value in filters.items()
		]
	if not isinstance(filters, list | tuple) or not filters:
		return filters
	if all(isinstance(part, str | int | float | bool) or part is None for part in filters):
		changed = condition(list(filters))  # one condition given alone
		return [changed] if changed != list(filters) else filters
	if not any(isinstance(part, list | tuple) and condition(list(part)) != list(part) for part in filters):
		return filters
	return [condition(list(part)) if isinstance(part, list | tuple) else part for part in filters]


def mentioned(text: str, fieldnames: Iterable[str]) -> set[str]:
	"""The fieldnames that a piece of SQL (a sort, a grouping, a field expression) names as words."""
	if not text:
		return set()
	words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
	return words & set(fieldnames)


def redact_version_data(data: dict, hidden: set[str], hidden_in_table: dict[str, set[str]]) -> dict:
	"""A Version's diff with the values of the hidden fields masked (the change itself stays visible).

	``hidden`` are fields of the document read at a permission level above 0; ``hidden_in_table``
	maps a table field of the document to such fields of its rows. Frappe's diff has "changed"
	([field, old, new]), "added" and "removed" ([table field, row]) and "row_changed" ([table field,
	index, row name, [[field, old, new], ...]]).
	"""
	redacted = dict(data)

	def mask_changes(changes, fields):
		out = []
		for change in changes or []:
			if isinstance(change, list | tuple) and len(change) == 3 and change[0] in fields:
				out.append([change[0], MASK if change[1] not in (None, "") else change[1], MASK])
			else:
				out.append(change)
		return out

	def mask_row(row, fields):
		if not isinstance(row, dict):
			return row
		return {
			key: (MASK if key in fields and value not in (None, "") else value) for key, value in row.items()
		}

	redacted["changed"] = mask_changes(data.get("changed"), hidden)
	for key in ("added", "removed"):
		entries = []
		for entry in data.get(key) or []:
			if isinstance(entry, list | tuple) and len(entry) == 2 and entry[0] in hidden_in_table:
				entries.append([entry[0], mask_row(entry[1], hidden_in_table[entry[0]])])
			else:
				entries.append(entry)
		redacted[key] = entries
	rows = []
	for entry in data.get("row_changed") or []:
		if isinstance(entry, list | tuple) and len(entry) == 4 and entry[0] in hidden_in_table:
			rows.append([entry[0], entry[1], entry[2], mask_changes(entry[3], hidden_in_table[entry[0]])])
		else:
			rows.append(entry)
	redacted["row_changed"] = rows
	return {key: value for key, value in redacted.items() if key in data}


# Identity data whose every full read is logged: who saw whose identity, when, through which route.
IDENTITY_FIELDS = {
	"Official": ("nik", "no_kk"),
	"Election Candidate": ("nik", "no_kk"),
	"Complaint": ("complainant_name", "complainant_nik", "complainant_address", "complainant_contact"),
}


def identity_fields_read(doctype: str, fields) -> list[str]:
	"""The identity fields of a doctype that a list query's final field list returns."""
	wanted = IDENTITY_FIELDS.get(doctype, ())
	return sorted({name for field in fields if isinstance(field, str) for name in mentioned(field, wanted)})
