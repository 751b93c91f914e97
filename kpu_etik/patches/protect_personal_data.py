import frappe


def execute():
	"""History and side records of sites made before personal data was protected on every path."""
	from kpu_etik.history import redact_existing_versions

	redact_existing_versions()
	# Names of complainants typed into hearing summonses: the identity stays on the complaint only.
	frappe.db.sql("update `tabHearing Summons` set person_name = null where party_type = 'Complainant'")
	# Candidate lists imported before imports had a region were national.
	frappe.db.sql("update `tabCandidate List Import` set region = 'ID' where ifnull(region, '') = ''")
