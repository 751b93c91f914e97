"""The roster's columns and rows, and the appraisal shared by the Official form and the import."""

from datetime import date

import pytest

from kpu_etik.core.bodies import DEFAULT_COMPOSITION
from kpu_etik.core.dates import parse_indonesian_date
from kpu_etik.core.nik import CURRENT_PROVINCE_CODES, make_nik, plain_number
from kpu_etik.core.officials import (
	DEFAULT_ELIGIBILITY,
	MINIMUM_AGE,
	REFUSE,
	WARN,
	Dismissal,
	EligibilityCheck,
	OfficialRecord,
	Seat,
	age_on,
	appraise,
)
from kpu_etik.core.roster import Dealer, RosterError, header_key, map_header, read_row

HEADER = ["NIK", "No KK", "Nama", "Badan", "Kode Wilayah", "TPS", "Jabatan", "Telepon", "Email", "Nomor SK",
	"Tanggal SK", "Tanggal Sumpah"]  # fmt: skip
NIK = make_nik("73.22.14", date(1990, 5, 17), "Female", 12)


class Facts:
	"""The site's answers, as plain data."""

	known_provinces = CURRENT_PROVINCE_CODES

	def __init__(
		self, positions=(), seats=None, dismissed=(), roles=None, spouses=None, checks=DEFAULT_ELIGIBILITY
	):
		self.positions = list(positions)
		self.seats = seats or {}
		self.dismissed = set(dismissed)
		self.roles = roles or {}
		self.spouses = spouses or {}
		self.checks = checks

	def region_codes_exist(self, codes):
		return set(codes)

	def dismissal(self, nik):
		return Dismissal("9/PP/2023", "1 Mei 2023") if nik in self.dismissed else None

	def seat_of(self, nik):
		return self.seats.get(nik)

	def other_positions(self, body, official):
		return self.positions

	def composition_rule(self, body_type):
		return DEFAULT_COMPOSITION[body_type]

	def eligibility(self):
		return self.checks

	def candidate_roles(self, nik):
		return self.roles.get(nik, [])

	def organizer_spouses(self, nik):
		return self.spouses.get(nik, [])


def record(**changes):
	values = dict(nik=NIK, full_name="Siti", level="KPPS", position="Anggota", body="KPPS-1", body_type="KPPS",
		body_status="Forming", region="73.22.14.2001", appointed_on=date(2024, 1, 22))  # fmt: skip
	values.update(changes)
	return OfficialRecord(**values)


def fields(result):
	return sorted(p.field for p in result.problems)


def test_a_valid_member_passes_and_gets_sex_and_birth_date():
	result = appraise(record(), Facts())
	assert result.ok and result.nik.sex == "Female" and result.nik.birth_date == date(1990, 5, 17)


@pytest.mark.parametrize(
	"changes, facts, field",
	[
		({"nik": "123"}, Facts(), "nik"),
		({"position": "Staf"}, Facts(), "position"),
		({"position": "Ketua"}, Facts(positions=["Ketua"]), "position"),
		({}, Facts(positions=["Anggota"] * 7), "position"),
		({"body_status": "Dissolved"}, Facts(), "ad_hoc_body"),
		({}, Facts(dismissed=[NIK]), "nik"),
		({}, Facts(seats={NIK: Seat("OFC-1", "KPPS-2", "Active")}), "nik"),
		({}, Facts(seats={NIK: Seat(None, "KPPS-1", "Active", row=7)}), "nik"),
		({"full_name": ""}, Facts(), "full_name"),
		({"appointed_on": date(2007, 5, 16)}, Facts(), "nik"),  # 16 on the decree's day
	],
)
def test_each_rule_refuses_with_its_field(changes, facts, field):
	assert fields(appraise(record(**changes), facts)) == [field]


def test_rules_reading_other_records_run_only_on_what_a_save_changes():
	unchanged = record(name="OFC-1", changed=())
	assert appraise(unchanged, Facts(positions=["Anggota"] * 7, dismissed=[NIK])).ok
	moved = record(name="OFC-1", changed=("body",))
	assert fields(appraise(moved, Facts(positions=["Anggota"] * 7))) == ["position"]


