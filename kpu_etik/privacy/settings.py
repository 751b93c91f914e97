"""The retention periods and the data protection officer, as KPU set them in KPU Etik Settings."""

import frappe

from kpu_etik.core import retention


def periods() -> dict[str, int]:
	"""Months each kind of record keeps its personal data: {kind key: months}."""
	months = {kind.key: kind.default_months for kind in retention.KINDS}
	for row in frappe.get_all(
		"Retention Rule",
		filters={"parenttype": "KPU Etik Settings"},
		fields=["kind", "keep_months"],
	):
		if row.kind in months and row.keep_months is not None:
			months[row.kind] = int(row.keep_months)
	return months


def data_protection_officer() -> frappe._dict:
	"""Who a person writes to about their data (name, email, phone, address; empty when not set)."""
	values = frappe.db.get_value(
		"KPU Etik Settings", None, ["dpo_name", "dpo_email", "dpo_phone", "dpo_address"], as_dict=True
	)
	return frappe._dict(values or {})
