"""Roles per KPU level, which of them are bound to a region, and who may grant what."""

from kpu_etik.core.errors import RuleError
from kpu_etik.core.regions import ROOT_CODE, is_within

KPU_RI = "KPU RI User"
KPU_PROVINSI = "KPU Provinsi User"
KABKOTA_LEGAL = "KPU Kabkota Legal Officer"
KABKOTA_OPERATOR = "KPU Kabkota Operator"
SECRETARIAT = "KPU Secretariat"
# The one role at a KPU office that sees who filed a complaint (the complainant's identity).
COMPLAINT_INTAKE = "KPU Complaint Intake Officer"
# Roles that read a complainant's identity: two-factor login can be required of them.
IDENTITY_ROLES = (COMPLAINT_INTAKE,)
# Oversees personal data across its regions (UU 27/2022): the access log, retention runs, requests and
# breaches, and no identity data of its own.
DATA_PROTECTION = "Data Protection Officer"
PPK_MEMBER = "PPK Member"
PPS_MEMBER = "PPS Member"

# role -> (rank: 0 is the national level, desk access)
ROLES = {
	KPU_RI: (0, True),
	KPU_PROVINSI: (1, True),
	KABKOTA_LEGAL: (2, True),
	KABKOTA_OPERATOR: (2, True),
	SECRETARIAT: (2, True),
	COMPLAINT_INTAKE: (2, True),
	DATA_PROTECTION: (1, True),
	PPK_MEMBER: (3, False),
	PPS_MEMBER: (4, False),
}
PORTAL_ROLES = frozenset(role for role, (_rank, desk) in ROLES.items() if not desk)

# Roles that see every region: no region filter is applied to them.
UNRESTRICTED_ROLES = frozenset({"System Manager", KPU_RI})
# The roles that work in the Desk; anyone with one of them is staff, not a portal member.
DESK_ROLES = frozenset(role for role, (_rank, desk) in ROLES.items() if desk) | UNRESTRICTED_ROLES

# The workspace each KPU role lands on after signing in: its level's. A user with several roles lands
# on the widest level's. The secretariat works across processes: the app's general workspace.
HOME_WORKSPACE = {
	KPU_RI: "KPU RI",
	KPU_PROVINSI: "KPU Provinsi",
	KABKOTA_LEGAL: "KPU Kabupaten Kota",
	KABKOTA_OPERATOR: "KPU Kabupaten Kota",
	COMPLAINT_INTAKE: "KPU Kabupaten Kota",
	SECRETARIAT: "KPU Etik",
	DATA_PROTECTION: "Personal Data",
}


def home_workspace(roles) -> str | None:
	"""The workspace a user with ``roles`` lands on, or None (Frappe's own choice)."""
	ranked = sorted((ROLES[role][0], role) for role in roles if role in HOME_WORKSPACE)
	return HOME_WORKSPACE[ranked[0][1]] if ranked else None


# The region levels at which each role can be granted.
GRANT_LEVELS = {
	KPU_RI: ("Nasional",),
	KPU_PROVINSI: ("Provinsi",),
	KABKOTA_LEGAL: ("Kabupaten/Kota",),
	KABKOTA_OPERATOR: ("Kabupaten/Kota",),
	SECRETARIAT: ("Nasional", "Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan"),
	COMPLAINT_INTAKE: ("Nasional", "Provinsi", "Kabupaten/Kota"),
	DATA_PROTECTION: ("Nasional", "Provinsi"),
	PPK_MEMBER: ("Kecamatan",),
	PPS_MEMBER: ("Desa/Kelurahan",),
}

# Doctypes whose records carry a `region` and are reached only within the user's regions.
SCOPED_DOCTYPES = (
	"Official",
	"Official Import",
	"Ad Hoc Body",
	"Polling Station",
	"Region Access",
	"Kinship Declaration",
	"Kinship Declaration Round",
	"Conflict Review Item",
	"Complaint",
	"Complaint Hearing",
	"Complaint Log Entry",
	"Sanction",
	"Rehabilitation",
	"Coordination Meeting",
	"Supervision Visit",
	"Compliance Report Settings",
	"Compliance Report",
	"Election Candidate",
	"Candidate List Import",
	"Identity Access Log",
	"KPU Office",
	"Retention Hold",
	"Data Subject Request",
	"Data Breach",
)
# Scoped doctypes of national size (millions of rows), whose province and kabupaten/kota are also
# columns of their own (generated from `region`, indexed with `modified` and `status`): a province's
# or a kabupaten's records are then an equality, one index range in the list's own order.
# Each with the fields its lists filter and count by, indexed after the ancestor column.
ANCESTOR_COLUMN_DOCTYPES = {
	"Official": ("status",),
	"Ad Hoc Body": ("status", "body_type"),
	"Polling Station": (),
}
# The fields a KPU RI user filters the national lists by (no region condition there): each indexed
# with `modified` after it, so a filtered first page or a filtered count is an index range
# (kpu_etik.install.ensure_ancestor_columns). Without it, "status = Suspended" walked all five million
# rows of the modified index looking for twenty.
NATION_LIST_FILTERS = {"Official": ("status", "level", "position"), "Ad Hoc Body": ("status", "body_type")}
# The generated column of each level, and the length of a code at that level ("73", "73.22").
ANCESTOR_COLUMNS = {"Provinsi": ("region_province", 2), "Kabupaten/Kota": ("region_regency", 5)}

