"""Demo data from the seeds: real regions, invented people with valid NIKs.

Luwu Utara (Baebunta Selatan, Mappedeceng), Soppeng (Marioriwawo, with Desa Barae), Kota Kupang
(Maulafa) get PPK, PPS and KPPS bodies with full membership; KPU offices of those regencies and of
Jawa Timur get commissioners and secretariat staff. Running it again adds nothing twice.
"""

import io
import random
from datetime import date
from pathlib import Path

import frappe

from kpu_etik.core.bodies import DEFAULT_COMPOSITION
from kpu_etik.core.letters import office_name
from kpu_etik.core.nik import make_nik
from kpu_etik.core.pdf import blank_pdf
from kpu_etik.organization.region_loader import load_regions
from kpu_etik.permissions import within

SEED_FILE = Path(__file__).parent / "data" / "wilayah_seed.csv"
DEMO_KECAMATAN = ("73.22.14", "73.22.10", "73.12.01", "53.71.02")
# Desa/kelurahan whose seed events had several polling stations.
EXTRA_TPS = {"73.12.01.2006": 3}
PERIOD = (date(2023, 1, 2), date(2024, 12, 31))
DEMO_PASSWORD = "KpuEtik-Demo-2026"

FIRST_NAMES = (
	"Andi",
	"Muhammad",
	"Nur",
	"Siti",
	"Ahmad",
	"Fitri",
	"Rahmat",
	"Sri",
	"Yusuf",
	"Dewi",
	"Hasan",
	"Ayu",
	"Budi",
	"Indah",
	"Irwan",
	"Kartini",
	"Maria",
	"Yohanes",
	"Agustina",
	"Fransiskus",
	"Rina",
	"Syamsul",
	"Hasnah",
	"Baso",
	"Wahyuni",
	"Ilham",
	"Nurhayati",
	"Marthen",
	"Yuliana",
	"Arif",
)
LAST_NAMES = (
	"Rahman",
	"Saputra",
	"Hidayat",
	"Lestari",
	"Pratama",
	"Wulandari",
	"Daeng Matta",
	"Syamsuddin",
	"Manafe",
	"Nubatonis",
	"Tefa",
	"Amir",
	"Mappiasse",
	"Patiung",
	"Ndoen",
	"Lette",
	"Kurniawan",
	"Baharuddin",
	"Halim",
	"Sulaiman",
	"Taslim",
	"Pello",
	"Bessie",
	"Abdullah",
	"Malik",
)
# (login, full name, role, region) of demo staff and one PPS member with a portal account.
DEMO_USERS = (
	("hukum.luwuutara@kpu-etik.test", "Demo Divisi Hukum Luwu Utara", "KPU Kabkota Legal Officer", "73.22"),
	("operator.luwuutara@kpu-etik.test", "Demo Operator Luwu Utara", "KPU Kabkota Operator", "73.22"),
	("hukum.soppeng@kpu-etik.test", "Demo Divisi Hukum Soppeng", "KPU Kabkota Legal Officer", "73.12"),
	("hukum.kupang@kpu-etik.test", "Demo Divisi Hukum Kota Kupang", "KPU Kabkota Legal Officer", "53.71"),
	("provinsi.sulsel@kpu-etik.test", "Demo KPU Provinsi Sulawesi Selatan", "KPU Provinsi User", "73"),
	("ri@kpu-etik.test", "Demo KPU RI", "KPU RI User", "ID"),
	("pdp.sulsel@kpu-etik.test", "Demo Pejabat PDP Sulawesi Selatan", "Data Protection Officer", "73"),
)
PPS_MEMBER_LOGIN = "pps.barae@kpu-etik.test"
# The site's IT administrator. Frappe makes the first desk user of a site a System Manager when
# there is no other; this account is that one, so no KPU officer gets it by accident.
SYSTEM_MANAGER_LOGIN = "sistem@kpu-etik.test"
KPU_OFFICES = ("73.22", "73.12", "53.71", "35", "73")
# Where each demo office sets its decrees, for its letterhead (the addresses are invented).
OFFICE_CITIES = {
	"73.22": "Masamba",
	"73.12": "Watansoppeng",
	"53.71": "Kupang",
	"35": "Surabaya",
	"73": "Makassar",
}


class People:
	"""Invented people with NIKs that parse: birth district from the place they serve."""

	def __init__(self, seed=2023):
		self.random = random.Random(seed)
		self.serial = 0

	def person(self, district_code: str) -> dict:
		sex = self.random.choice(("Male", "Female"))
		born = date(self.random.randint(1965, 2004), self.random.randint(1, 12), self.random.randint(1, 28))
		self.serial += 1
		return {
			"full_name": f"{self.random.choice(FIRST_NAMES)} {self.random.choice(LAST_NAMES)}",
			"nik": make_nik(district_code, born, sex, self.serial % 9999 + 1),
			# A No. KK starts with the family's region code; the rest is opaque.
			"no_kk": district_code.replace(".", "") + f"{self.random.randint(1, 9999999999):010d}",
		}


