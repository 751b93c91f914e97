"""Streaming generator of a roster CSV: the PPK, PPS and KPPS members of a region as KPU offices will
import them (`kpu-import-officials`), with invented people whose NIKs are valid and unique.

	python3 benchmarks/roster_file.py --wilayah /path/to/wilayah.csv --out FILE [--region CODE] [--rows N]
		[--kpps-per-tps 7] [--tps-per-desa K] [--seed S] [--problems N] [--tps-list]

Per kecamatan 5 PPK rows (1 Ketua, 4 Anggota), per desa/kelurahan 3 PPS rows and, per polling
station (TPS 1..K), 7 KPPS rows. Without --tps-per-desa the nation's 820,161 TPS are spread over the
desa (kelurahan get more), the same way for any --region. --rows N stops after N rows; --problems N
adds N known-bad rows (spread over the file, listed on stderr with their line numbers). --tps-list
writes the region's TPS list (`kpu-import-polling-stations`) instead: the same TPS per desa.

Stdlib only and streaming (memory does not grow with the file). The generation is also a library:
benchmarks/national_data.py imports Wilayah, PersonFactory and kecamatan_seats, so a site filled by
it holds the very people of this file (same NIKs, names, TPS counts) for the same region and seed.
Everything is deterministic per kecamatan: a --region file is the matching slice of the national one.
"""

import argparse
import csv
import hashlib
import random
import sys
import time
from datetime import date, timedelta

HEADER = (
	"NIK",
	"No KK",
	"Nama",
	"Badan",
	"Kode Wilayah",
	"TPS",
	"Jabatan",
	"Telepon",
	"Email",
	"Nomor SK",
	"Tanggal SK",
	"Tanggal Sumpah",
)
NATIONAL_TPS = 820_161  # Pemilu 2024
COMPOSITION = {"PPK": 5, "PPS": 3, "KPPS": 7}  # PKPU 8/2022: members, one of them Ketua
PERIOD_YEAR = 2024
# Officials are 20 to 54 years old on the KPPS oath day (27 January 2024, Kelurahan Maulafa).
REFERENCE_DAY = date(2024, 1, 27)
BIRTH_FIRST = date(1969, 1, 28)
BIRTH_LAST = date(2004, 1, 27)
BIRTH_DATES = tuple(BIRTH_FIRST + timedelta(days=n) for n in range((BIRTH_LAST - BIRTH_FIRST).days + 1))
# The DDMMYY part of a NIK per birth date, for men and for women (day + 40): built once, not per row.
NIK_DATES = {
	sex: tuple(f"{d.day + extra:02d}{d.month:02d}{d.year % 100:02d}" for d in BIRTH_DATES)
	for sex, extra in (("Male", 0), ("Female", 40))
}

# Serial bands of a NIK (the last 4 digits) per kind of person, so that the officials of the roster,
# their replacements, candidates and relatives of benchmarks/national_data.py never share a NIK.
BANDS = {
	"official": (1, 4999),
	"replacement": (5000, 5999),
	"candidate": (6000, 7999),
	"relative": (8000, 8999),
	"problem": (9000, 9999),
}

MONTHS_ID = (
	"Januari",
	"Februari",
	"Maret",
	"April",
	"Mei",
	"Juni",
	"Juli",
	"Agustus",
	"September",
	"Oktober",
	"November",
	"Desember",
)

