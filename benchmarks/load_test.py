"""A bounded load test of one site at a fixed arrival rate, with the mix of an election day:

- PPS members open their portal home and save their kinship declaration;
- KPU officers (a kabupaten's legal officer, a province user, a KPU RI user) open lists of officials
  with their counts, and officials' forms;
- the public files complaints, reads the register of kinship declarations and downloads it;
- and, in the background, one roster import and one screening job on the RQ workers.

Two parts. In the site, from the bench's sites folder, with the bench's Python (prepares accounts
and picks the records; prints a JSON fixture):

	../env/bin/python /path/to/benchmarks/load_test.py --site SITE --kwargs "{'password': 'x'}" > fixture.json

From anywhere, against the site over HTTP (only loopback addresses are used):

	python benchmarks/load_test.py --url http://127.0.0.1:8090 --fixture fixture.json --rate 20 --seconds 60

Requests are sent on a fixed schedule (open loop: `rate` a second, whatever the answers), each
latency measured from its scheduled time, so a server that falls behind shows it in the latencies
instead of slowing the sender down. The run is bounded: `rate * seconds` requests, each with a
30 s timeout. Prints one JSON line: achieved throughput, p50/p95/p99 and errors per kind.
`benchmarks/load_matrix.sh` runs it over worker counts, with and without the replica.
"""

import json
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
KABUPATEN = "73.22"  # Luwu Utara
MEMBERS = 60
TIMEOUT = 30
# kind: share of the arrivals
MIX = {
	"member_home": 0.25,
	"member_declare": 0.10,
	"officer_list": 0.15,
	"officer_count": 0.10,
	"officer_form": 0.15,
	"public_register": 0.10,
	"public_download": 0.05,
	"public_complaint": 0.10,
}


# --- in the site ---------------------------------------------------------------------------------
def prepare(password: str, members: int = MEMBERS) -> str:
	"""Member accounts for PPS officials of Luwu Utara (the app's own invitation), the bench officer
	accounts, an open declaration round, and the records the requests name."""
	import frappe
	from frappe.utils.password import update_password
	from home_workspace import prepare as prepare_officers

	from kpu_etik.portal import invite_official

	officers = prepare_officers(password)
	round_name = frappe.db.get_value(
		"Kinship Declaration Round", {"region": KABUPATEN}, "name", order_by="creation desc"
	)
	frappe.db.set_value("Kinship Declaration Round", round_name, "is_open", 1, update_modified=False)
	declared = set(frappe.get_all("Kinship Declaration", filters={"round": round_name}, pluck="official"))
	candidates = frappe.db.sql(
		"""select o.name from `tabOfficial` o join `tabAd Hoc Body` b on b.name = o.ad_hoc_body
		where b.body_type = 'PPS' and o.region like %s and o.status = 'Active'
		order by o.name limit %s""",
		(f"{KABUPATEN}.%", members * 3),
		pluck=True,
	)
	seats = []
	for name in [n for n in candidates if n not in declared][:members]:
		email = f"load.{name.lower()}@example.invalid"
		official = frappe.get_doc("Official", name)
		if official.user != email:
			problem = invite_official(official, email)
			if problem:
				continue
		update_password(email, password)
		seats.append({"login": email, "official": name, "round": round_name})
	frappe.db.commit()
	forms = frappe.db.sql(
		"select name from `tabOfficial` where region like %s order by rand() limit 200",
		(f"{KABUPATEN}.%",),
		pluck=True,
	)
	kecamatan = frappe.get_all(
		"Region", filters={"parent_region": KABUPATEN}, pluck="name", order_by="name", limit=20
	)
	return json.dumps(
		{
			"password": password,
			"members": seats,
			"officers": [login for _label, login, _page in officers],
			"officials": forms,
			"kecamatan": kecamatan,
			"kabupaten": KABUPATEN,
		}
	)