def load_demo(regions_file=None) -> list[str]:
	if not all(frappe.db.exists("Region", code) for code in DEMO_KECAMATAN):
		load_regions(regions_file or SEED_FILE)
	people = People()
	# Reuse serials after existing officials so a second run creates no duplicate NIKs.
	people.serial = frappe.db.count("Official")
	counts = {"PPK": 0, "PPS": 0, "KPPS": 0, "officials": 0}
	for kecamatan in DEMO_KECAMATAN:
		ppk = ensure_body("PPK", kecamatan, None)
		counts["officials"] += fill_body(ppk, "PPK", kecamatan, people)
		counts["PPK"] += 1
		for desa in frappe.get_all("Region", {"parent_region": kecamatan}, pluck="name", order_by="name"):
			pps = ensure_body("PPS", desa, ppk)
			counts["officials"] += fill_body(pps, "PPS", kecamatan, people)
			counts["PPS"] += 1
			for number in range(1, EXTRA_TPS.get(desa, 1) + 1):
				tps = ensure_polling_station(desa, number)
				kpps = ensure_body("KPPS", desa, pps, polling_station=tps)
				counts["officials"] += fill_body(kpps, "KPPS", kecamatan, people)
				counts["KPPS"] += 1
	counts["officials"] += ensure_kpu_offices(people)
	ensure_letterheads()
	ensure_data_protection_officer()
	ensure_users()
	kinship = ensure_kinship_demo()
	schedule = ensure_schedule_demo()
	signing = start_demo_signing()
	try:
		complaints = ensure_complaint_demo()
		work = ensure_work_demo()
	finally:
		finish_demo_signing(signing)
	ensure_privacy_demo()
	return [
		f"Demo data: {counts['PPK']} PPK, {counts['PPS']} PPS, {counts['KPPS']} KPPS, "
		f"{counts['officials']} officials added.",
		"Demo logins (password " + DEMO_PASSWORD + "):",
		*(f"  {login}  {role} at {region}" for login, _name, role, region in DEMO_USERS),
		f"  {SYSTEM_MANAGER_LOGIN}  System Manager (the site's IT administrator)",
		f"  {PPS_MEMBER_LOGIN}  PPS Member (portal) at Desa Barae 73.12.01.2006",
		"Decrees are signed with a DEMO certificate (not for production): passphrase "
		+ demo_secret()
		+ " on the Sign and Issue dialog.",
		kinship,
		schedule,
		complaints,
		work,
	]


def ensure_polling_station(desa: str, number: int) -> str:
	name = frappe.db.get_value("Polling Station", {"region": desa, "tps_number": number})
	if name:
		return name
	doc = frappe.get_doc({"doctype": "Polling Station", "region": desa, "tps_number": number})
	return doc.insert().name


def ensure_body(body_type, region, parent_body, polling_station=None) -> str:
	filters = {"body_type": body_type, "period_start": PERIOD[0]}
	filters.update({"polling_station": polling_station} if polling_station else {"region": region})
	name = frappe.db.get_value("Ad Hoc Body", filters)
	if name:
		return name
	doc = frappe.get_doc(
		{
			"doctype": "Ad Hoc Body",
			"body_type": body_type,
			"region": region,
			"polling_station": polling_station,
			"parent_body": parent_body,
			"period_start": PERIOD[0],
			"period_end": PERIOD[1],
			"status": "Forming",
		}
	)
	return doc.insert().name


def fill_body(body: str, body_type: str, district: str, people: People) -> int:
	"""Fill a body up to its composition (one ketua), then make it active."""
	added = 0
	present = frappe.db.count("Official", {"ad_hoc_body": body})
	for seat in range(present, DEFAULT_COMPOSITION[body_type].members):
		doc = frappe.get_doc(
			{
				"doctype": "Official",
				"level": body_type,
				"position": "Ketua" if seat == 0 else "Anggota",
				"ad_hoc_body": body,
				"oath_date": PERIOD[0],
				**people.person(district),
			}
		)
		doc.insert()
		added += 1
	body_doc = frappe.get_doc("Ad Hoc Body", body)
	if body_doc.status != "Active":
		body_doc.status = "Active"
		body_doc.save()
	return added


def ensure_kpu_offices(people: People) -> int:
	added = 0
	for office in KPU_OFFICES:
		if frappe.db.exists("Official", {"office_region": office}):
			continue
		level = "KPU Provinsi" if len(office) == 2 else "KPU Kabupaten/Kota"
		# A district of the office's area for the invented NIKs: the first kecamatan under it.
		district = frappe.db.get_value("Region", {"name": within(office), "level": "Kecamatan"}, "name")
		district = district or f"{office}.01.01"[:8]
		for seat in range(5 if level == "KPU Kabupaten/Kota" else 7):
			frappe.get_doc(
				{
					"doctype": "Official",
					"level": level,
					"position": "Ketua" if seat == 0 else "Anggota",
					"office_region": office,
					**people.person(district),
				}
			).insert()
			added += 1
		# Secretariat staff can be respondents too (KPU Jawa Timur, Surabaya, 27/11/2022).
		frappe.get_doc(
			{
				"doctype": "Official",
				"level": "Sekretariat",
				"position": "Sekretaris",
				"office_region": office,
				**people.person(district),
			}
		).insert()
		added += 1
	return added