MALE_NAMES = (
	"Muhammad", "Ahmad", "Andi", "Budi", "Rahmat", "Yusuf", "Hasan", "Irwan", "Arif", "Ilham",
	"Syamsul", "Baso", "Agus", "Bambang", "Dedi", "Eko", "Fajar", "Hendra", "Joko", "Rizki",
	"Slamet", "Teguh", "Wahyu", "Yohanes", "Fransiskus", "Marthen", "Abdul", "Nur", "Imam", "Aswar",
	"Herman", "Darmawan", "Gede", "Made", "Ketut", "Putu", "Rudi", "Sugeng", "Taufik", "Zainal",
	"Yosef", "Petrus", "Daniel", "Firman", "Hamzah", "Iqbal", "Junaidi", "Khairul", "Lukman", "Mansur",
)  # fmt: skip
FEMALE_NAMES = (
	"Siti", "Nur", "Fitri", "Sri", "Dewi", "Ayu", "Indah", "Kartini", "Maria", "Agustina",
	"Rina", "Hasnah", "Wahyuni", "Nurhayati", "Yuliana", "Ani", "Dian", "Endang", "Fatimah", "Hartini",
	"Ika", "Lestari", "Mega", "Novi", "Puji", "Ratna", "Sari", "Tuti", "Wati", "Yanti",
	"Rosmiati", "Suryani", "Kadek", "Komang", "Luh", "Martha", "Theresia", "Elisabeth", "Aisyah", "Zahra",
	"Halimah", "Murni", "Nurul", "Rahmawati", "Sulastri", "Umi", "Vivi", "Winarti", "Yuni", "Zulaikha",
)  # fmt: skip
FAMILY_NAMES = (
	"Rahman", "Saputra", "Hidayat", "Lumbantobing", "Pratama", "Wulandari", "Daeng Matta", "Syamsuddin",
	"Manafe", "Nubatonis", "Tefa", "Amir", "Mappiasse", "Patiung", "Ndoen", "Lette", "Kurniawan",
	"Baharuddin", "Halim", "Sulaiman", "Taslim", "Pello", "Bessie", "Abdullah", "Malik", "Siregar",
	"Nasution", "Harahap", "Lubis", "Simanjuntak", "Sinaga", "Tanjung", "Chaniago", "Piliang", "Koto",
	"Wijaya", "Santoso", "Susanto", "Setiawan", "Hakim", "Ismail", "Yunus", "Umar", "Latif", "Rasyid",
	"Pattimura", "Wenda", "Tabuni", "Kogoya", "Rumbiak", "Mandacan", "Salossa", "Lakoni", "Laoli",
	"Zebua", "Hutapea", "Gultom", "Purba", "Ginting", "Tarigan", "Sembiring", "Nainggolan", "Saragih",
	"Mokodompit", "Paputungan", "Lasut", "Tumbelaka", "Wowor", "Pangemanan", "Bano", "Lamato",
	"Hamid", "Rauf", "Sanusi", "Effendi", "Gunawan", "Hasibuan", "Ritonga", "Dalimunthe", "Permana",
)  # fmt: skip
# Mobile prefixes after "08" (Telkomsel, Indosat, XL, Smartfren, Tri).
PHONE_PREFIXES = ("11", "12", "13", "21", "22", "23", "52", "53", "14", "15", "16", "55", "56", "57",
	"58", "17", "18", "19", "59", "77", "78", "81", "82", "83", "95", "96", "97", "98", "99")  # fmt: skip
EMAIL_SHARE = 0.12  # most members have no email in the recruitment export


def _is_kelurahan(desa_code: str) -> bool:
	# Kepmendagri: a desa/kelurahan segment 1xxx is a kelurahan (urban), 2xxx a desa.
	return desa_code.rsplit(".", 1)[1].startswith("1")


def _stable_fraction(text: str) -> float:
	"""0 <= x < 1 from a text alone: the same on every run, whatever the --seed or --region."""
	return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") / 2**64


class Wilayah:
	"""The region table (wilayah.csv: kode, nama, tingkat), read once: ~92,000 small rows."""

	def __init__(self, path: str):
		self.names = {}
		self.desa_of = {}  # kecamatan -> its desa/kelurahan codes, sorted
		kecamatan = []
		with open(path, encoding="utf-8-sig", newline="") as f:
			reader = csv.reader(f)
			header = [h.strip().lower() for h in next(reader)]
			code_at, name_at = header.index("kode"), header.index("nama")
			for row in reader:
				if not row:
					continue
				code = row[code_at].strip()
				self.names[code] = " ".join(row[name_at].split())
				depth = code.count(".")
				if depth == 2:
					kecamatan.append(code)
				elif depth == 3:
					self.desa_of.setdefault(code.rsplit(".", 1)[0], []).append(code)
		self.kecamatan = sorted(kecamatan)
		for desa in self.desa_of.values():
			desa.sort()

	def kecamatan_in(self, region: str = "") -> list[str]:
		"""Kecamatan codes of a region ('' for the nation, '73' a province, '73.22' a kabupaten)."""
		if not region:
			return list(self.kecamatan)
		if region not in self.names:
			raise SystemExit(f"Region {region} is not in the region file.")
		return [k for k in self.kecamatan if k == region or k.startswith(region + ".")]

	def tps_counts(self, per_desa: int | None = None, total: int = NATIONAL_TPS) -> dict[str, int]:
		"""TPS per desa/kelurahan. Given per_desa, that many everywhere; otherwise the national total
		shared out over every desa of the file (at least one each, kelurahan weigh 3 times more, with
		a stable jitter per code) by cumulative rounding, so the sum is exactly `total` and a desa's
		count does not depend on which region a run asks for."""
		desa = [d for k in self.kecamatan for d in self.desa_of.get(k, ())]
		if per_desa is not None:
			return dict.fromkeys(desa, per_desa)
		weights = [(3.0 if _is_kelurahan(d) else 1.0) * (0.5 + _stable_fraction(d)) for d in desa]
		spare = max(total - len(desa), 0)
		scale = spare / sum(weights)
		counts, running, given = {}, 0.0, 0
		for code, weight in zip(desa, weights, strict=True):
			running += weight * scale
			share = int(running + 0.5) - given
			given += share
			counts[code] = 1 + share
		return counts