def test_eligibility_checks_refuse_or_warn_as_configured():
	on_list = Facts(roles={NIK: ["Tim Kampanye"]}, spouses={NIK: ["Budi"]})
	result = appraise(record(), on_list)
	assert result.ok and len(result.warnings) == 2
	refusing = [
		EligibilityCheck(c.check, REFUSE, years=c.years, body_types=c.body_types) for c in DEFAULT_ELIGIBILITY
	]
	on_list.checks = refusing
	assert fields(appraise(record(), on_list)) == ["nik", "nik"]
	old = record(nik=make_nik("73.22.14", date(1960, 1, 1), "Male", 3))
	assert [w for _f, w in appraise(old, Facts()).warnings]  # KPPS above 55: a warning by default
	off = Facts(checks=[EligibilityCheck(MINIMUM_AGE, WARN, years=17, enabled=False)])
	assert appraise(record(appointed_on=date(2000, 1, 1)), off).ok


def test_age_is_counted_on_the_day():
	assert age_on(date(2007, 1, 22), date(2024, 1, 22)) == 17
	assert age_on(date(2007, 1, 23), date(2024, 1, 22)) == 16


def test_headers_ignore_case_spaces_and_punctuation_in_any_order():
	assert header_key(" No. KK ") == "nokk"
	columns = map_header(["x", "jabatan", "NAMA", "kode_wilayah", "Badan", "nik", "Tgl SK"])
	assert columns["position"] == 1 and columns["nik"] == 5 and columns["decree_date"] == 6
	with pytest.raises(RosterError):
		map_header(["NIK", "Nama"])
	with pytest.raises(RosterError):
		map_header(["NIK", "NIK", "Nama", "Badan", "Kode Wilayah", "Jabatan"])


def cells(**values):
	row = dict(
		zip(
			HEADER,
			[NIK, "", "Siti", "KPPS", "73.22.14.2001", "3", "anggota", "", "", "", "", ""],
			strict=True,
		)
	)
	row.update(values)
	return [row[h] for h in HEADER]


def test_a_row_is_read_in_each_date_form_and_a_spreadsheet_number():
	columns = map_header(HEADER)
	for text in ("2024-01-27", "27/01/2024", "27 Januari 2024"):
		row, problems = read_row(2, cells(**{"Tanggal SK": text}), columns)
		assert not problems and row.decree_date == date(2024, 1, 27)
	row, _ = read_row(2, cells(NIK=float(NIK), TPS=3.0), columns)
	assert row.nik == NIK and row.tps == 3 and row.position == "Anggota"


@pytest.mark.parametrize(
	"values, field",
	[
		({"Badan": "PPX"}, "body_type"),
		({"Kode Wilayah": "73.22.14"}, "region"),
		({"Kode Wilayah": "73-22"}, "region"),
		({"TPS": ""}, "tps"),
		({"TPS": "1000"}, "tps"),
		({"Jabatan": "Bendahara"}, "position"),
		({"Tanggal SK": "30/02/2024"}, "decree_date"),
		({"Email": "bukan-email"}, "email"),
		({"Nama": "Siti\x00"}, "full_name"),
		({"Nama": ""}, "full_name"),
		({"Telepon": "telepon"}, "mobile_no"),
	],
)
def test_each_bad_cell_is_a_problem_of_its_column(values, field):
	row, problems = read_row(5, cells(**values), map_header(HEADER))
	assert row is None and [f for f, _e in problems] == [field]


def test_the_common_date_forms_are_read_without_the_general_parser():
	assert parse_indonesian_date("1 Agt 2024") == date(2024, 8, 1)
	assert parse_indonesian_date("Rabu, 20 September 2023") == date(2023, 9, 20)