def ensure_letterheads():
	"""A letterhead for each demo office (an invented emblem, not KPU's logo), so that its decision
	letters come out as the decrees they are."""
	for office, city in OFFICE_CITIES.items():
		if frappe.db.exists("KPU Office", office):
			continue
		region = frappe.db.get_value("Region", office, ["region_name", "level"], as_dict=True)
		logo = frappe.get_doc(
			{"doctype": "File", "file_name": f"logo-{office}.png", "content": _emblem(), "is_private": 1}
		).insert(ignore_permissions=True)
		frappe.get_doc(
			{
				"doctype": "KPU Office",
				"region": office,
				"office_name": office_name(region.level, region.region_name),
				"logo": logo.file_url,
				"address": f"Jalan Pemilu No. 1, {city}",
				"city": city,
				"copies_to": "Ketua KPU Provinsi\nYang bersangkutan\nArsip",
			}
		).insert(ignore_permissions=True)


def start_demo_signing():
	"""The demo's decrees are signed (TTE) by an invented signer of a demo certificate authority, NOT
	FOR PRODUCTION (kpu_etik.signing.demo_pki), with a timestamp, the chain and OCSP answers embedded
	(B-LT), while the authority's services run on loopback. None without certomancer (letters are
	then issued stamped only)."""
	from kpu_etik.sanctions import signatures
	from kpu_etik.signing import demo_pki

	try:
		services = demo_pki.start_demo_services(csc=False)
	except ImportError:
		return None
	settings = frappe.get_single("KPU Etik Settings")
	if demo_pki.demo_root(pem=True).decode() not in (settings.trust_roots or ""):
		settings.trust_roots = (
			(settings.trust_roots or "") + "\n" + demo_pki.demo_root(pem=True).decode()
		).strip()
		settings.save(ignore_permissions=True)
	pfx, passphrase = services.signer_pkcs12()
	for office in OFFICE_CITIES:
		if frappe.db.get_value("Region", office, "level") != "Kabupaten/Kota":
			continue
		signatures.store_certificate(office, pfx, passphrase)
		# the demo certificate's holder is the office's signer, as the app requires
		frappe.db.set_value(
			"KPU Office",
			office,
			{
				"timestamp_url": services.tsa_url,
				"embed_validation": 1,
				"chair_name": demo_pki.DEMO_SIGNER_NAME,
			},
		)
	return services


def finish_demo_signing(services):
	"""The demo's services stop with the demo: later letters are signed without a timestamp or
	embedded revocation answers (B-B), with the demo passphrase."""
	if services is None:
		return
	services.stop()
	for office in OFFICE_CITIES:
		if frappe.db.get_value("KPU Office", office, "signing_method"):
			frappe.db.set_value("KPU Office", office, {"timestamp_url": None, "embed_validation": 0})


def demo_secret() -> str | None:
	"""The demo signer's passphrase (the demo key only)."""
	from kpu_etik.signing.demo_pki import DEMO_PASSPHRASE

	return DEMO_PASSPHRASE


def _emblem() -> bytes:
	from PIL import Image, ImageDraw

	image = Image.new("RGB", (120, 120), "white")
	draw = ImageDraw.Draw(image)
	draw.ellipse((6, 6, 114, 114), fill=(170, 20, 30))
	draw.rectangle((38, 38, 82, 82), fill=(240, 190, 40))
	buffer = io.BytesIO()
	image.save(buffer, format="PNG")
	return buffer.getvalue()


def ensure_user(login: str, full_name: str) -> str:
	if not frappe.db.exists("User", login):
		first, _, last = full_name.partition(" ")
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": login,
				"first_name": first,
				"last_name": last,
				"send_welcome_email": 0,
				"language": "id",
			}
		)
		user.insert(ignore_permissions=True)
		from frappe.utils.password import update_password

		update_password(login, DEMO_PASSWORD)
	return login


def ensure_privacy_demo():
	"""A person's request for their data, received at KPU Luwu Utara yesterday: on the legal
	officer's and the data protection officer's home, due within 3 x 24 hours."""
	if frappe.db.exists("Data Subject Request", {"requester_name": "Demo Pemohon Data Pribadi"}):
		return
	nik = frappe.db.get_value("Official", {"region": ("like", "73.22.%"), "level": "PPS"}, "nik")
	request = frappe.get_doc(
		{
			"doctype": "Data Subject Request",
			"request_type": "Access and Copy",
			"region": "73.22",
			"received_via": "Letter",
			"received_on": frappe.utils.add_to_date(frappe.utils.now_datetime(), hours=-20),
			"requester_name": "Demo Pemohon Data Pribadi",
			"requester_nik": nik,
			"details": "Meminta salinan data pribadi yang disimpan KPU.",
		}
	)
	request.flags.ignore_permissions = True
	request.insert()


