"""Ad hoc bodies: placement, composition, and where officials may sit."""

import pytest

from kpu_etik.core.bodies import (
	BODY_TYPES,
	DEFAULT_COMPOSITION,
	OFFICIAL_LEVELS,
	PARENT_BODY_TYPE,
	POSITIONS,
	REGION_LEVEL_FOR_BODY,
	BodyRuleError,
	CompositionRule,
	check_body_placement,
	check_member_fits,
	check_official_placement,
	composition_problems,
)
from kpu_etik.core.errors import RuleError, RuleWarning
from kpu_etik.core.regions import RegionCodeError

KEC = "Kecamatan"
DESA = "Desa/Kelurahan"


def test_constants():
	assert BODY_TYPES == ("PPK", "PPS", "KPPS")
	assert REGION_LEVEL_FOR_BODY == {"PPK": KEC, "PPS": DESA, "KPPS": DESA}
	assert PARENT_BODY_TYPE == {"PPK": None, "PPS": "PPK", "KPPS": "PPS"}
	assert {t: r.members for t, r in DEFAULT_COMPOSITION.items()} == {"PPK": 5, "PPS": 3, "KPPS": 7}
	assert all(r.ketua == 1 and r.body_type == t for t, r in DEFAULT_COMPOSITION.items())


# Placement


@pytest.mark.parametrize(
	"args",
	[
		("PPK", "73.22.14", KEC, None, None),
		("PPS", "73.22.14.2001", DESA, "PPK", "73.22.14"),
		("KPPS", "73.22.14.2001", DESA, "PPS", "73.22.14.2001"),
	],
)
def test_valid_placements(args):
	assert check_body_placement(*args) is None


@pytest.mark.parametrize(
	"args,message",
	[
		(("PPD", "73.22.14", KEC, None, None), "Unknown body type PPD; expected PPK, PPS or KPPS"),
		(("PPS", "73.22.14", KEC, "PPK", "73.22"), "A PPS sits on a Desa/Kelurahan, not on a Kecamatan"),
		(
			("PPK", "73.22", "Kabupaten/Kota", None, None),
			"A PPK sits on a Kecamatan, not on a Kabupaten/Kota",
		),
		(("KPPS", "73.22.14", KEC, "PPS", "73.22.14"), "A KPPS sits on a Desa/Kelurahan, not on a Kecamatan"),
		(
			("PPK", "73.22.14.2001", KEC, None, None),
			"Region 73.22.14.2001 is a Desa/Kelurahan, not a Kecamatan",
		),
		(("PPK", "73.22.14", KEC, "PPK", "73.22.14"), "A PPK has no parent body"),
		(("PPK", "73.22.14", KEC, None, "73.22"), "A PPK has no parent body"),
		(("PPS", "73.22.14.2001", DESA, None, None), "A PPS must belong to a PPK"),
		(("KPPS", "73.22.14.2001", DESA, None, None), "A KPPS must belong to a PPS"),
		(("PPS", "73.22.14.2001", DESA, "PPS", "73.22.14.2001"), "A PPS belongs to a PPK, not to a PPS"),
		(("KPPS", "73.22.14.2001", DESA, "PPK", "73.22.14"), "A KPPS belongs to a PPS, not to a PPK"),
		(("PPS", "73.22.14.2001", DESA, "PPK", None), "The parent PPK of this PPS has no region"),
		(
			("PPS", "73.22.14.2001", DESA, "PPK", "73.22.10"),
			(
				"The PPS of 73.22.14.2001 cannot belong to the PPK of 73.22.10: the desa/kelurahan is not in "
				"that kecamatan"
			),
		),
		(
			("KPPS", "73.22.14.2001", DESA, "PPS", "73.22.14.2002"),
			"A KPPS sits in the desa/kelurahan of its PPS (73.22.14.2002), not in 73.22.14.2001",
		),
	],
)
def test_invalid_placements(args, message):
	with pytest.raises(BodyRuleError) as exc:
		check_body_placement(*args)
	assert isinstance(exc.value, RuleError)
	assert str(exc.value) == message


