import frappe
from frappe import _
from frappe.model.document import Document

from kpu_etik import rules


class KPUEtikSettings(Document):
	def validate(self):
		seen = set()
		for row in self.composition_rules:
			if row.body_type in seen:
				frappe.throw(
					_("Row {0}: {1} has more than one composition rule.").format(row.idx, row.body_type)
				)
			seen.add(row.body_type)
			if int(row.members or 0) < 1 or not 1 <= int(row.ketua or 0) <= int(row.members or 0):
				frappe.throw(
					_(
						"Row {0}: a {1} needs at least one member and between 1 and all of them as ketua."
					).format(row.idx, row.body_type)
				)
		for code in (self.extra_province_codes or "").replace(",", "\n").splitlines():
			if code.strip() and not (len(code.strip()) == 2 and code.strip().isdecimal()):
				frappe.throw(_("{0} is not a two-digit province code.").format(frappe.bold(code.strip())))

	def on_update(self):
		rules.clear_region_caches()