def ensure_data_protection_officer():
	"""The officer named on the pages that collect personal data (an invented person)."""
	if not frappe.db.get_single_value("KPU Etik Settings", "dpo_name"):
		for field, value in (
			("dpo_name", "Demo Pejabat PDP KPU Sulawesi Selatan"),
			("dpo_email", "pdp@kpu-etik.test"),
			("dpo_phone", "(0411) 000-0000"),
			("dpo_address", "Jalan Contoh No. 1, Makassar"),
		):
			frappe.db.set_single_value("KPU Etik Settings", field, value)


def ensure_users():
	from kpu_etik.organization.doctype.region_access.region_access import grant_region_role

	admin = frappe.get_doc("User", ensure_user(SYSTEM_MANAGER_LOGIN, "Admin Sistem KPU Etik"))
	if "System Manager" not in frappe.get_roles(admin.name):
		admin.add_roles("System Manager")
	for login, full_name, role, region in DEMO_USERS:
		ensure_user(login, full_name)
		grant_region_role(login, role, region, note="Demo")
		if "System Manager" in frappe.get_roles(login):
			frappe.get_doc("User", login).remove_roles("System Manager")
	# A PPS member of Desa Barae signs in to the portal; the grant follows from their record.
	ensure_user(PPS_MEMBER_LOGIN, "Demo Anggota PPS Barae")
	member = frappe.db.get_value(
		"Official", {"level": "PPS", "region": "73.12.01.2006", "position": "Anggota"}, "name"
	)
	if member:
		official = frappe.get_doc("Official", member)
		if official.user != PPS_MEMBER_LOGIN:
			official.user = PPS_MEMBER_LOGIN
			official.email = PPS_MEMBER_LOGIN
			official.save()


LUWU_ROUND = "Pengumuman Hubungan Kekerabatan Penyelenggara Pemilu 2024 - KPU Luwu Utara"
SOPPENG_ROUND = "Deklarasi Hubungan Kekerabatan Badan Ad Hoc - KPU Soppeng"
PARTIES = ("Partai Nusantara Maju", "Partai Karya Rakyat", "Partai Bintang Timur", "Partai Padi Emas")


def ensure_kinship_demo() -> str:
	"""Rounds for Luwu Utara (announced, as in the seeds) and Soppeng (open, for the portal), and a
	small invented DPRD list in which one candidate shares a PPS member's family card."""
	from frappe.model.workflow import apply_workflow
	from frappe.utils import add_days, today

	from kpu_etik.kinship.candidate_import import insert_candidates
	from kpu_etik.kinship.screening import screen_all_officials

	if frappe.db.exists("Kinship Declaration Round", {"title": LUWU_ROUND}):
		return "Kinship demo: already loaded."
	luwu = frappe.get_doc(
		{
			"doctype": "Kinship Declaration Round",
			"title": LUWU_ROUND,
			"election": "Pemilu 2024",
			"region": "73.22",
			"deadline": date(2023, 11, 30),
		}
	).insert()
	frappe.get_doc(
		{
			"doctype": "Kinship Declaration Round",
			"title": SOPPENG_ROUND,
			"election": "Pemilu 2024",
			"region": "73.12",
			"deadline": add_days(today(), 14),
		}
	).insert()
	members = frappe.get_all(
		"Official",
		filters={"level": "PPK", "region": ("in", ["73.22.14", "73.22.10"])},
		fields=["name", "full_name"],
		order_by="name",
	)
	statement = blank_pdf()
	# Relatives and candidates are other invented people than the officials (another seed).
	others = People(seed=2024)
	for number, member in enumerate(members):
		relatives = []
		if number % 3 == 0:
			relatives = [
				{
					"relative_name": others.person("73.22.14")["full_name"],
					"relationship": ("Saudara Kandung", "Sepupu", "Ipar")[number % 9 // 3],
					"relative_role": "Calon DPRD Kabupaten/Kota",
					"party": PARTIES[number % len(PARTIES)],
					"electoral_district": f"Luwu Utara {number % 4 + 1}",
				}
			]
		doc = submitted_declaration(member.name, luwu.name, statement, relatives)
		doc = apply_workflow(doc, "Verify")
		doc.update(
			{
				"pleno_date": date(2023, 11, 8),
				"publication_date": date(2023, 11, 9),
				"channel_website": 1,
				"channel_social_media": 1,
			}
		)
		doc.save()
		apply_workflow(doc, "Announce")
	luwu.db_set("is_open", 0)  # announced in November 2023: closed
	# An invented DPRD list; one candidate shares the family card of a PPS member of Mappedeceng.
	pps_member = frappe.get_all(
		"Official", filters={"level": "PPS", "region": within("73.22.10")}, fields=["no_kk"], limit=1
	)[0]
	rows = []
	for number in range(20):
		person = others.person("73.22.10")
		rows.append(
			{
				"full_name": person["full_name"],
				"candidate_role": "Calon DPRD Kabupaten/Kota",
				"party": PARTIES[number % len(PARTIES)],
				"electoral_district": f"Luwu Utara {number % 4 + 1}",
				"region": "73.22",
				"nik": person["nik"],
				"no_kk": pps_member.no_kk if number == 0 else person["no_kk"],
				"birth_date": None,
			}
		)
	list_import = frappe.get_doc(
		{
			"doctype": "Candidate List Import",
			"list_type": "DCT (Candidates)",
			"election": "Pemilu 2024",
			"import_file": "/private/files/dct-dprd-luwu-utara-demo.csv",
			"status": "Imported",
			"rows_imported": len(rows),
		}
	)
	list_import.flags.ignore_validate = True
	list_import.insert()
	insert_candidates(list_import.name, rows)
	hits = screen_all_officials(commit=False)
	list_import.db_set("hits_found", hits)
	return (
		f"Kinship demo: {len(members)} announced declarations in Luwu Utara, an open round in Soppeng, "
		f"a {len(rows)}-name DPRD list and {hits} possible conflict(s) to review."
	)


def submitted_declaration(official: str, round_name: str, statement: bytes, relatives=None):
	"""An official's declaration in a round, with its signed statement (a PDF), submitted."""
	from frappe.model.workflow import apply_workflow

	doc = frappe.get_doc(
		{
			"doctype": "Kinship Declaration",
			"official": official,
			"round": round_name,
			"no_family_tie": 0 if relatives else 1,
			"relatives": relatives or [],
		}
	).insert()
	pdf = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"surat-pernyataan-{official}.pdf",
			"content": statement,
			"attached_to_doctype": "Kinship Declaration",
			"attached_to_name": doc.name,
			"attached_to_field": "statement",
			"is_private": 1,
		}
	).insert()
	doc.statement = pdf.file_url
	doc.save()
	return apply_workflow(doc, "Submit")