def test_placement_with_malformed_code():
	with pytest.raises(RegionCodeError):
		check_body_placement("PPK", "73.22.1", KEC, None, None)


# Composition


def test_member_fits_until_full():
	rule = DEFAULT_COMPOSITION["PPK"]
	members = []
	for position in ["Ketua", "Anggota", "Anggota", "Anggota", "Anggota"]:
		check_member_fits(rule, members, position)
		members.append(position)
	with pytest.raises(BodyRuleError) as exc:
		check_member_fits(rule, members, "Anggota")
	assert str(exc.value) == "A PPK has at most 5 members (Ketua and Anggota); this PPK already has 5"
	# Secretariat staff do not count.
	check_member_fits(rule, [*members, "Sekretaris", "Staf"], "Staf")


def test_second_ketua_refused():
	rule = DEFAULT_COMPOSITION["KPPS"]
	with pytest.raises(BodyRuleError) as exc:
		check_member_fits(rule, ["Ketua", "Anggota"], "Ketua")
	assert str(exc.value) == "A KPPS has 1 Ketua; this KPPS already has 1"
	check_member_fits(rule, ["Anggota", "Anggota"], "Ketua")


def test_secretariat_positions_do_not_fill_a_body():
	rule = DEFAULT_COMPOSITION["PPS"]
	check_member_fits(rule, ["Ketua", "Anggota", "Staf", "Staf", "Sekretaris"], "Anggota")
	with pytest.raises(BodyRuleError, match="at most 3"):
		check_member_fits(rule, ["Ketua", "Anggota", "Anggota", "Staf"], "Anggota")


def test_unknown_position():
	with pytest.raises(BodyRuleError, match="Unknown position Bendahara"):
		check_member_fits(DEFAULT_COMPOSITION["PPS"], [], "Bendahara")


def test_composition_problems():
	rule = DEFAULT_COMPOSITION["PPS"]
	assert composition_problems(rule, ["Ketua", "Anggota", "Anggota", "Sekretaris"]) == []
	problems = composition_problems(rule, ["Anggota", "Anggota"])
	assert all(isinstance(p, RuleWarning) for p in problems)
	assert [str(p) for p in problems] == [
		"A PPS needs 3 members (Ketua and Anggota), but has 2",
		"A PPS needs 1 Ketua, but has 0",
	]
	problems = composition_problems(rule, ["Ketua", "Ketua", "Anggota"])
	assert [str(p) for p in problems] == ["A PPS needs 1 Ketua, but has 2"]
	problems = composition_problems(rule, ["Ketua", "Anggota", "Anggota", "Bendahara"])
	assert [str(p) for p in problems] == ["Unknown positions: Bendahara"]


def test_custom_rule():
	rule = CompositionRule("KPPS", 9)
	check_member_fits(rule, ["Anggota"] * 8, "Ketua")
	assert composition_problems(rule, ["Ketua"] + ["Anggota"] * 8) == []
	with pytest.raises(BodyRuleError):
		CompositionRule("KPPS", 0)
	with pytest.raises(BodyRuleError):
		CompositionRule("KPPS", 3, ketua=4)
	with pytest.raises(BodyRuleError, match="Unknown body type"):
		CompositionRule("DKPP", 5)


# Officials


@pytest.mark.parametrize(
	"args",
	[
		("PPK", "Ketua", "PPK", None),
		("PPS", "Anggota", "PPS", None),
		("KPPS", "Ketua", "KPPS", None),
		("KPU RI", "Ketua", None, None),
		("KPU RI", "Anggota", None, "Nasional"),
		("KPU Provinsi", "Anggota", None, "Provinsi"),
		("KPU Kabupaten/Kota", "Ketua", None, "Kabupaten/Kota"),
		("Sekretariat", "Sekretaris", "PPK", None),
		("Sekretariat", "Staf", "PPS", None),
		("Sekretariat", "Sekretaris", None, "Nasional"),
		("Sekretariat", "Staf", None, "Provinsi"),
		("Sekretariat", "Staf", None, "Kabupaten/Kota"),
	],
)
def test_valid_officials(args):
	assert check_official_placement(*args) is None


