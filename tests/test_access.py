"""Who lands where: each KPU role on its level's workspace."""

from kpu_etik.core.access import (
	COMPLAINT_INTAKE,
	KABKOTA_LEGAL,
	KABKOTA_OPERATOR,
	KPU_PROVINSI,
	KPU_RI,
	PPS_MEMBER,
	SECRETARIAT,
	home_workspace,
)


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