def ensure_schedule_demo() -> str:
	"""The seeds' rakor, bimtek and supervision visit, with invented participants."""
	if frappe.db.exists("Coordination Meeting", {"topic": ("like", "Rakor pengawasan internal%")}):
		return "Schedule demo: already loaded."
	meetings = (
		(
			"Rakor pengawasan internal dan kode etik PPK dan PPS Baebunta Selatan",
			"73.22",
			"PPK and PPS",
			"2023-09-20 09:00:00",
			"Kantor Camat Baebunta Selatan",
			None,
			"73.22.14",
		),
		(
			"Rakor penegakan kode etik badan ad hoc",
			"73.12",
			"PPK",
			"2023-10-07 09:00:00",
			"Desa Barae, Kecamatan Marioriwawo",
			57,
			"73.12.01",
		),
		("Bimtek KPPS", "53.71", "KPPS", "2024-01-27 08:00:00", "Kelurahan Maulafa", None, "53.71.02"),
	)
	for topic, office, level, starts_on, place, participants, kecamatan in meetings:
		bodies = frappe.get_all(
			"Ad Hoc Body",
			filters={
				"region": within(kecamatan),
				"body_type": ("in", level.replace(" and ", ",").split(",")),
			},
			pluck="name",
			limit=12,
		)
		frappe.get_doc(
			{
				"doctype": "Coordination Meeting",
				"topic": topic,
				"meeting_type": "Bimtek" if topic.startswith("Bimtek") else "Rakor",
				"region": office,
				"body_level": "KPPS" if level == "KPPS" else level,
				"starts_on": starts_on,
				"place": place,
				"status": "Held",
				"participant_count": participants,
				"speakers": "Anggota KPU Provinsi Sulawesi Selatan" if office == "73.12" else None,
				"invitees": [{"ad_hoc_body": body, "confirmed": 1, "attended": 1} for body in bodies],
			}
		).insert()
	ppk = frappe.db.get_value("Ad Hoc Body", {"body_type": "PPK", "region": "73.22.10"})
	for pps in frappe.get_all("Ad Hoc Body", {"body_type": "PPS", "parent_body": ppk}, pluck="name", limit=3):
		frappe.get_doc(
			{
				"doctype": "Supervision Visit",
				"visited_body": pps,
				"visit_kind": "Monitoring",
				"planned_on": "2023-11-08",
				"held_on": "2023-11-08",
				"reported": 1,
				"findings": "Monitoring, supervisi dan evaluasi kode etik sebelum tahapan kampanye: tidak ada temuan.",
			}
		).insert()
	return "Schedule demo: the seeds' rakor (Baebunta Selatan, Marioriwawo), bimtek (Maulafa) and visits (Mappedeceng)."