# Scoped doctypes whose records also concern the regions below theirs: a candidate standing in a
# province's electoral district (or nationally, with no region) is seen by that province's kabupaten,
# and so is a declaration round opened by the province for every kabupaten in it. Seen, not changed:
# the regions below only read such a record (READ_ONLY_PTYPES).
SCOPED_WITH_ANCESTORS = frozenset({"Election Candidate", "Kinship Declaration Round"})
READ_ONLY_PTYPES = frozenset({None, "read", "select", "print", "report", "export", "email"})

# The app's child tables: their rows are reached only through a parent the user reaches.
CHILD_DOCTYPES = (
	"Body Composition Rule",
	"Complaint Article",
	"Complaint Evidence",
	"Complaint Examiner",
	"Complaint Respondent",
	"Data Breach Record",
	"Declared Relative",
	"Hearing Summons",
	"Meeting Follow Up",
	"Meeting Invitee",
	"Official Status Change",
	"Report Recipient Role",
	"Retention Rule",
	"Retention Run Count",
	"Visit Checklist Item",
)

# Frappe's own doctypes whose records are about another document, by the fields that name it.
# A record about one of this app's documents is visible only to a user who may read that document.
ABOUT_A_DOCUMENT = {
	"File": ("attached_to_doctype", "attached_to_name"),
	"Comment": ("reference_doctype", "reference_name"),
	"Communication": ("reference_doctype", "reference_name"),
	"Version": ("ref_doctype", "docname"),
	"ToDo": ("reference_type", "reference_name"),
	"Tag Link": ("document_type", "document_name"),
	"Document Follow": ("ref_doctype", "ref_docname"),
	"Notification Log": ("document_type", "document_name"),
	"Activity Log": ("reference_doctype", "reference_name"),
	"Access Log": ("export_from", "reference_document"),
	"Email Queue": ("reference_doctype", "reference_name"),
	"Deleted Document": ("deleted_doctype", "deleted_name"),
	"DocShare": ("share_doctype", "share_name"),
	"View Log": ("reference_doctype", "reference_name"),
	"Energy Point Log": ("reference_doctype", "reference_name"),
	"Workflow Action": ("reference_doctype", "reference_name"),
}

# The portal role an ad hoc body's member gets, by body type.
PORTAL_ROLE_FOR_BODY = {"PPK": PPK_MEMBER, "PPS": PPS_MEMBER}


def check_grant(granter: str, granter_grants, granter_roles, user: str, role: str, region: str) -> None:
	"""Raise RuleError unless `granter` may give (or take) `role` at `region` to `user`.

	Nobody grants to themselves (Administrator excepted). System Manager grants anything; any other
	granter needs a KPU desk role ranked above `role`, held at a region whose subtree holds
	`region` (a rank held in another province gives nothing here). KPU RI is national and grants
	every KPU role. `granter_grants` are the granter's (role, region) pairs, `granter_roles` their roles.
	"""
	if granter == "Administrator":
		return
	if user == granter:
		raise RuleError(
			"Nobody can grant a role to themselves or take one of their own: ask an officer above you."
		)
	roles = set(granter_roles)
	if "System Manager" in roles:
		return
	if role not in ROLES:
		raise RuleError("You cannot grant the role {0}: it is not below your own level.", role)
	grants = [(r, code) for r, code in granter_grants if r in roles and r in ROLES and ROLES[r][1]]
	if KPU_RI in roles:
		grants.append((KPU_RI, ROOT_CODE))
	above = [code for r, code in grants if r == KPU_RI or ROLES[r][0] < ROLES[role][0]]
	if not above:
		raise RuleError("You cannot grant the role {0}: it is not below your own level.", role)
	if not any(is_within(region, code) for code in above):
		raise RuleError(
			"You can only grant the role {0} within a region where you hold a role above it.", role
		)


def check_grant_level(role: str, region_level: str):
	allowed = GRANT_LEVELS.get(role)
	if allowed and region_level not in allowed:
		raise RuleError(
			"The role {0} is granted at the level {1}, not at {2}", role, " / ".join(allowed), region_level
		)