def test_a_tps_list_is_read_by_its_own_columns():
	from kpu_etik.core.roster import TPS_LIST, read_station_row

	columns = map_header(["No. TPS", "kode desa", "Alamat", "DPT"], TPS_LIST)
	assert columns == {"tps": 0, "region": 1, "address": 2, "registered_voters": 3}
	row, problems = read_station_row(2, ["7", "73.22.14.2001", "Balai  Desa", "1.204"], columns)
	assert not problems and (row.tps, row.region, row.address, row.registered_voters) == (
		7,
		"73.22.14.2001",
		"Balai Desa",
		1204,
	)
	with pytest.raises(RosterError):
		map_header(["Alamat", "TPS"], TPS_LIST)


@pytest.mark.parametrize(
	"cells, field",
	[
		(["0", "73.22.14.2001", "", ""], "tps"),
		(["1000", "73.22.14.2001", "", ""], "tps"),
		(["", "73.22.14.2001", "", ""], "tps"),
		(["1", "73.22.14", "", ""], "region"),
		(["1", "73-22", "", ""], "region"),
		(["1", "73.22.14.2001", "", "banyak"], "registered_voters"),
		(["1", "73.22.14.2001", "Jl.\x00", ""], "address"),
	],
)
def test_each_bad_cell_of_a_tps_list_is_a_problem_of_its_column(cells, field):
	from kpu_etik.core.roster import TPS_LIST, read_station_row

	columns = map_header(["TPS", "Kode Wilayah", "Alamat", "Jumlah Pemilih"], TPS_LIST)
	row, problems = read_station_row(3, cells, columns)
	assert row is None and [f for f, _e in problems] == [field]


def _row(region):
	return ["", "", "", "KPPS", region]


def test_a_kecamatan_is_dealt_whole_to_one_part():
	dealer = Dealer(2, 4)
	codes = ["73.22.14.2001", "73.22.14", "73.22.10.1001", "73.22.14.2002", "73.22.10", "73.22.14.2001"]
	parts = [dealer.part_of(_row(code)) for code in codes]
	# Everything of 73.22.14 (its PPK on the kecamatan, its desa) in one part, 73.22.10 in the other.
	assert parts == [0, 0, 1, 0, 1, 0]


def test_every_reader_of_the_same_file_deals_it_alike_and_the_parts_are_balanced():
	import random

	rng = random.Random(7)
	rows = [_row(f"73.{rng.randint(1, 20):02}.{rng.randint(1, 30):02}.2001") for _ in range(5000)]
	first, second = Dealer(3, 4), Dealer(3, 4)
	dealt = [first.part_of(r) for r in rows]
	assert dealt == [second.part_of(r) for r in rows]
	sizes = [dealt.count(p) for p in range(3)]
	assert max(sizes) - min(sizes) < 0.1 * len(rows)


@pytest.mark.parametrize("cell", ["", None, "ID", "73", "73.22", "not a code", "73.22.14.2001.9"])
def test_a_row_without_a_kecamatan_is_still_dealt_steadily(cell):
	dealer = Dealer(2, 4)
	assert dealer.part_of(_row(cell)) == Dealer(2, 4).part_of(_row(cell)) == 0
	assert dealer.part_of(["short row"]) in (0, 1)


def test_nik_and_kk_of_a_row_are_read_by_the_same_rule_as_the_form():
	# Surrounding whitespace goes, as on the form and the REST API; what is inside is kept for
	# parse_nik/parse_kk to refuse (a space, markup): never silently removed.
	columns = map_header(HEADER)
	row, problems = read_row(2, cells(NIK=f" {NIK}\t", **{"No KK": " 7322140101010001 "}), columns)
	assert not problems and (row.nik, row.no_kk) == (plain_number(f" {NIK}\t"), "7322140101010001")
	row, _ = read_row(2, cells(NIK=NIK[:4] + " " + NIK[4:], **{"No KK": "<script>"}), columns)
	assert (row.nik, row.no_kk) == (NIK[:4] + " " + NIK[4:], "<script>")
	result = appraise(record(nik=row.nik, no_kk=row.no_kk), Facts())
	assert fields(result) == ["nik", "no_kk"]