# --- complaints, sanctions and rehabilitation ------------------------------------------------------
COMPLAINT_MARK = "(demo)"
# Each case: (key, source, stage it reaches, days since it was filed). Luwu Utara has one of each;
# Soppeng and Kota Kupang a late one and one that ended in a sanction in force.
CASES = (
	("received", "Laporan", "Received", 1),
	("late", "Laporan", "Administrative Verification", 12),
	("clarification", "Temuan", "Clarification", 3),
	("hearing", "Laporan", "Examination", 9),
	("plenary", "Laporan", "Plenary", 15),
	("in_force", "Laporan", "Closed - Proven", 40),
	("ended", "Temuan", "Closed - Proven", 120),
	("not_proven", "Laporan", "Closed - Not Proven", 60),
	("forwarded", "Laporan", "Forwarded", 20),
	("in_absentia", "Laporan", "Closed - Proven", 30),
)
OTHER_OFFICE_CASES = ("late", "in_force")
CASE_OFFICES = {"73.22": None, "73.12": OTHER_OFFICE_CASES, "53.71": OTHER_OFFICE_CASES}
CHRONOLOGY = {
	"received": "Teradu diduga menghadiri kampanye salah satu calon anggota DPRD dengan atribut partai.",
	"late": "Teradu diduga menerima uang dari tim kampanye untuk memenangkan calon tertentu.",
	"clarification": "Temuan pengawasan: teradu mengunggah dukungan kepada calon di media sosial.",
	"hearing": "Teradu diduga mengubah catatan hasil penghitungan suara di tingkat desa.",
	"plenary": "Teradu diduga tidak netral saat rekapitulasi di tingkat kecamatan.",
	"in_force": "Teradu tidak hadir pada rapat pleno rekapitulasi tanpa keterangan.",
	"ended": "Temuan pengawasan: teradu merangkap sebagai anggota tim kampanye.",
	"not_proven": "Teradu dilaporkan membagikan bahan kampanye; pemeriksaan tidak membuktikannya.",
	"forwarded": "Pegawai sekretariat diduga membocorkan data pemilih kepada partai politik.",
	"in_absentia": "Teradu diduga memihak salah satu calon; teradu tidak memenuhi dua kali panggilan.",
}


def ensure_complaint_demo() -> str:
	"""Complaints of Luwu Utara at every stage (a late and escalated one, one forwarded, one decided in
	absentia, hearings this week), a sanction in force, one ended, one to put in force and a
	rehabilitation; Soppeng and Kota Kupang get a late complaint and a sanction in force. Dates are
	counted back from today, so the demo is always in the middle of its cases."""
	from kpu_etik.complaints.handling import watch_deadlines

	if frappe.db.exists("Complaint", {"chronology": ("like", f"%{COMPLAINT_MARK}")}):
		return "Complaint demo: already loaded."
	made = 0
	for office, keys in CASE_OFFICES.items():
		respondents = frappe.get_all(
			"Official",
			# Not the members with a portal account: the portal demo stays theirs.
			filters={
				"level": ("in", ("PPS", "PPK")),
				"region": within(office),
				"status": "Active",
				"user": ("is", "not set"),
			},
			pluck="name",
			order_by="name desc",
			limit=len(CASES),
		)
		examiners = frappe.get_all(
			"Official",
			filters={"level": "KPU Kabupaten/Kota", "office_region": office},
			fields=["name", "position"],
			order_by="position desc, name",  # the Ketua first
			limit=3,
		)
		staff = frappe.db.get_value("Official", {"level": "Sekretariat", "office_region": office})
		for number, (key, source, stage, age) in enumerate(CASES):
			if keys and key not in keys:
				continue
			respondent = staff if key == "forwarded" else respondents[number]
			demo_case(key, source, stage, age, respondent, examiners, office)
			made += 1
	watch_deadlines()  # the late ones are escalated, as the daily job does
	return f"Complaint demo: {made} complaints at every stage, with their hearings, sanctions and letters."


