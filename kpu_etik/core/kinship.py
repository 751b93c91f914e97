"""What a kinship declaration still needs before it goes to KPU.

Framework-free. The Kinship Declaration refuses a submission while this list is not empty, and the
member's page shows the same list beside its submit button, so the page never promises what the
server refuses. Each item is a message template and its arguments; the Frappe layer translates.
"""

# The fields of a declared relative the Declared Relative DocType requires, in the form's order.
RELATIVE_REQUIRED = ("relative_name", "relationship", "relative_role")

NO_TIES = "Tick that you have no family tie, or add a relative."
NO_STATEMENT = "Attach the signed statement (Surat Pernyataan) as a PDF."
RELATIVE_MISSING = {
	"relative_name": "Fill in the name of relative {0}.",
	"relationship": "Choose the relationship of relative {0}.",
	"relative_role": "Choose the role of relative {0}.",
}
MESSAGES = (NO_TIES, *RELATIVE_MISSING.values(), NO_STATEMENT)


def missing_for_submission(declaration) -> list[tuple[str, tuple]]:
	"""What `declaration` lacks before it can be submitted, as (template, arguments), in the form's
	order: its ties (relatives, or no family tie), each relative's required fields, the signed
	statement. `declaration` is anything with `.get` (a Document, a dict); an empty list means ready."""
	missing = []
	relatives = list(declaration.get("relatives") or [])
	if not declaration.get("no_family_tie") and not relatives:
		missing.append((NO_TIES, ()))
	for number, relative in enumerate(relatives, 1):
		for field in RELATIVE_REQUIRED:
			if not str(relative.get(field) or "").strip():
				missing.append((RELATIVE_MISSING[field], (number,)))
	if not declaration.get("statement"):
		missing.append((NO_STATEMENT, ()))
	return missing
