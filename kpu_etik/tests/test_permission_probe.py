"""The permission probe: every role at two regions and portal members, every doctype of the app,
every read route Frappe v15 serves, over real HTTP (Frappe's WSGI application, the site's MariaDB).

Values a user must not see are planted (NIKs, contacts, complainants, records of another province,
a colleague's contact, history of an edited NIK) and every raw response is searched for them. Each
route also has a positive control: a user who may see a planted value gets it through that route,
so a route that answered nothing at all would fail the probe rather than pass it.

Prints `N probes, N leaks` (and the server errors, which must be 0 too).
"""

import json
from collections import Counter
from datetime import date
from urllib.parse import urlencode

import frappe
from frappe.tests.test_api import make_request
from frappe.utils import get_test_client
from frappe.utils.password import delete_all_passwords_for, update_password

from kpu_etik.core.nik import make_nik
from kpu_etik.doctypes import app_doctypes
from kpu_etik.permissions import parents_of
from kpu_etik.tests import factories as f

PASSWORD = "Probe-Sandi-2029!"
KUPANG_KECAMATAN = "53.71.01"  # another province: no scoped user below reaches it

RI, PROV, LEGAL, OPERATOR, SECRETARIAT, INTAKE, LEGAL_SOPPENG, DPO, PPK, PPS, SYSTEM = (
	f"probe.{who}@kpu-etik.test"
	for who in (
		"ri",
		"prov",
		"legal",
		"operator",
		"secretariat",
		"intake",
		"legal.soppeng",
		"dpo",
		"ppk",
		"pps",
		"it",
	)
)
GRANTS = {
	RI: ("KPU RI User", "ID"),
	PROV: ("KPU Provinsi User", "73"),
	LEGAL: ("KPU Kabkota Legal Officer", f.LUWU_UTARA),
	OPERATOR: ("KPU Kabkota Operator", f.LUWU_UTARA),
	SECRETARIAT: ("KPU Secretariat", f.LUWU_UTARA),
	INTAKE: ("KPU Complaint Intake Officer", f.LUWU_UTARA),
	LEGAL_SOPPENG: ("KPU Kabkota Legal Officer", f.SOPPENG),
	# The province's data protection officer: requests, breaches, holds and the access log, no identity.
	DPO: ("Data Protection Officer", "73"),
}
# The site's IT administrator (System Manager) may see every value: the positive control for the
# records only System Manager reads (Version, Comment lists).
USERS = (*GRANTS, PPK, PPS, SYSTEM)
LUWU_STAFF = {RI, PROV, LEGAL, OPERATOR, SECRETARIAT}
SOPPENG_STAFF = {RI, PROV, LEGAL_SOPPENG}


# Routes that give their value to no one, so no user is their positive control (the plant asserts that
# the server holds the value instead).
NOTHING_TO_ANYONE = ("client.get_password",)


def nik(district, serial, born=date(1991, 2, 3), sex="Male"):
	return make_nik(district, born, sex, serial)


# Doctypes whose name filters read the full-text index, and planted surnames to search them by.
NAME_SEARCH = ("Official",)
NAME_SEARCH_WORDS = ("zqforeign", "zqown", "zqppk", "zqmember", "zqcolleague", "zqotherpps")


class Plant:
	"""The planted records and, for each planted value, who may see it."""

	def __init__(self):
		self.allowed: dict[str, set[str]] = {}
		self.records: list[tuple[str, str]] = []
		self.created: list[tuple[str, str]] = []
		self.file_urls: list[tuple[str, set[str]]] = []
		self.pdf_records: list[tuple[str, str]] = []
		self.password_records: list[tuple[str, str, str]] = []

	def secret(self, value: str, *seers) -> str:
		"""A planted value and who may see it; the System Manager sees any value still in a form."""
		allowed = set().union(*[s if isinstance(s, set) else {s} for s in seers])
		self.allowed[value] = allowed | {SYSTEM} if seers else set()
		return value

	def keep(self, doc, probe=True):
		self.created.append((doc.doctype, doc.name))
		if probe:
			self.records.append((doc.doctype, doc.name))
		return doc