class PersonFactory:
	"""Invented people for one kecamatan (their NIK's region prefix) and one band of serials.

	The random stream is seeded by (seed, band, kecamatan), so a kecamatan gets the same people
	whatever else a run generates. A NIK's serial is the next free one for its (birth date, sex) in
	this kecamatan and band: unique by construction, no retry.
	"""

	__slots__ = ("_counter", "_first", "_last", "_prefix", "_random", "_used", "band")

	def __init__(self, seed: int, kecamatan: str, band: str = "official"):
		self.band = band
		self._random = random.Random(f"{seed}:{band}:{kecamatan}")
		self._prefix = kecamatan.replace(".", "")
		self._first, self._last = BANDS[band]
		self._used = {}
		self._counter = 0

	def person(self, sex: str | None = None) -> tuple:
		"""(nik, no_kk, full_name, sex, birth_date, phone, email or '')"""
		rnd = self._random.random
		day = int(rnd() * len(BIRTH_DATES))
		if sex is None:
			sex = "Female" if rnd() < 0.5 else "Male"
		key = day * 2 + (sex == "Female")
		serial = self._used.get(key, self._first - 1) + 1
		if serial > self._last:
			raise RuntimeError(f"NIK serials of band {self.band} exhausted in {self._prefix}")
		self._used[key] = serial
		self._counter += 1
		given = FEMALE_NAMES if sex == "Female" else MALE_NAMES
		pick = int(rnd() * len(given))
		first = given[pick]
		shape = rnd()
		if shape < 0.25:  # a second given name: "Muhammad Rizki Saputra", never "Puji Puji"
			second = (pick + 1 + int(rnd() * (len(given) - 1))) % len(given)
			name = f"{first} {given[second]} {FAMILY_NAMES[int(rnd() * len(FAMILY_NAMES))]}"
		elif shape < 0.35:  # a single name, common in Java
			name = first
		else:
			name = f"{first} {FAMILY_NAMES[int(rnd() * len(FAMILY_NAMES))]}"
		digits = 7 if rnd() < 0.5 else 8
		phone = f"08{PHONE_PREFIXES[int(rnd() * len(PHONE_PREFIXES))]}{int(rnd() * 10**digits):0{digits}d}"
		email = ""
		if rnd() < EMAIL_SHARE:
			# Unique in the file: the kecamatan prefix and this factory's counter.
			email = f"{first.lower()}.{self._prefix}{self._first + self._counter}@example.invalid"
		return (
			f"{self._prefix}{NIK_DATES[sex][day]}{serial:04d}",
			# A No. KK begins with the family's region code; the rest is opaque to the app.
			f"{self._prefix}{int(rnd() * 10**10):010d}",
			name,
			sex,
			BIRTH_DATES[day],
			phone,
			email,
		)


def kecamatan_seats(wilayah: Wilayah, kecamatan: str, tps_counts: dict, factory, kpps_per_tps: int = 7):
	"""Yield (body_type, region_code, tps_number or 0, position, person) for every seat of a
	kecamatan: its PPK, then per desa its PPS followed by the KPPS of each of its TPS."""
	for seat in range(COMPOSITION["PPK"]):
		yield "PPK", kecamatan, 0, "Ketua" if seat == 0 else "Anggota", factory.person()
	for desa in wilayah.desa_of.get(kecamatan, ()):
		for seat in range(COMPOSITION["PPS"]):
			yield "PPS", desa, 0, "Ketua" if seat == 0 else "Anggota", factory.person()
		for tps in range(1, tps_counts[desa] + 1):
			for seat in range(kpps_per_tps):
				yield "KPPS", desa, tps, "Ketua" if seat == 0 else "Anggota", factory.person()


def seats_in(wilayah: Wilayah, kecamatan: list[str], tps_counts: dict, kpps_per_tps: int = 7) -> int:
	"""The number of rows kecamatan_seats yields for these kecamatan, without generating them."""
	total = 0
	for code in kecamatan:
		desa = wilayah.desa_of.get(code, ())
		total += COMPOSITION["PPK"] + COMPOSITION["PPS"] * len(desa)
		total += kpps_per_tps * sum(tps_counts[d] for d in desa)
	return total


