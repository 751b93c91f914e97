"""Roles per KPU level, which of them are bound to a region, and who may grant what."""

from kpu_etik.core.errors import RuleError

KPU_RI = "KPU RI User"
KPU_PROVINSI = "KPU Provinsi User"
KABKOTA_LEGAL = "KPU Kabkota Legal Officer"
KABKOTA_OPERATOR = "KPU Kabkota Operator"
SECRETARIAT = "KPU Secretariat"
# The one role at a KPU office that sees who filed a complaint (the complainant's identity).
COMPLAINT_INTAKE = "KPU Complaint Intake Officer"
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
	PPK_MEMBER: (3, False),
	PPS_MEMBER: (4, False),
}
PORTAL_ROLES = frozenset(role for role, (_rank, desk) in ROLES.items() if not desk)

# Roles that see every region: no region filter is applied to them.
UNRESTRICTED_ROLES = frozenset({"System Manager", KPU_RI})

# The region levels at which each role can be granted.
GRANT_LEVELS = {
	KPU_RI: ("Nasional",),
	KPU_PROVINSI: ("Provinsi",),
	KABKOTA_LEGAL: ("Kabupaten/Kota",),
	KABKOTA_OPERATOR: ("Kabupaten/Kota",),
	SECRETARIAT: ("Nasional", "Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan"),
	COMPLAINT_INTAKE: ("Nasional", "Provinsi", "Kabupaten/Kota"),
	PPK_MEMBER: ("Kecamatan",),
	PPS_MEMBER: ("Desa/Kelurahan",),
}

# Doctypes whose records carry a `region` and are reached only within the user's regions.
SCOPED_DOCTYPES = (
	"Official",
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
)

# The portal role an ad hoc body's member gets, by body type.
PORTAL_ROLE_FOR_BODY = {"PPK": PPK_MEMBER, "PPS": PPS_MEMBER}


def can_grant(granter_roles, role: str) -> bool:
	"""System Manager grants anything; KPU RI any KPU role; others only roles below their own rank."""
	granter_roles = set(granter_roles)
	if "System Manager" in granter_roles:
		return True
	if role not in ROLES:
		return False
	if KPU_RI in granter_roles:
		return True
	ranks = [ROLES[r][0] for r in granter_roles if r in ROLES and ROLES[r][1]]
	return bool(ranks) and ROLES[role][0] > min(ranks)


def check_grant_level(role: str, region_level: str):
	allowed = GRANT_LEVELS.get(role)
	if allowed and region_level not in allowed:
		raise RuleError(
			"The role {0} is granted at the level {1}, not at {2}", role, " / ".join(allowed), region_level
		)