class TestPermissionProbe(f.KpuEtikTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		purge()
		cls.plant = plant_everything()
		frappe.db.commit()  # the requests run in their own thread, on their own connection
		cls.clients = {user: signed_in(user) for user in USERS}

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		purge()
		super().tearDownClass()

	def test_no_route_shows_a_user_what_they_may_not_see(self):
		probe = Probe(self.clients, self.plant)
		probe.run_all()
		print(f"\n{probe.count} probes, {len(probe.leaks)} leaks, {len(probe.errors)} server errors")
		print("routes: " + ", ".join(f"{route} {n}" for route, n in sorted(probe.by_route.items())))
		if probe.leaks:
			by_route = Counter(leak.split(" in ", 1)[-1].split(" /")[0] for leak in probe.leaks)
			print("leaks by route: " + ", ".join(f"{route} {n}" for route, n in by_route.most_common()))
		for line in probe.leaks[:60] + probe.errors[:60]:
			print("  " + line)
		self.assertEqual(probe.leaks, [], "\n".join(probe.leaks[:40]))
		self.assertEqual(probe.errors, [], "\n".join(probe.errors[:40]))
		missing = sorted(set(probe.by_route) - set(probe.positives) - set(NOTHING_TO_ANYONE))
		self.assertEqual(missing, [], "routes that never returned a planted value to a user allowed it")
		self.assertGreater(probe.count, 2000)


def purge():
	"""Remove what a run of the probe planted (also after a run that stopped half-way)."""
	frappe.db.rollback()
	# Never [""]: Frappe reads `in ("")` as "empty or NULL", which took every File attached to nothing
	# (Frappe's own Home and Attachments folders), every ToDo and Communication about nothing.
	complaints = frappe.get_all("Complaint", {"chronology": ("like", "%Zqchron%")}, pluck="name") or ["-"]
	for doctype, filters in (
		("Complaint Hearing", {"complaint": ("in", complaints or [""])}),
		("Complaint Log Entry", {"complaint": ("in", complaints or [""])}),
		("Comment", {"reference_name": ("in", complaints or [""])}),
		("Tag Link", {"document_name": ("in", complaints or [""])}),
		("ToDo", {"reference_name": ("in", complaints or [""])}),
		("Communication", {"reference_name": ("in", complaints or [""])}),
		("Document Follow", {"ref_docname": ("in", complaints or [""])}),
		("File", {"attached_to_name": ("in", complaints or [""])}),
		("Version", {"docname": ("in", complaints or [""])}),
		("Complaint", {"name": ("in", complaints or [""])}),
		("Election Candidate", {"full_name": ("like", "%Zqcandidate%")}),
		("Candidate List Import", {"election": ("like", "%Zqimport%")}),
		("Kinship Declaration", {"official_name": ("like", "%Zq%")}),
		("Kinship Declaration Round", {"title": "Probe round Kupang"}),
		("Data Subject Request", {"details": ("like", "%Zqsalinan%")}),
		("Data Breach", {"title": ("like", "%Zqbreach%")}),
		("Retention Hold", {"reason": ("like", "%Zqhold%")}),
		("Region Access", {"user": ("in", USERS)}),
		("KPU Office", {"office_name": ("like", "%Zqoffice%")}),
	):
		names = frappe.get_all(doctype, filters, pluck="name")
		for table in frappe.get_meta(doctype).get_table_fields():
			frappe.db.delete(table.options, {"parenttype": doctype, "parent": ("in", names or [""])})
		frappe.db.delete(doctype, {"name": ("in", names or [""])})
		if doctype == "KPU Office":
			for name in names:
				delete_all_passwords_for(doctype, name)
	frappe.clear_cache()
	f.purge_test_period()
	# history of the officials just removed
	frappe.db.sql(
		"delete from `tabVersion` where ref_doctype = 'Official' and docname not in (select name from `tabOfficial`)"
	)
	frappe.db.commit()


def signed_in(user):
	client = get_test_client()
	response = make_request(client.post, ("/api/method/login",), {"data": {"usr": user, "pwd": PASSWORD}})
	assert response.status_code == 200, (user, response.data[:300])
	return client


class Probe:
	def __init__(self, clients, plant: Plant):
		self.clients, self.plant = clients, plant
		self.count = 0
		self.leaks: list[str] = []
		self.errors: list[str] = []
		self.by_route: Counter = Counter()
		self.positives: Counter = Counter()

	def request(self, user, route, path, params=None, method="get"):
		client = self.clients[user]
		if method == "get":
			url = path + ("?" + urlencode(params) if params else "")
			response = make_request(client.get, (url,))
		else:
			response = make_request(client.post, (path,), {"data": params or {}})
		self.count += 1
		self.by_route[route] += 1
		body = response.data.decode("utf-8", "replace")
		if response.headers.get("Content-Type", "").startswith("application/pdf"):
			body = pdf_text(response.data)
		where = f"{route} {path} {json.dumps(params)[:160]} as {user} -> {response.status_code}"
		if response.status_code >= 500:
			self.errors.append(where + " " + exception_of(body))
		asked = path + json.dumps(params)
		for value, seers in self.plant.allowed.items():
			# a value the request itself names (a document's name, echoed in a refusal) is not a leak
			if value in body and value not in asked:
				if user in seers:
					self.positives[route] += 1
				else:
					self.leaks.append(f"{value!r} in {where}")
		return response

	def run_all(self):
		doctypes = sorted(dt for dt in app_doctypes() if not frappe.get_meta(dt).issingle)
		parents = [dt for dt in doctypes if not frappe.get_meta(dt).istable]
		children = [dt for dt in doctypes if frappe.get_meta(dt).istable]
		for user in self.clients:
			for doctype in parents:
				self.list_routes(user, doctype)
				self.hidden_field_queries(user, doctype)
			for doctype in ("Official", "Complaint", "Election Candidate"):
				self.bad_queries(user, doctype)
			for child in children:
				for parent in parents_of(child):
					self.request(
						user,
						"client.get_list(child)",
						"/api/method/frappe.client.get_list",
						{"doctype": child, "parent": parent, "fields": '["*"]', "limit_page_length": 500},
					)
			for doctype, name in self.plant.records:
				self.document_routes(user, doctype, name)
			for side in (
				"File",
				"Version",
				"Comment",
				"ToDo",
				"Tag Link",
				"Communication",
				"Document Follow",
			):
				self.request(user, f"{side} list", f"/api/resource/{side}", {"fields": '["*"]', "limit": 500})
				self.request(
					user,
					f"{side} client.get_list",
					"/api/method/frappe.client.get_list",
					{"doctype": side, "fields": '["*"]', "limit_page_length": 500},
				)
			for doctype, name, fieldname in self.plant.password_records:
				self.request(
					user,
					NOTHING_TO_ANYONE[0],
					"/api/method/frappe.client.get_password",
					{"doctype": doctype, "name": name, "fieldname": fieldname},
				)
			for url, seers in self.plant.file_urls:
				response = self.request(user, "file download", url)
				if response.status_code == 200 and user not in seers:
					self.leaks.append(f"{url} downloaded by {user}")
				elif response.status_code == 200:
					self.positives["file download"] += 1

	def list_routes(self, user, doctype):
		every = '["*"]'
		self.request(user, "v1 list", f"/api/resource/{doctype}", {"fields": every, "limit": 500})
		self.request(user, "v1 list (api/v1)", f"/api/v1/resource/{doctype}", {"fields": every, "limit": 500})
		self.request(user, "v2 list", f"/api/v2/document/{doctype}", {"fields": every, "limit": 500})
		self.request(
			user,
			"client.get_list",
			"/api/method/frappe.client.get_list",
			{"doctype": doctype, "fields": every, "limit_page_length": 500},
		)
		self.request(
			user,
			"client.get_list (fields)",
			"/api/method/frappe.client.get_list",
			{"doctype": doctype, "fields": json.dumps(self.fieldnames(doctype)), "limit_page_length": 500},
		)
		self.request(
			user,
			"v1 list (fields)",
			f"/api/resource/{doctype}",
			{"fields": json.dumps(self.fieldnames(doctype)), "limit": 500},
		)
		self.request(
			user,
			"reportview.get",
			"/api/method/frappe.desk.reportview.get",
			{"doctype": doctype, "fields": json.dumps(self.columns(doctype)), "page_length": 500},
		)
		self.request(
			user,
			"reportview.export",
			"/api/method/frappe.desk.reportview.export_query",
			{
				"doctype": doctype,
				"file_format_type": "CSV",
				"fields": json.dumps(self.columns(doctype)),
				"title": doctype,
			},
		)
		self.request(
			user,
			"search_link",
			"/api/method/frappe.desk.search.search_link",
			{"doctype": doctype, "txt": "Zq", "ignore_user_permissions": 1, "page_length": 50},
		)
		self.request(
			user,
			"search_widget",
			"/api/method/frappe.desk.search.search_widget",
			{
				"doctype": doctype,
				"txt": "",
				"ignore_user_permissions": 1,
				"page_length": 500,
				"filter_fields": json.dumps(self.fieldnames(doctype)),
				"as_dict": 1,
			},
		)
		if doctype in NAME_SEARCH:
			self.name_searches(user, doctype)
		self.request(
			user,
			"sidebar stats",
			"/api/method/frappe.desk.reportview.get_sidebar_stats",
			{"doctype": doctype, "stats": '["_user_tags"]', "filters": "[]"},
		)
		for field in self.fieldnames(doctype, kinds=("Data", "Link", "Select", "Small Text")):
			self.request(
				user,
				"group_by_count",
				"/api/method/frappe.desk.listview.get_group_by_count",
				{"doctype": doctype, "current_filters": "[]", "field": field},
			)

	def name_searches(self, user, doctype):
		"""The name search through the full-text index (overrides/name_search.py), on every route that
		searches by name: a planted surname (a word of the name, never the whole secret) as typed."""
		for word in NAME_SEARCH_WORDS:
			self.request(
				user,
				"search_link (full text)",
				"/api/method/frappe.desk.search.search_link",
				{"doctype": doctype, "txt": word, "ignore_user_permissions": 1, "page_length": 50},
			)
			for field in ("full_name", "name"):  # the list's name filter; the awesome bar's "... in"
				condition = json.dumps([[doctype, field, "like", f"%{word}%"]])
				self.request(
					user,
					"list name filter (full text)",
					"/api/method/frappe.desk.reportview.get",
					{"doctype": doctype, "fields": json.dumps(self.columns(doctype)), "filters": condition},
				)

	def hidden_field_queries(self, user, doctype):
		"""Filtering by a field: whoever may not read it gets a refusal, never a count."""
		for df in frappe.get_meta(doctype).fields:
			if not df.permlevel or df.fieldtype not in ("Data", "Small Text"):
				continue
			condition = json.dumps([[df.fieldname, "like", "%"]])
			for route, path, params in (
				("filter v1", f"/api/resource/{doctype}", {"filters": condition}),
				("filter v2", f"/api/v2/document/{doctype}", {"filters": condition}),
				(
					"filter count",
					"/api/method/frappe.client.get_count",
					{"doctype": doctype, "filters": condition},
				),
				(
					"filter reportview",
					"/api/method/frappe.desk.reportview.get_count",
					{"doctype": doctype, "filters": condition},
				),
			):
				response = self.request(user, route, path, params)
				readable = df.fieldname in frappe.get_meta(doctype).get_permitted_fieldnames(user=user)
				if response.status_code == 200 and not readable and answers_something(response):
					self.leaks.append(f"{route} on {doctype}.{df.fieldname} answered for {user}")
				elif response.status_code == 200 and readable and answers_something(response):
					self.positives[route] += 1

	def bad_queries(self, user, doctype):
		"""SQL functions, operators that do not exist, nested JSON: a 4xx with a message, never a 500."""
		variants = (
			{"fields": json.dumps(["concat(nik,'')"])},
			{"fields": json.dumps(["upper(address)"])},
			{"fields": json.dumps(["version()"])},
			{"fields": json.dumps([{"a": 1}])},
			{"filters": json.dumps([["name", "nosuchop", "x"]])},
			{"filters": json.dumps([["name", "=", {"a": [1]}]])},
			{"filters": json.dumps({"name": {"a": 1}})},
			{"filters": "[[[["},
			{"order_by": "no_such_column desc"},
			{"group_by": json.dumps({"a": 1})},
		)
		for params in variants:
			for route, path, extra in (
				("bad input v1", f"/api/resource/{doctype}", {}),
				("bad input v2", f"/api/v2/document/{doctype}", {}),
				("bad input client", "/api/method/frappe.client.get_list", {"doctype": doctype}),
				("bad input reportview", "/api/method/frappe.desk.reportview.get", {"doctype": doctype}),
			):
				self.request(user, route, path, {**extra, **params})
				self.positives[route] += 1  # judged by status alone: any 5xx is counted as an error

	def document_routes(self, user, doctype, name):
		self.request(user, "v1 get", f"/api/resource/{doctype}/{name}")
		self.request(user, "v2 get", f"/api/v2/document/{doctype}/{name}")
		self.request(user, "client.get", "/api/method/frappe.client.get", {"doctype": doctype, "name": name})
		self.request(
			user,
			"client.get_value",
			"/api/method/frappe.client.get_value",
			{
				"doctype": doctype,
				"fieldname": json.dumps(self.fieldnames(doctype)),
				"filters": json.dumps({"name": name}),
			},
		)
		self.request(
			user,
			"form getdoc",
			"/api/method/frappe.desk.form.load.getdoc",
			{"doctype": doctype, "name": name},
		)
		self.request(
			user,
			"form docinfo",
			"/api/method/frappe.desk.form.load.get_docinfo",
			{"doctype": doctype, "name": name},
		)
		self.request(
			user,
			"print html",
			"/api/method/frappe.www.printview.get_html_and_style",
			{"doc": doctype, "name": name},
		)
		self.request(user, "printview page", "/printview", {"doctype": doctype, "name": name})
		if (doctype, name) in self.plant.pdf_records:
			# wkhtmltopdf takes about a second a page: two records for every user
			self.request(
				user,
				"download_pdf",
				"/api/method/frappe.utils.print_format.download_pdf",
				{"doctype": doctype, "name": name},
			)

	@staticmethod
	def fieldnames(doctype, kinds=None):
		return [
			df.fieldname
			for df in frappe.get_meta(doctype).fields
			if df.fieldtype not in frappe.model.no_value_fields and (not kinds or df.fieldtype in kinds)
		]

	def columns(self, doctype):
		return [f"`tab{doctype}`.`{field}`" for field in ["name", *self.fieldnames(doctype)]]


def pdf_text(content: bytes) -> str:
	import io

	from pypdf import PdfReader

	return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def exception_of(body: str) -> str:
	try:
		payload = json.loads(body)
	except ValueError:
		return body[:160].replace("\n", " ")
	return str(payload.get("exception") or payload.get("exc_type") or "")[:200].replace("\n", " ")


def answers_something(response) -> bool:
	try:
		payload = json.loads(response.data)
	except ValueError:
		return False
	value = payload.get("data", payload.get("message"))
	if isinstance(value, dict):
		value = value.get("values", value)
	return bool(value)


def plant_everything() -> Plant:
	plant = Plant()
	for user, (role, region) in GRANTS.items():
		f.user(user, (role, region))
	for user in USERS:
		f.account(user)
		update_password(user, PASSWORD)
	frappe.get_doc("User", SYSTEM).add_roles("System Manager")

	# Kota Kupang: another province, reached only by KPU RI.
	foreign_body = plant.keep(f.body("PPK", region=KUPANG_KECAMATAN), probe=False)
	foreign = plant.keep(
		f.official(
			foreign_body.name,
			full_name=plant.secret("Yosef Zqforeign", RI),
			nik=plant.secret(nik(KUPANG_KECAMATAN, 6101), RI),
			email=plant.secret("zqforeign@kpu-etik.test", RI),
			address=plant.secret("Jalan Zqkupang 9", RI),
		)
	)
	# Luwu Utara: the legal officer's own kabupaten. The NIK is corrected once: the old value is in
	# no form any more, so nobody sees it, history included.
	own_body = plant.keep(f.body("PPK", region=f.BAEBUNTA_SELATAN), probe=False)
	old_nik = plant.secret(nik(f.BAEBUNTA_SELATAN, 6102))
	own = plant.keep(
		f.official(
			own_body.name,
			full_name=plant.secret("Andi Zqown", LUWU_STAFF | {INTAKE, DPO}),  # DPO: in its retention hold
			nik=old_nik,
			address=plant.secret("Jalan Zqbaebunta 1", LUWU_STAFF),
		)
	)
	plant.pdf_records += [("Official", foreign.name), ("Official", own.name)]
	own.nik = plant.secret(nik(f.BAEBUNTA_SELATAN, 6103), LUWU_STAFF)
	own.save(ignore_version=False)  # Frappe keeps no history in tests unless asked

	# Soppeng: a PPK, a PPS with the portal member and a colleague, and another PPS of the kecamatan.
	desa = f.first_desa(f.MARIORIWAWO)
	other_desa = frappe.get_all(
		"Region", {"parent_region": f.MARIORIWAWO, "name": ("!=", desa)}, pluck="name", limit=1
	)[0]
	ppk_body = plant.keep(f.body("PPK", region=f.MARIORIWAWO), probe=False)
	pps_body = plant.keep(f.body("PPS", region=desa, parent_body=ppk_body.name), probe=False)
	other_pps = plant.keep(f.body("PPS", region=other_desa, parent_body=ppk_body.name), probe=False)
	plant.keep(
		f.official(
			ppk_body.name,
			user=PPK,
			full_name=plant.secret("Baso Zqppk", SOPPENG_STAFF | {PPK}),
			nik=nik(f.MARIORIWAWO, 6104),
		)
	)
	plant.keep(
		f.official(
			pps_body.name,
			user=PPS,
			full_name=plant.secret("Sitti Zqmember", SOPPENG_STAFF | {PPK, PPS}),
			nik=nik(f.MARIORIWAWO, 6105, sex="Female"),
		)
	)
	plant.keep(
		f.official(
			pps_body.name,
			full_name=plant.secret("Hasna Zqcolleague", SOPPENG_STAFF | {PPK, PPS}),
			nik=plant.secret(nik(f.MARIORIWAWO, 6106, sex="Female"), SOPPENG_STAFF),
			email=plant.secret("zqcolleague@kpu-etik.test", SOPPENG_STAFF),
			mobile_no=plant.secret("+62-81234566106", SOPPENG_STAFF),
			address=plant.secret("Jalan Zqdesa 3", SOPPENG_STAFF),
		)
	)
	plant.keep(
		f.official(
			other_pps.name,
			full_name=plant.secret("Rahmat Zqotherpps", SOPPENG_STAFF | {PPK}),
			nik=nik(f.MARIORIWAWO, 6107),
		)
	)

	# Complaints: who complained is known only to the intake officer of the region.
	for official, region_staff, intake, marker in (
		(foreign, {RI}, set(), "foreign"),
		(own, LUWU_STAFF | {INTAKE}, {INTAKE}, "own"),
	):
		complaint = plant.keep(
			frappe.get_doc(
				{
					"doctype": "Complaint",
					"source": "Laporan",
					"received_via": "Paper",
					"respondents": [{"official": official.name, "respondent_name": official.full_name}],
					"chronology": plant.secret(f"Kronologi Zqchron {marker}", region_staff),
					"complainant_name": plant.secret(f"Pelapor Zqcomplainant {marker}", intake),
					"complainant_contact": plant.secret(f"zqcontact.{marker}@mail.test", intake),
					"complainant_address": plant.secret(f"Jalan Zqpelapor {marker}", intake),
				}
			).insert()
		)
		# One edit: history masks the contact, and keeps the chronology for whoever reads the complaint.
		complaint.complainant_contact = plant.secret(f"zqcontact2.{marker}@mail.test", intake)
		complaint.chronology = plant.secret(f"Kronologi Zqchron2 {marker}", region_staff)
		complaint.save(ignore_version=False)
		# names it in follows, tags and logs; the data protection officer reads it in the access log
		plant.secret(complaint.name, region_staff | ({DPO} if marker == "own" else set()))
		evidence = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"zqevidence-{marker}.pdf",
				"attached_to_doctype": "Complaint",
				"attached_to_name": complaint.name,
				"is_private": 1,
				# distinct content: Frappe gives a file with the same content the first one's URL
				"content": f.pdf_bytes(pages=1 if marker == "foreign" else 2),
			}
		).insert(ignore_permissions=True)
		plant.secret(f"zqevidence-{marker}", region_staff)
		plant.keep(evidence, probe=False)
		plant.file_urls.append((evidence.file_url, region_staff | {SYSTEM}))
		comment = complaint.add_comment("Comment", plant.secret(f"Catatan Zqcomment {marker}", region_staff))
		plant.keep(comment, probe=False)
		# An assignment, an email, a follow and a tag about the complaint, held by the legal officer.
		for record in (
			{
				"doctype": "ToDo",
				"allocated_to": LEGAL,
				"description": plant.secret(f"Tugas Zqtodo {marker}", region_staff),
				"reference_type": "Complaint",
				"reference_name": complaint.name,
			},
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Sent",
				"subject": plant.secret(f"Surat Zqemail {marker}", region_staff),
				"content": "Undangan klarifikasi.",
				"sender": LEGAL,
				"recipients": LEGAL,
				"reference_doctype": "Complaint",
				"reference_name": complaint.name,
			},
			{
				"doctype": "Document Follow",
				"ref_doctype": "Complaint",
				"ref_docname": complaint.name,
				"user": LEGAL,
			},
		):
			plant.keep(frappe.get_doc(record).insert(ignore_permissions=True), probe=False)
		# A tag: its Tag Link row carries the complaint's title, the sidebar counts its name.
		from frappe.desk.doctype.tag.tag import add_tag

		add_tag(plant.secret(f"Zqtag-{marker}", region_staff), "Complaint", complaint.name)
		hearing = plant.keep(
			frappe.get_doc(
				{
					"doctype": "Complaint Hearing",
					"complaint": complaint.name,
					"hearing_date": date(2029, 6, 20),
					"place": "Kantor KPU",
					"summonses": [
						{"party_type": "Complainant", "sent_on": date(2029, 6, 1), "delivery": "Letter"},
						{
							"party_type": "Respondent",
							"official": official.name,
							"person_name": official.full_name,
							"sent_on": date(2029, 6, 1),
							"delivery": "Letter",
						},
					],
				}
			).insert()
		)
		assert hearing

	# A kinship declaration of the foreign official, with a relative's NIK.
	round_doc = plant.keep(
		frappe.get_doc(
			{
				"doctype": "Kinship Declaration Round",
				"title": "Probe round Kupang",
				"election": f.ELECTION,
				"region": "53.71",
				"deadline": date(2029, 5, 1),
			}
		).insert(),
		probe=False,
	)
	plant.keep(
		frappe.get_doc(
			{
				"doctype": "Kinship Declaration",
				"official": foreign.name,
				"round": round_doc.name,
				"relatives": [
					{
						"relative_name": plant.secret("Maria Zqrelative", RI),
						"relationship": frappe.get_all("Kinship Relationship", pluck="name", limit=1)[0],
						"relative_role": "Calon DPRD Kabupaten/Kota",
						"relative_nik": plant.secret(nik(KUPANG_KECAMATAN, 6108, sex="Female"), RI),
					}
				],
			}
		).insert()
	)

	# Candidates: names are public within the area they stand in; NIKs only for screening and legal.
	for region, name_seers, nik_seers, import_seers, serial in (
		("53.71", {RI}, {RI}, {RI}, 6109),
		(f.LUWU_UTARA, {RI, PROV, LEGAL, OPERATOR}, {RI, PROV, LEGAL}, {RI, PROV, LEGAL}, 6110),
		(
			"73",
			{RI, PROV, LEGAL, OPERATOR, LEGAL_SOPPENG},
			{RI, PROV, LEGAL, LEGAL_SOPPENG},
			{RI, PROV},
			6111,
		),
	):
		candidates_import = plant.keep(
			frappe.get_doc(
				{
					"doctype": "Candidate List Import",
					"list_type": "DCT (Candidates)",
					"election": plant.secret(f"Pemilu Zqimport {serial}", import_seers),
					"import_file": f"/private/files/probe-{serial}.csv",
					"region": region,
				}
			).insert()
		)
		plant.keep(
			frappe.get_doc(
				{
					"doctype": "Election Candidate",
					"full_name": plant.secret(f"Calon Zqcandidate {serial}", name_seers),
					"candidate_role": "Calon DPRD Kabupaten/Kota",
					"region": region,
					"nik": plant.secret(
						nik("73.22.14" if region != "53.71" else KUPANG_KECAMATAN, serial), nik_seers
					),
					"source_import": candidates_import.name,
				}
			).insert()
		)
	plant_signing_certificate(plant)
	return plant