def date_formats(day: date) -> tuple[str, str, str]:
	"""The three ways offices write a date: ISO, 27/01/2024 and 27 Januari 2024."""
	return (day.isoformat(), day.strftime("%d/%m/%Y"), f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}")


def decree(body_type: str, kecamatan: str) -> tuple[str, date, date]:
	"""(SK number, SK date, oath date) of a body's members: one decree of the KPU Kabupaten/Kota for
	all its PPK, one for all its PPS and one per kecamatan for the KPPS (sworn in 25-27 January)."""
	province, regency, district = kecamatan.split(".")
	office = province + regency
	if body_type == "PPK":
		return f"1/PP.04-Kpt/{office}/{PERIOD_YEAR}", date(2023, 12, 27), date(2024, 1, 2)
	if body_type == "PPS":
		return f"2/PP.04-Kpt/{office}/{PERIOD_YEAR}", date(2023, 12, 28), date(2024, 1, 3)
	number = 100 + int(district)
	return (
		f"{number}/PP.04-Kpt/{office}/{PERIOD_YEAR}",
		date(2024, 1, 22),
		date(2024, 1, 25 + int(district) % 3),
	)


class Problems:
	"""Known-bad rows to add among the good ones, one kind after the other, each from the context of
	the good row just written (its region, body and person)."""

	KINDS = (
		"NIK of 15 digits",
		"impossible date (30 February)",
		"unknown Badan",
		"PPS row with a kecamatan code",
		"duplicate NIK",
		"sixth PPK member",
		"second Ketua in a KPPS",
		"NIK with birth month 13",
		"KPPS row without a TPS number",
		"NIK with a letter",
		"No KK of 15 digits",
	)

	def __init__(self, seed: int):
		self.seed = seed
		self.factories = {}
		self.made = 0

	def row(self, good: list, kecamatan: str, desa: str) -> tuple[list, str]:
		"""A bad row after `good`, in its kecamatan; `desa` is one of it, for KPPS rows after a PPK row."""
		kind = self.KINDS[self.made % len(self.KINDS)]
		self.made += 1
		factory = self.factories.get(kecamatan)
		if factory is None:
			factory = self.factories[kecamatan] = PersonFactory(self.seed, kecamatan, "problem")
		nik, no_kk, name, _sex, _born, phone, email = factory.person()
		row = [nik, no_kk, name, *good[3:7], phone, email, *good[9:]]
		if kind == "NIK of 15 digits":
			row[0] = nik[:15]
		elif kind == "impossible date (30 February)":
			row[10] = "30 Februari 2024" if " " in good[10] else "30/02/2024"
		elif kind == "unknown Badan":
			row[3] = "PPD"
		elif kind == "PPS row with a kecamatan code":
			row[3:7] = ["PPS", kecamatan, "", "Anggota"]
		elif kind == "duplicate NIK":
			row[0] = good[0]
		elif kind == "sixth PPK member":
			sk, sk_date, oath = decree("PPK", kecamatan)
			row[3:7] = ["PPK", kecamatan, "", "Anggota"]
			row[9:12] = [sk, sk_date.isoformat(), oath.isoformat()]
		elif kind == "second Ketua in a KPPS":
			desa = good[4] if good[4].count(".") == 3 else desa
			sk, sk_date, oath = decree("KPPS", kecamatan)
			row[3:7] = ["KPPS", desa, "1", "Ketua"]
			row[9:12] = [sk, sk_date.isoformat(), oath.isoformat()]
		elif kind == "NIK with birth month 13":
			row[0] = nik[:8] + "13" + nik[10:]
		elif kind == "KPPS row without a TPS number":
			row[3:7] = ["KPPS", good[4] if good[4].count(".") == 3 else desa, "", "Anggota"]
		elif kind == "NIK with a letter":
			row[0] = nik[:12] + "O" + nik[13:]
		else:
			row[1] = no_kk[:15]
		return row, kind