def demo_case(key, source, stage, age, respondent, examiners, office):
	from frappe.model.workflow import apply_workflow
	from frappe.utils import add_days, getdate, today

	from kpu_etik.complaints.handling import deadline_for

	filed = getdate(add_days(today(), -age))
	doc = frappe.get_doc(
		{
			"doctype": "Complaint",
			"source": source,
			"received_via": "Internal Supervision" if source == "Temuan" else "In Person",
			"respondents": [{"official": respondent}],
			"chronology": f"{CHRONOLOGY[key]} {COMPLAINT_MARK}",
			# Where it happened, as a complainant writes it: the place's name, not its code.
			"incident_place": frappe.db.get_value(
				"Region", frappe.db.get_value("Official", respondent, "region"), "region_name"
			),
			"aware_on": add_days(filed, -2),
			"filed_on": filed,
			"anonymous": 1,
		}
	).insert()

	def move(action, **fields):
		nonlocal doc
		if fields:
			doc.update(fields)
			doc.save()
		doc = apply_workflow(doc, action)

	path = {
		"Received": (),
		"Administrative Verification": ("Start Verification",),
		"Clarification": ("Start Verification", "Clarify"),
		"Forwarded": ("Start Verification", "Forward"),
		"Examination": ("Start Verification", "Clarify", "Examine"),
		"Plenary": ("Start Verification", "Clarify", "Examine", "To Plenary"),
	}
	closing = {"Closed - Proven": "Close as Proven", "Closed - Not Proven": "Close as Not Proven"}
	steps = path[stage] if stage in path else (*path["Plenary"], closing[stage])
	team = [
		{"official": e.name, "team_role": "Ketua" if i == 0 else "Anggota"} for i, e in enumerate(examiners)
	]
	for action in steps:
		if action == "Forward":
			move(action, forwarding_reference=f"Surat KPU {office} kepada Inspektorat KPU {COMPLAINT_MARK}")
		elif action == "Examine":
			move(action, examiners=team)
		elif action in closing.values():
			if key == "in_absentia":
				absent_hearings(doc, respondent, filed)
			move(
				action,
				plenary_date=add_days(today(), -max(age - 20, 1)),
				plenary_attendance="5 anggota KPU hadir",
				decision_summary=(
					"Diputus tanpa kehadiran teradu setelah dua kali dipanggil secara patut."
					if key == "in_absentia"
					else "Rapat pleno memutus berdasarkan hasil pemeriksaan Tim Pemeriksa."
				),
			)
		else:
			move(action)
	if key == "hearing":
		hearing(doc, respondent, add_days(today(), 3), add_days(today(), -3), "")
	# The stage's own clock, as if each step had been taken on time until the last.
	entered = getdate(add_days(today(), -(age if key == "late" else min(age, 1))))
	if doc.stage_deadline:
		doc.db_set(
			{
				"stage_entered_on": entered,
				"stage_deadline": deadline_for(
					stage if stage != "Received" else "Administrative Verification", entered
				),
			}
		)
	if key in ("in_force", "ended", "in_absentia"):
		demo_sanction(key, doc, respondent, office, filed)
	elif key == "not_proven":
		demo_rehabilitation(doc, respondent, office)


def hearing(complaint, official, on, sent_on, outcome):
	frappe.get_doc(
		{
			"doctype": "Complaint Hearing",
			"complaint": complaint.name,
			"hearing_date": on,
			"place": "Ruang rapat KPU",
			"summonses": [
				{
					"party_type": "Respondent",
					"person_name": frappe.db.get_value("Official", official, "full_name"),
					"official": official,
					"sent_on": sent_on,
					"delivery": "Letter",
					"outcome": outcome,
				}
			],
		}
	).insert()


def absent_hearings(complaint, official, filed):
	from frappe.utils import add_days

	for first_day in (7, 14):
		hearing(complaint, official, add_days(filed, first_day + 6), add_days(filed, first_day), "Absent")


def letter_number(kind: str, office: str, serial: int) -> str:
	from frappe.utils import getdate, today

	month = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")[
		getdate(today()).month - 1
	]
	return f"{serial}/PP.01-{kind}/{office.replace('.', '')}/{month}/{getdate(today()).year}"


def demo_sanction(key, complaint, official, office, filed):
	from frappe.model.workflow import apply_workflow
	from frappe.utils import add_days, today

	from kpu_etik.sanctions.sanctioning import issue_letter

	kind = {
		"in_force": ("Peringatan Tertulis", add_days(today(), -10), None),
		"ended": ("Pemberhentian Sementara", add_days(filed, 30), add_days(filed, 60)),
		"in_absentia": ("Peringatan Keras Tertulis", today(), None),
	}[key]
	doc = frappe.get_doc(
		{
			"doctype": "Sanction",
			"official": official,
			"complaint": complaint.name,
			"sanction_type": kind[0],
			"letter_number": letter_number("SD", office, 40 + len(key)),
			"letter_date": kind[1],
			"effective_from": kind[1],
			"until": kind[2],
		}
	).insert()
	doc = apply_workflow(doc, "Approve in Plenary")
	if key == "in_absentia":
		return  # decided, its letter still to be issued: on the legal officer's list
	doc = apply_workflow(doc, "Put in Force")
	issue_letter("Sanction", doc.name, secret=demo_secret())
	if key == "ended":
		doc.db_set("end_reason", "Masa pemberhentian sementara telah berakhir.")
		apply_workflow(frappe.get_doc("Sanction", doc.name), "Lift")


def demo_rehabilitation(complaint, official, office):
	from frappe.utils import today

	from kpu_etik.sanctions.sanctioning import issue_letter

	doc = frappe.get_doc(
		{
			"doctype": "Rehabilitation",
			"official": official,
			"complaint": complaint.name,
			"letter_number": letter_number("RH", office, 12),
			"letter_date": today(),
		}
	).insert()
	issue_letter("Rehabilitation", doc.name, secret=demo_secret())


