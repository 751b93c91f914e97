"""Who lands where: each KPU role on its level's workspace."""

from kpu_etik.core.access import (
	COMPLAINT_INTAKE,
	KABKOTA_LEGAL,
	KABKOTA_OPERATOR,
	KPU_PROVINSI,
	KPU_RI,
	PPK_MEMBER,
	PPS_MEMBER,
	SECRETARIAT,
	check_grant,
	home_workspace,
)
from kpu_etik.core.errors import RuleError


def test_each_kpu_role_lands_on_its_levels_workspace():
	assert home_workspace([KPU_RI]) == "KPU RI"
	assert home_workspace([KPU_PROVINSI]) == "KPU Provinsi"
	for role in (KABKOTA_LEGAL, KABKOTA_OPERATOR, COMPLAINT_INTAKE):
		assert home_workspace([role, "Desk User"]) == "KPU Kabupaten Kota"
	assert home_workspace([SECRETARIAT]) == "KPU Etik"


def test_several_roles_land_on_the_widest_level_and_others_on_frappes_choice():
	assert home_workspace([KABKOTA_LEGAL, KPU_PROVINSI]) == "KPU Provinsi"
	assert home_workspace([KABKOTA_OPERATOR, KPU_RI, KPU_PROVINSI]) == "KPU RI"
	assert home_workspace([PPS_MEMBER]) is None
	assert home_workspace(["System Manager"]) is None
	assert home_workspace([]) is None


# --- who may grant what, where ---------------------------------------------------------------------
PROVINCE = ("prov@kpu.test", [(KPU_PROVINSI, "73")], [KPU_PROVINSI])
OPERATOR = ("op@kpu.test", [(KABKOTA_OPERATOR, "73.22")], [KABKOTA_OPERATOR])


def refused(granter, user, role, region) -> bool:
	try:
		check_grant(*granter, user, role, region)
	except RuleError:
		return True
	return False


def test_nobody_grants_a_role_to_themselves():
	assert refused(PROVINCE, "prov@kpu.test", PPK_MEMBER, "73.22.14")
	assert refused(OPERATOR, "op@kpu.test", PPS_MEMBER, "73.22.14.2001")
	assert refused(("ri@kpu.test", [(KPU_RI, "ID")], [KPU_RI]), "ri@kpu.test", KABKOTA_LEGAL, "73.22")
	assert refused(("it@kpu.test", [], ["System Manager"]), "it@kpu.test", KPU_RI, "ID")
	assert not refused(("Administrator", [], ["System Manager"]), "Administrator", KPU_RI, "ID")


def test_a_granter_administers_roles_below_theirs_within_their_grants_subtree():
	assert not refused(PROVINCE, "other@kpu.test", PPK_MEMBER, "73.22.14")
	assert not refused(PROVINCE, "other@kpu.test", KABKOTA_LEGAL, "73.12")
	assert not refused(OPERATOR, "other@kpu.test", PPS_MEMBER, "73.22.14.2001")
	assert refused(PROVINCE, "other@kpu.test", KABKOTA_LEGAL, "53.71")  # another province
	assert refused(PROVINCE, "other@kpu.test", KPU_PROVINSI, "73")  # not below the granter
	assert refused(OPERATOR, "other@kpu.test", KABKOTA_LEGAL, "73.22")  # the same rank
	assert refused(OPERATOR, "other@kpu.test", PPS_MEMBER, "73.12.01.2006")  # another kabupaten
	assert refused(
		("m@kpu.test", [(PPK_MEMBER, "73.22.14")], [PPK_MEMBER]), "x@kpu.test", PPS_MEMBER, "73.22.14.2001"
	)
	assert refused(PROVINCE, "other@kpu.test", "System Manager", "73")  # not a role of the app


def test_the_rank_counts_only_at_the_region_of_the_grant_that_gives_it():
	# A province user of Sulawesi Selatan who is also an operator in Kota Kupang administers
	# kabupaten roles in Sulawesi Selatan only; in Kupang, only what an operator may grant.
	both = (
		"both@kpu.test",
		[(KPU_PROVINSI, "73"), (KABKOTA_OPERATOR, "53.71")],
		[KPU_PROVINSI, KABKOTA_OPERATOR],
	)
	assert not refused(both, "other@kpu.test", KABKOTA_LEGAL, "73.22")
	assert refused(both, "other@kpu.test", KABKOTA_LEGAL, "53.71")
	assert not refused(both, "other@kpu.test", PPS_MEMBER, "53.71.01.1001")


def test_national_and_system_roles_grant_everywhere():
	assert not refused(("ri@kpu.test", [(KPU_RI, "ID")], [KPU_RI]), "x@kpu.test", KPU_PROVINSI, "35")
	assert not refused(("ri@kpu.test", [], [KPU_RI]), "x@kpu.test", KPU_RI, "ID")  # KPU RI is unrestricted
	assert not refused(("it@kpu.test", [], ["System Manager"]), "x@kpu.test", KPU_RI, "ID")
	assert refused(("nobody@kpu.test", [], []), "x@kpu.test", PPS_MEMBER, "73.22.14.2001")