def write_roster(
	wilayah: Wilayah,
	out,
	region: str = "",
	rows: int | None = None,
	kpps_per_tps: int = 7,
	tps_per_desa: int | None = None,
	seed: int = 2024,
	problems: int = 0,
	report=sys.stderr,
) -> int:
	"""Write the roster to the text file `out`; return the number of data rows written."""
	kecamatan = wilayah.kecamatan_in(region)
	tps_counts = wilayah.tps_counts(tps_per_desa)
	good_total = seats_in(wilayah, kecamatan, tps_counts, kpps_per_tps)
	if rows is not None:
		good_total = min(good_total, rows)
	# After which good row each problem row goes: spread evenly over the file.
	problem_after = {}
	for k in range(problems):
		after = max(1, good_total * (k + 1) // (problems + 1))
		problem_after[after] = problem_after.get(after, 0) + 1
	bad = Problems(seed)
	# The date style of a row is the office's spreadsheet habit; its own random stream, so that the
	# people (national_data.py draws the same ones) do not depend on it.
	style = random.Random(f"{seed}:style").random
	writer = csv.writer(out)
	writer.writerow(HEADER)
	buffer, written, line = [], 0, 1
	for code in kecamatan:
		if written >= good_total:
			break
		decrees = {}
		for body_type in COMPOSITION:
			sk, sk_date, oath = decree(body_type, code)
			decrees[body_type] = (sk, date_formats(sk_date), date_formats(oath))
		factory = PersonFactory(seed, code)
		for body_type, place, tps, position, person in kecamatan_seats(
			wilayah, code, tps_counts, factory, kpps_per_tps
		):
			sk, sk_dates, oath_dates = decrees[body_type]
			draw = style()
			fmt = 1 if draw < 0.5 else (0 if draw < 0.8 else 2)
			row = [
				person[0],
				person[1],
				person[2],
				body_type,
				place,
				tps or "",
				position,
				person[5],
				person[6],
				sk,
				sk_dates[fmt],
				oath_dates[fmt],
			]
			buffer.append(row)
			written += 1
			line += 1
			for _ in range(problem_after.get(written, 0)):
				problem, kind = bad.row(row, code, wilayah.desa_of.get(code, [code])[0])
				buffer.append(problem)
				line += 1
				print(f"line {line}: {kind} ({problem[3]} {problem[4]} {problem[0]})", file=report)
			if len(buffer) >= 10_000:
				writer.writerows(buffer)
				buffer.clear()
			if written >= good_total:
				break
	writer.writerows(buffer)
	return written + bad.made


TPS_HEADER = ("Kode Wilayah", "TPS", "Alamat", "Jumlah Pemilih")


def write_tps_list(
	wilayah: Wilayah, out, region: str = "", tps_per_desa: int | None = None, seed: int = 2024, **_ignored
) -> int:
	"""Write the TPS list of the region (`kpu-import-polling-stations`); return its data rows."""
	tps_counts = wilayah.tps_counts(tps_per_desa)
	draw = random.Random(f"{seed}:tps").random
	writer = csv.writer(out)
	writer.writerow(TPS_HEADER)
	buffer, written = [], 0
	for code in wilayah.kecamatan_in(region):
		for desa in wilayah.desa_of.get(code, ()):
			for tps in range(1, tps_counts[desa] + 1):
				place = ("Balai Desa", "SD Negeri", "Rumah Warga RT", "Masjid", "Lapangan")[int(draw() * 5)]
				buffer.append([desa, tps, f"{place} {1 + int(draw() * 30)}", 150 + int(draw() * 150)])
				written += 1
			if len(buffer) >= 10_000:
				writer.writerows(buffer)
				buffer.clear()
	writer.writerows(buffer)
	return written


def main(argv=None):
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--wilayah", required=True, help="the region file (wilayah.csv)")
	parser.add_argument("--out", required=True, help="the CSV file to write ('-' for stdout)")
	parser.add_argument("--region", default="", help="a province or kabupaten code; the nation if empty")
	parser.add_argument("--rows", type=int, help="stop after this many (good) rows")
	parser.add_argument("--kpps-per-tps", type=int, default=COMPOSITION["KPPS"])
	parser.add_argument("--tps-per-desa", type=int, help="TPS per desa (default: the national 820,161)")
	parser.add_argument("--seed", type=int, default=2024)
	parser.add_argument("--problems", type=int, default=0, help="known-bad rows to add (listed on stderr)")
	parser.add_argument("--tps-list", action="store_true", help="write the region's TPS list instead")
	args = parser.parse_args(argv)
	started = time.perf_counter()
	wilayah = Wilayah(args.wilayah)
	options = {
		"region": args.region,
		"rows": args.rows,
		"kpps_per_tps": args.kpps_per_tps,
		"tps_per_desa": args.tps_per_desa,
		"seed": args.seed,
		"problems": args.problems,
	}
	write = write_tps_list if args.tps_list else write_roster
	if args.out == "-":
		count = write(wilayah, sys.stdout, **options)
	else:
		with open(args.out, "w", encoding="utf-8", newline="", buffering=1 << 20) as out:
			count = write(wilayah, out, **options)
	print(f"{count:,} rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
	main()