@pytest.mark.parametrize(
	"args,fragment",
	[
		(("DKPP", "Ketua", None, None), "Unknown official level DKPP"),
		(("PPK", "Bendahara", "PPK", None), "Unknown position Bendahara"),
		(("PPK", "Ketua", "PPK", "Kecamatan"), "either to a body or to an office region, not to both"),
		(("PPK", "Ketua", "PPD", None), "Unknown body type PPD"),
		(("PPK", "Sekretaris", "PPK", None), "A PPK member is Ketua or Anggota, not Sekretaris"),
		(("PPS", "Ketua", None, None), "A PPS member must belong to a PPS"),
		(("KPPS", "Anggota", None, "Desa/Kelurahan"), "A KPPS member must belong to a KPPS"),
		(("KPPS", "Anggota", "PPS", None), "A KPPS member must belong to a KPPS, not to a PPS"),
		(("KPU RI", "Staf", None, None), "A KPU RI commissioner is Ketua or Anggota, not Staf"),
		(("KPU RI", "Ketua", None, "Provinsi"), "no office region below Indonesia, not a Provinsi"),
		(("KPU RI", "Ketua", "PPK", None), "belongs to no ad hoc body"),
		(
			("KPU Provinsi", "Ketua", None, None),
			"A KPU Provinsi commissioner needs an office region of level Provinsi",
		),
		(
			("KPU Provinsi", "Ketua", None, "Kabupaten/Kota"),
			"A KPU Provinsi commissioner sits in a Provinsi, not in a Kabupaten/Kota",
		),
		(
			("KPU Kabupaten/Kota", "Anggota", None, "Kecamatan"),
			"A KPU Kabupaten/Kota commissioner sits in a Kabupaten/Kota, not in a Kecamatan",
		),
		(("KPU Kabupaten/Kota", "Anggota", None, None), "needs an office region of level Kabupaten/Kota"),
		(("Sekretariat", "Ketua", "PPK", None), "Secretariat staff are Sekretaris or Staf, not Ketua"),
		(("Sekretariat", "Staf", None, None), "need either a body (PPK or PPS) or an office region"),
		(("Sekretariat", "Staf", "KPPS", None), "A KPPS has no secretariat"),
		(("Sekretariat", "Staf", "PPS", "Provinsi"), "not to both"),
		(("Sekretariat", "Staf", None, "Kecamatan"), "not at the Kecamatan level"),
	],
)
def test_invalid_officials(args, fragment):
	with pytest.raises(BodyRuleError) as exc:
		check_official_placement(*args)
	assert fragment in str(exc.value)


def test_exactly_these_combinations_are_allowed():
	allowed = set()
	for level in OFFICIAL_LEVELS:
		for position in POSITIONS:
			for body in (None, *BODY_TYPES):
				for office in (None, "Nasional", "Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan"):
					try:
						check_official_placement(level, position, body, office)
					except BodyRuleError:
						continue
					allowed.add((level, position, body, office))
	members = ("Ketua", "Anggota")
	expected = {(t, p, t, None) for t in BODY_TYPES for p in members}
	expected |= {("KPU RI", p, None, o) for p in members for o in (None, "Nasional")}
	expected |= {("KPU Provinsi", p, None, "Provinsi") for p in members}
	expected |= {("KPU Kabupaten/Kota", p, None, "Kabupaten/Kota") for p in members}
	staff = ("Sekretaris", "Staf")
	expected |= {("Sekretariat", p, b, None) for p in staff for b in ("PPK", "PPS")}
	expected |= {
		("Sekretariat", p, None, o) for p in staff for o in ("Nasional", "Provinsi", "Kabupaten/Kota")
	}
	assert allowed == expected