def start_jobs(kecamatan: str, screening_officials: int = 200000) -> str:
	"""The background work of the run: a roster import of one kecamatan (its officials are already
	there: the import reads and compares every row) and a screening of a range of officials."""
	import io

	import frappe
	from roster_file import Wilayah, write_roster

	from kpu_etik.jobs import enqueue_long
	from kpu_etik.organization.doctype.official_import.official_import import start

	out = io.StringIO()
	write_roster(Wilayah(str(HERE.parent.parent / "shared" / "data" / "wilayah.csv")), out, region=kecamatan)
	content = out.getvalue().encode()
	file = frappe.get_doc(
		{"doctype": "File", "file_name": f"load-{kecamatan}.csv", "content": content, "is_private": 1}
	).insert(ignore_permissions=True)
	office = kecamatan.rsplit(".", 1)[0]
	record = frappe.get_doc(
		{
			"doctype": "Official Import",
			"region": office,
			"import_file": file.file_url,
			"period_start": "2024-01-02",
			"period_end": "2024-12-31",
		}
	).insert(ignore_permissions=True)
	start(record.name)
	# the same range every run, so that runs compare: officials 2,000,000 to 2,200,000 by name
	first = frappe.db.sql("select name from `tabOfficial` order by name limit 1 offset 2000000")[0][0]
	until = frappe.db.sql(
		"select name from `tabOfficial` where name > %s order by name limit 1 offset %s",
		(first, screening_officials),
	)[0][0]
	enqueue_long(
		"kpu_etik.kinship.screening.screen_shard",
		job_id=f"load-screening::{first}",
		first=first,
		until=until,
	)
	frappe.db.commit()
	return json.dumps({"import": record.name, "screening": [first, until]})