LUWU_OPEN_ROUND = "Deklarasi Hubungan Kekerabatan PPS - Pemilihan 2024 - KPU Luwu Utara"


def ensure_work_demo() -> str:
	"""Work due now for every demo office: an open declaration round of Luwu Utara with declarations
	to verify and to announce, supervision visits due and late, a rakor next week, and last month's
	compliance reports archived as PDFs (Luwu Utara and the province)."""
	from frappe.model.workflow import apply_workflow
	from frappe.utils import add_days, today

	from kpu_etik.supervision.compliance import send_compliance_reports

	if frappe.db.exists("Kinship Declaration Round", {"title": LUWU_OPEN_ROUND}):
		return "Work demo: already loaded."
	round_doc = frappe.get_doc(
		{
			"doctype": "Kinship Declaration Round",
			"title": LUWU_OPEN_ROUND,
			"election": "Pemilihan 2024",
			"region": "73.22",
			"deadline": add_days(today(), 10),
		}
	).insert()
	members = frappe.get_all(
		"Official",
		filters={"level": "PPS", "region": within("73.22.10"), "status": "Active"},
		fields=["name"],
		order_by="name",
		limit=6,
	)
	statement = blank_pdf()
	for number, member in enumerate(members):
		doc = submitted_declaration(member.name, round_doc.name, statement)
		if number < 2:
			apply_workflow(doc, "Verify")
	# Visits: one due in two days, one planned last week and not yet held.
	ppk = frappe.db.get_value("Ad Hoc Body", {"body_type": "PPK", "region": "73.22.14"})
	pps = frappe.get_all("Ad Hoc Body", {"body_type": "PPS", "parent_body": ppk}, pluck="name", limit=2)
	for body, planned in zip(pps, (add_days(today(), 2), add_days(today(), -5)), strict=False):
		frappe.get_doc(
			{
				"doctype": "Supervision Visit",
				"visited_body": body,
				"visit_kind": "Supervisi",
				"planned_on": planned,
			}
		).insert()
	bodies = frappe.get_all("Ad Hoc Body", {"body_type": "PPK", "region": within("73.22")}, pluck="name")
	frappe.get_doc(
		{
			"doctype": "Coordination Meeting",
			"topic": "Rakor evaluasi kode etik PPK se-Kabupaten Luwu Utara",
			"meeting_type": "Rakor",
			"region": "73.22",
			"body_level": "PPK",
			"starts_on": morning_in(4),
			"place": "Aula KPU Kabupaten Luwu Utara, Masamba",
			"status": "Planned",
			"invitees": [{"ad_hoc_body": body} for body in bodies],
		}
	).insert()
	seats_to_fill()
	for region, role in (("73.22", "KPU Kabkota Legal Officer"), ("73", "KPU Provinsi User")):
		if not frappe.db.exists("Compliance Report Settings", {"region": region}):
			frappe.get_doc(
				{
					"doctype": "Compliance Report Settings",
					"region": region,
					"frequency": "Monthly",
					"enabled": 1,
					"recipient_roles": [{"role": role}],
				}
			).insert()
	reports = send_compliance_reports("Monthly", now=True)  # the demo needs them before its first visitor
	return (
		f"Work demo: an open round of Luwu Utara with {len(members)} declarations to verify or announce, "
		f"visits and a rakor due, {len(reports)} compliance report(s) archived."
	)


def morning_in(days: int):
	"""Nine o'clock, `days` days from now: when a demo meeting starts."""
	from frappe.utils import add_to_date, now_datetime

	return add_to_date(now_datetime(), days=days).replace(hour=9, minute=0, second=0, microsecond=0)


def seats_to_fill():
	"""The operator's work in Luwu Utara: a PPS member who resigned (a replacement to seat), and a few
	members whose oath or integrity pact is not recorded yet (the others have both)."""
	from frappe.utils import today

	members = frappe.get_all(
		"Official",
		filters={
			"level": ("in", ("PPK", "PPS")),
			"region": within("73.22"),
			"status": "Active",
			"user": ("is", "not set"),
		},
		pluck="name",
		order_by="name",
	)
	pact = frappe.get_doc(
		{"doctype": "File", "file_name": "pakta-integritas.pdf", "content": blank_pdf(), "is_private": 1}
	).insert()
	for number, name in enumerate(members):
		frappe.db.set_value(
			"Official",
			name,
			{
				"oath_date": None if number % 20 == 3 else PERIOD[0],
				"integrity_pact": None if number % 15 == 4 else pact.file_url,
			},
			update_modified=False,
		)
	leaver = frappe.get_doc(
		"Official",
		frappe.db.get_value("Official", {"name": ("in", members), "level": "PPS", "position": "Anggota"}),
	)
	leaver.update(
		{"status": "Resigned", "status_reason": "Mengundurkan diri: pindah domisili.", "leaves_on": today()}
	)
	leaver.save()