def plant_signing_certificate(plant: Plant):
	"""An office's signing certificate (PKCS#12, kept encrypted by Frappe): no part of it, stored or
	encrypted, nor its passphrase, on any route to anyone, System Manager included. The holder's name
	is for those who manage the office's signature (permission level 1)."""
	from frappe.utils.password import get_decrypted_password

	from kpu_etik.sanctions import signatures

	try:
		from kpu_etik.signing import demo_pki

		pfx, passphrase = demo_pki.demo_signer_pkcs12()
	except ImportError:
		print("the demo certificate authority is not installed: no signing certificate planted")
		return
	office = plant.keep(
		frappe.get_doc(
			{"doctype": "KPU Office", "region": f.LUWU_UTARA, "office_name": "KPU Zqoffice Luwu Utara"}
		).insert()
	)
	signatures.store_certificate(office.name, pfx, passphrase)
	stored = get_decrypted_password("KPU Office", office.name, signatures.CERTIFICATE_FIELD)
	encrypted = frappe.db.sql(
		"select password from `__Auth` where doctype = 'KPU Office' and name = %s and fieldname = %s",
		(office.name, signatures.CERTIFICATE_FIELD),
	)[0][0]
	assert stored and encrypted  # the control: the server holds what no route may give
	for fragment in (stored[200:240], stored[-80:-40], encrypted[120:160], passphrase):
		plant.secret(fragment)  # no one
	plant.secret(demo_pki.DEMO_SIGNER_NAME, RI, PROV, LEGAL)
	plant.password_records.append(("KPU Office", office.name, signatures.CERTIFICATE_FIELD))
