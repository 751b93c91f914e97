"""Data for benchmarks/portal_home_benchmark.sh: a kabupaten's worth of bodies and officials, and
member accounts that sign in to /member-portal. Run with the bench's Python from its sites folder:

	../env/bin/python /path/to/benchmarks/portal_home_data.py --site benchportal.localhost

Kabupaten 73.22 (Luwu Utara) gets a PPK per kecamatan (5 members), a PPS per desa (3 members),
8 polling stations per desa each with a KPPS (7 members); bodies and officials are bulk-inserted
with the fields their controllers would set, and a sample is checked against the controllers.
Synthetic bodies have a 2029 period (`PPS-73.22.14.2001-2029`), accounts end in @bench.kpu-etik.test.
A round, meetings and visits go through the document API. Running it again adds nothing twice.
Prints `COUNT key value` and `MEMBER login body_name` lines for the driver.
"""

import argparse
import random
from datetime import date

import frappe
from frappe.utils import add_days, now_datetime, today

KABUPATEN = "73.22"
PERIOD = (date(2029, 1, 2), date(2030, 12, 31))
YEAR = PERIOD[0].year
TPS_PER_DESA = 8
DOMAIN = "bench.kpu-etik.test"
ROUND_TITLE = "Benchmark: Deklarasi Hubungan Kekerabatan 2029 - KPU Luwu Utara"
MEETING_PREFIX = "Benchmark rakor"


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--sites-path", default=".")
	parser.add_argument("--password", required=True, help="password of the member accounts")
	parser.add_argument("--pps-members", type=int, default=16)
	parser.add_argument("--ppk-members", type=int, default=4)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=args.sites_path)
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		if not frappe.db.exists("Region", KABUPATEN):
			raise SystemExit(f"Region {KABUPATEN} is missing: load the regions first (kpu-load-regions).")
		if not frappe.db.exists(
			"Ad Hoc Body", {"region": ("like", f"{KABUPATEN}.%"), "period_start": PERIOD[0]}
		):
			load_bodies()
		check_sample()
		load_schedule()
		members = ensure_members(args.pps_members, args.ppk_members, args.password)
		frappe.db.commit()
		for key, value in counts().items():
			print(f"COUNT {key} {value}")
		for login, body_name in members:
			print(f"MEMBER {login} {body_name}")
	finally:
		frappe.destroy()


def load_bodies():
	from kpu_etik import rules
	from kpu_etik.core.nik import make_nik
	from kpu_etik.demo import FIRST_NAMES, LAST_NAMES

	rand = random.Random(YEAR)
	now = now_datetime()
	std = {"creation": now, "modified": now, "owner": "Administrator", "modified_by": "Administrator"}
	regions = frappe.get_all(
		"Region",
		filters={"name": ("like", f"{KABUPATEN}.%")},
		fields=["name", "region_name", "level"],
		order_by="name",
	)
	stations, bodies, officials, history = [], [], [], []
	series = frappe.db.sql("select current from `tabSeries` where name = 'OFC-' for update")
	number = series[0][0] if series else 0
	serial = {}  # NIK serial per kecamatan (the NIK's district), so NIKs are unique

	def add_body(body_type, region, parent, station=None, body_name=None):
		nonlocal number
		rule = rules.composition_rule(body_type)
		name = f"{body_type}-{station or region.name}-{YEAR}"
		bodies.append(
			{
				**std,
				"name": name,
				"body_type": body_type,
				"body_name": body_name or f"{body_type} {region.region_name}",
				"polling_station": station,
				"region": region.name,
				"parent_body": parent,
				"period_start": PERIOD[0],
				"period_end": PERIOD[1],
				"status": "Active",
				"member_count": rule.members,
				"required_members": rule.members,
				"ketua_count": rule.ketua,
				"needs_replacement": 0,
			}
		)
		district = region.name[:8]
		for seat in range(rule.members):
			number += 1
			serial[district] = serial.get(district, 0) + 1
			sex = rand.choice(("Male", "Female"))
			born = date(rand.randint(1965, 2004), rand.randint(1, 12), rand.randint(1, 28))
			official = f"OFC-{number:07d}"
			officials.append(
				{
					**std,
					"name": official,
					"full_name": f"{rand.choice(FIRST_NAMES)} {rand.choice(LAST_NAMES)}",
					"level": body_type,
					"position": "Ketua" if seat < rule.ketua else "Anggota",
					"ad_hoc_body": name,
					"region": region.name,
					"status": "Active",
					"sex": sex,
					"birth_date": born,
					"nik": make_nik(district, born, sex, serial[district]),
					"no_kk": district.replace(".", "") + f"{rand.randint(1, 9999999999):010d}",
					"oath_date": PERIOD[0],
				}
			)
			# Official.record_status_change logs the first status on insert.
			history.append(
				{
					**std,
					"name": frappe.generate_hash(length=10),
					"parent": official,
					"parenttype": "Official",
					"parentfield": "status_history",
					"idx": 1,
					"from_status": "",
					"to_status": "Active",
					"changed_on": now,
					"changed_by": "Administrator",
				}
			)
		return name

	kecamatan = [r for r in regions if r.level == "Kecamatan"]
	for kec in kecamatan:
		ppk = add_body("PPK", kec, None)
		for desa in (r for r in regions if r.level == "Desa/Kelurahan" and r.name.startswith(kec.name + ".")):
			pps = add_body("PPS", desa, ppk)
			for tps in range(1, TPS_PER_DESA + 1):
				station = f"{desa.name}-TPS{tps:03d}"
				stations.append(
					{
						**std,
						"name": station,
						"region": desa.name,
						"tps_number": tps,
						"registered_voters": rand.randint(180, 300),
					}
				)
				add_body("KPPS", desa, pps, station, f"KPPS TPS {tps:03d} {desa.region_name}")
	for doctype, rows in (
		("Polling Station", stations),
		("Ad Hoc Body", bodies),
		("Official", officials),
		("Official Status Change", history),
	):
		fields = list(rows[0])
		frappe.db.bulk_insert(doctype, fields, [[row[f] for f in fields] for row in rows])
	# Officials named later by the naming series must not collide with the bulk-inserted ones.
	if series:
		frappe.db.sql("update `tabSeries` set current = %s where name = 'OFC-'", number)
	else:
		frappe.db.sql("insert into `tabSeries` (name, current) values ('OFC-', %s)", number)