# --- over HTTP -------------------------------------------------------------------------------------
def percentile(values: list[float], share: float) -> float:
	if not values:
		return 0.0
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Load:
	def __init__(self, url: str, fixture: dict, seed: int = 7):
		import requests

		self.url, self.fixture, self.random = url, fixture, random.Random(seed)
		self.requests = requests
		self.sessions = {}
		self.lock = threading.Lock()
		self.results: dict[str, list] = {kind: [] for kind in MIX}
		self.timeline: list[tuple[float, float]] = []
		self.samples: dict[
			str, str
		] = {}  # the end of the first answer of each kind of error  # (when it was due, s from the start; latency)
		self.start = 0.0
		self.errors: dict[str, dict] = {kind: {} for kind in MIX}
		self.complaints = 0
		# a public caller's address (X-Forwarded-For) differs from one run to the next too: the
		# public forms' limits count per address and per hour
		self.first_client = int(time.time()) % 100_000 * 1000

	def session(self, login: str):
		"""A signed-in session per account (signing in is not measured)."""
		if login not in self.sessions:
			session = self.requests.Session()
			answer = session.post(
				f"{self.url}/api/method/login",
				data={"usr": login, "pwd": self.fixture["password"]},
				timeout=TIMEOUT,
			)
			answer.raise_for_status()
			self.sessions[login] = session
		return self.sessions[login]

	def sign_in_everyone(self):
		for login in [m["login"] for m in self.fixture["members"]] + self.fixture["officers"]:
			self.session(login)

	def request(self, kind: str):
		"""The kind's request: (session, method, path, arguments)."""
		pick, f = self.random.choice, self.fixture
		if kind == "member_home":
			return self.session(pick(f["members"])["login"]), "GET", "/member-portal", {}
		if kind == "member_declare":
			seat = pick(f["members"])
			data = {"official": seat["official"], "round": seat["round"], "no_family_tie": 1}
			return (
				self.session(seat["login"]),
				"POST",
				"/api/method/kpu_etik.api.portal.save_my_declaration",
				data,
			)
		if kind == "officer_list":
			fields = ["name", "full_name", "position", "ad_hoc_body", "status"]
			params = {
				"doctype": "Official",
				"fields": json.dumps([f"`tabOfficial`.`{field}`" for field in fields]),
				"filters": json.dumps([["Official", "region", "like", f"{pick(f['kecamatan'])}%"]]),
				"order_by": "`tabOfficial`.`modified` desc",
				"start": 0,
				"page_length": 20,
				"view": "List",
				"with_comment_count": 1,
			}
			return self.session(pick(f["officers"])), "GET", "/api/method/frappe.desk.reportview.get", params
		if kind == "officer_count":
			# as the list view asks: counted up to 1,001 ("1,000+"), Frappe v15's count_upper_bound
			filters = json.dumps([["Official", "status", "=", "Active"]])
			params = {"doctype": "Official", "filters": filters, "limit": 1001}
			return (
				self.session(pick(f["officers"])),
				"GET",
				"/api/method/frappe.desk.reportview.get_count",
				params,
			)
		if kind == "officer_form":
			params = {"doctype": "Official", "name": pick(f["officials"])}
			return (
				self.session(pick(f["officers"])),
				"GET",
				"/api/method/frappe.desk.form.load.getdoc",
				params,
			)
		if kind == "public_register":
			return self.requests, "GET", "/kinship-register", {"region": pick(f["kecamatan"])}
		if kind == "public_download":
			params = {"region": pick(f["kecamatan"]), "format": "csv"}
			return self.requests, "GET", "/api/method/kpu_etik.api.public.register_download", params
		with self.lock:
			self.complaints += 1
			number = self.complaints
		data = {
			"respondent_name": "Petugas Contoh",
			"respondent_region": pick(f["kecamatan"]),
			"chronology": f"Uji beban {number}: petugas diduga tidak netral saat rapat pleno.",
			"anonymous": 1,
		}
		return self.requests, "POST", "/api/method/kpu_etik.api.public.submit_public_complaint", data

	def send(self, kind: str, due: float, client: int):
		session, method, path, args = self.request(kind)
		# Each public caller is its own address behind the proxy (rate limits are per address).
		number = (self.first_client + client) % (1 << 17)  # 198.18.0.0/15, a range for benchmarks
		headers = {"X-Forwarded-For": f"198.{18 + (number >> 16)}.{number >> 8 & 255}.{number & 255}"}
		try:
			if method == "GET":
				answer = session.get(self.url + path, params=args, headers=headers, timeout=TIMEOUT)
			else:
				answer = session.post(self.url + path, data=args, headers=headers, timeout=TIMEOUT)
			status, text = answer.status_code, answer.text
		except Exception as exc:  # a timeout or a refused connection is an error of the run
			status, text = type(exc).__name__, str(exc)
		took = time.perf_counter() - due
		with self.lock:
			self.results[kind].append(took)
			self.timeline.append((due - self.start, took))
			if status != 200:
				self.errors[kind][str(status)] = self.errors[kind].get(str(status), 0) + 1
				self.samples.setdefault(f"{kind} {status}", text[-300:])

	def warm_up(self, rate: float, seconds: float):
		"""The same mix before the measured run, not counted: every worker process has loaded what
		a first request loads (metas, translations) before the clock starts."""
		if seconds > 0:
			self.run(rate, seconds)
		self.results = {kind: [] for kind in MIX}
		self.errors = {kind: {} for kind in MIX}
		self.timeline = []

	def run(self, rate: float, seconds: float) -> dict:
		kinds, weights = list(MIX), list(MIX.values())
		total = int(rate * seconds)
		plan = [self.random.choices(kinds, weights)[0] for _ in range(total)]
		start = self.start = time.perf_counter() + 0.5
		with ThreadPoolExecutor(max_workers=200) as pool:
			for n, kind in enumerate(plan):
				due = start + n / rate
				pause = due - time.perf_counter()
				if pause > 0:
					time.sleep(pause)
				pool.submit(self.send, kind, due, n)
		finished = time.perf_counter() - start
		done = sum(len(v) for v in self.results.values())
		return {
			"rate": rate,
			"seconds": seconds,
			"requests": done,
			"throughput": round(done / finished, 2),
			"errors": sum(sum(e.values()) for e in self.errors.values()),
			"all_ms": {
				f"p{q}": round(percentile([took for _due, took in self.timeline], q / 100) * 1000)
				for q in (50, 95, 99)
			},
			# p95 of each 10 s of the run: a stall shows where it was, not only in the totals
			"p95_ms_by_10s": [
				round(percentile([took for due, took in self.timeline if w <= due < w + 10], 0.95) * 1000)
				for w in range(0, int(seconds), 10)
			],
			"error_samples": self.samples,
			"kinds": {
				kind: {
					"n": len(took),
					"p50_ms": round(percentile(took, 0.50) * 1000),
					"p95_ms": round(percentile(took, 0.95) * 1000),
					"p99_ms": round(percentile(took, 0.99) * 1000),
					"errors": self.errors[kind],
				}
				for kind, took in self.results.items()
			},
		}


def main():
	import argparse

	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--url", required=True)
	parser.add_argument("--fixture", required=True)
	parser.add_argument("--rate", type=float, default=10)
	parser.add_argument("--seconds", type=float, default=60)
	parser.add_argument("--warm-up", type=float, default=15, help="seconds of load before the measured run")
	args = parser.parse_args()
	if not args.url.startswith(("http://127.", "http://localhost", "http://[::1]")):
		sys.exit("only a server on this machine's loopback is a target")
	load = Load(args.url.rstrip("/"), json.loads(Path(args.fixture).read_text()))
	load.sign_in_everyone()
	load.warm_up(args.rate, args.warm_up)
	print(json.dumps(load.run(args.rate, args.seconds)))


if __name__ == "__main__":
	if "--site" in sys.argv:
		sys.path.insert(0, str(HERE))
		from in_site import main as in_site

		in_site(start_jobs if "'kecamatan'" in sys.argv[-1] else prepare)
	else:
		main()
