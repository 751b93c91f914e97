"""Bulk load of the Kepmendagri region table (wilayah.csv format) into the Region tree.

The whole file is validated first (every malformed row reported with its line number), the nested
set is computed in memory, and all rows are upserted in one transaction: a bad file loads nothing,
and loading the same file again changes nothing but the timestamps.
"""

import frappe
from frappe.utils import now

from kpu_etik import rules
from kpu_etik.core.regions import ROOT_CODE, ROOT_LEVEL, ROOT_NAME, nested_set, parent_of, read_wilayah

CHUNK = 5000
COLUMNS = ("name", "code", "region_name", "level", "parent_region", "lft", "rgt", "is_group")


def load_regions(path, progress=None) -> dict:
	"""Load or refresh regions from a wilayah.csv-format file; returns counts.

	`progress(done, total)` is called after each chunk (the bench command draws a bar with it).
	"""
	stored = {
		row.name: row
		for row in frappe.db.sql(
			"select name, region_name, level, parent_region, lft, rgt, is_group from `tabRegion`",
			as_dict=True,
		)
	}
	rows = read_wilayah(path, existing_codes=set(stored) | {ROOT_CODE})

	# Everything stored stays (other records may link to it); the file adds or renames.
	nodes = {code: (r.region_name, r.level, r.parent_region or None) for code, r in stored.items()}
	nodes[ROOT_CODE] = (ROOT_NAME, ROOT_LEVEL, None)
	created = 0
	for row in rows:
		if row.code not in nodes:
			created += 1
		nodes[row.code] = (row.name, row.level, parent_of(row.code))
	numbers = nested_set({code: node[2] for code, node in nodes.items()})
	has_children = {node[2] for node in nodes.values() if node[2]}

	timestamp = now()
	user = frappe.session.user
	values = [
		(
			code,
			code,
			name,
			level,
			parent,
			*numbers[code],
			int(code in has_children or level != "Desa/Kelurahan"),
		)
		for code, (name, level, parent) in sorted(nodes.items())
	]
	# Only new and changed regions are written: a reload of the same file touches nothing, so the
	# regions' `modified` (and every cache keyed on it) stays as it was.
	values = [row for row in values if _stored_row(stored.get(row[0])) != row]
	placeholders = "(" + ", ".join(["%s"] * (len(COLUMNS) + 4)) + ")"
	sql_columns = ", ".join(f"`{c}`" for c in (*COLUMNS, "creation", "modified", "owner", "modified_by"))
	updates = ", ".join(
		f"`{c}`=values(`{c}`)" for c in ("region_name", "level", "parent_region", "lft", "rgt", "is_group")
	)
	try:
		for start in range(0, len(values), CHUNK):
			chunk = values[start : start + CHUNK]
			params = [v for row in chunk for v in (*row, timestamp, timestamp, user, user)]
			frappe.db.sql(
				f"insert into `tabRegion` ({sql_columns}) values {', '.join([placeholders] * len(chunk))} "
				f"on duplicate key update {updates}, `modified`=values(`modified`)",
				params,
			)
			if progress:
				progress(min(start + CHUNK, len(values)), len(values))
		frappe.db.commit()
	except Exception:
		frappe.db.rollback()
		raise
	rules.clear_region_caches()
	frappe.clear_document_cache("Region")
	return {
		"rows_in_file": len(rows),
		"created": created,
		"written": len(values),
		"total_regions": len(nodes),
	}


def _stored_row(row) -> tuple | None:
	"""A stored region in the shape of the values written, to compare with them."""
	if row is None:
		return None
	return (
		row.name,
		row.name,
		row.region_name,
		row.level,
		row.parent_region or None,
		row.lft,
		row.rgt,
		int(row.is_group),
	)