def check_sample():
	"""The bulk rows must be what the controllers would produce: recompute one of each kind."""
	for body_type in ("PPK", "PPS", "KPPS"):
		name = frappe.db.get_value("Ad Hoc Body", {"body_type": body_type, "period_start": PERIOD[0]})
		body = frappe.get_doc("Ad Hoc Body", name)
		stored = body.as_dict()
		body.autoname()
		body.check_placement()
		body.set_body_name()
		body.refresh_composition()
		for field in (
			"name",
			"body_name",
			"member_count",
			"required_members",
			"ketua_count",
			"needs_replacement",
		):
			assert body.get(field) == stored.get(field), (name, field, body.get(field), stored.get(field))
		official = frappe.get_doc("Official", {"ad_hoc_body": name, "position": "Anggota"})
		stored = official.as_dict()
		official.set_region()
		official.validate_nik()
		for field in ("region", "sex", "birth_date"):
			assert str(official.get(field)) == str(stored.get(field)), (official.name, field)


def load_schedule():
	"""An open declaration round, meetings inviting the PPS bodies, open visits to KPPS bodies."""
	if not frappe.db.exists("Kinship Declaration Round", {"title": ROUND_TITLE}):
		frappe.get_doc(
			{
				"doctype": "Kinship Declaration Round",
				"title": ROUND_TITLE,
				"election": f"Pemilu {YEAR}",
				"region": KABUPATEN,
				"deadline": add_days(today(), 14),
				"is_open": 1,
			}
		).insert()
	pps = frappe.get_all(
		"Ad Hoc Body",
		filters={"body_type": "PPS", "period_start": PERIOD[0]},
		fields=["name", "parent_body"],
		order_by="name",
	)
	if not frappe.db.exists("Coordination Meeting", {"topic": ("like", f"{MEETING_PREFIX}%")}):
		# Kabupaten-wide meetings (every PPS, one with the PPK too), one per kecamatan; one held last week.
		ppks = frappe.get_all(
			"Ad Hoc Body",
			filters={"body_type": "PPK", "period_start": PERIOD[0]},
			fields=["name", "body_name"],
		)
		everyone = [b.name for b in ppks] + [b.name for b in pps]
		plans = [
			("PPK dan PPS", "PPK and PPS", -6, everyone),
			("bimtek PPS", "PPS", 9, [b.name for b in pps]),
		]
		for number, ppk in enumerate(ppks):
			invited = [b.name for b in pps if b.parent_body == ppk.name]
			plans.append((f"PPS {ppk.body_name.removeprefix('PPK ')}", "PPS", 2 + number, invited))
		for topic, level, days, invited in plans:
			frappe.get_doc(
				{
					"doctype": "Coordination Meeting",
					"topic": f"{MEETING_PREFIX} {topic}",
					"meeting_type": "Bimtek" if "bimtek" in topic else "Rakor",
					"region": KABUPATEN,
					"body_level": level,
					"starts_on": f"{add_days(today(), days)} 09:00:00",
					"place": "Kantor KPU Luwu Utara, Masamba",
					"status": "Planned" if days > 0 else "Held",
					"invitees": [{"ad_hoc_body": body} for body in invited],
				}
			).insert()
	if not frappe.db.exists("Supervision Visit", {"visited_body": ("like", f"KPPS-{KABUPATEN}.%-{YEAR}")}):
		# Each PPS plans visits to three of its KPPS: one due today, two ahead.
		for body in pps:
			visitor = frappe.db.get_value("Official", {"ad_hoc_body": body.name, "position": "Ketua"})
			kpps = frappe.get_all(
				"Ad Hoc Body", filters={"parent_body": body.name}, pluck="name", order_by="name", limit=3
			)
			for days, visited in zip((0, 7, 14), kpps, strict=False):
				frappe.get_doc(
					{
						"doctype": "Supervision Visit",
						"visited_body": visited,
						"visitor": visitor,
						"planned_on": add_days(today(), days),
					}
				).insert()


def ensure_members(pps_count: int, ppk_count: int, password: str) -> list[tuple[str, str]]:
	"""Accounts for members of PPS and PPK spread over the kabupaten, linked to their Official
	through the document API so Official.on_update grants the portal role and the region."""
	from frappe.utils.password import update_password

	members = []
	for body_type, count in (("PPS", pps_count), ("PPK", ppk_count)):
		bodies = frappe.get_all(
			"Ad Hoc Body",
			filters={"body_type": body_type, "period_start": PERIOD[0]},
			fields=["name", "body_name"],
			order_by="name",
		)
		step = max(len(bodies) // count, 1)
		for number, body in enumerate(bodies[::step][:count], start=1):
			login = f"{body_type.lower()}{number:02d}@{DOMAIN}"
			official = frappe.db.get_value(
				"Official",
				{"ad_hoc_body": body.name, "position": "Anggota"},
				["name", "full_name", "user"],
				as_dict=True,
				order_by="name",
			)
			if not frappe.db.exists("User", login):
				first, _sep, last = official.full_name.partition(" ")
				user = frappe.get_doc(
					{
						"doctype": "User",
						"email": login,
						"first_name": first,
						"last_name": last or None,
						"user_type": "Website User",
						"language": "id",
						"send_welcome_email": 0,
					}
				)
				user.insert(ignore_permissions=True)
			update_password(login, password)
			if official.user != login:
				before = frappe.db.get_value(
					"Ad Hoc Body", body.name, ["member_count", "ketua_count", "needs_replacement"]
				)
				doc = frappe.get_doc("Official", official.name)
				doc.user = login
				doc.email = login
				doc.save(ignore_permissions=True)
				# on_update recounted the body: the bulk counts must survive it.
				after = frappe.db.get_value(
					"Ad Hoc Body", body.name, ["member_count", "ketua_count", "needs_replacement"]
				)
				assert before == after, (body.name, before, after)
			members.append((login, body.body_name))
	return members


def counts() -> dict:
	scoped = {"region": ("like", f"{KABUPATEN}.%")}
	result = {
		f"{kind}_bodies": frappe.db.count("Ad Hoc Body", {**scoped, "body_type": kind})
		for kind in ("PPK", "PPS", "KPPS")
	}
	result.update(
		polling_stations=frappe.db.count("Polling Station", scoped),
		officials=frappe.db.count("Official", scoped),
		officials_in_site=frappe.db.count("Official"),
		member_accounts=frappe.db.count("Official", {**scoped, "user": ("is", "set")}),
		open_rounds=frappe.db.count("Kinship Declaration Round", {"is_open": 1}),
		meetings=frappe.db.count("Coordination Meeting"),
		meeting_invitees=frappe.db.count("Meeting Invitee"),
		supervision_visits=frappe.db.count("Supervision Visit"),
	)
	return result


if __name__ == "__main__":
	main()
