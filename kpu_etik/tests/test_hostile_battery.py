"""The hostile-input battery, over real HTTP (Frappe's WSGI application, the site's MariaDB):

- every whitelisted method of the app (and the Frappe methods it overrides), each argument in turn
  given a wrong kind or size of value, as a staff member and, where the method allows it, as a guest;
- the public and portal pages with bad query arguments;
- the Desk's REST path (`/api/resource`) for the app's main documents, each field given bad values.

Every input must be answered below 500, without a traceback, with any message in Indonesian, and a
refused input must leave every table of the app as it was. Prints
`N inputs, 0 server errors, 0 partial writes, 0 untranslated messages`.
"""

import importlib
import json
import pkgutil
import re
from urllib.parse import urlencode

import frappe
from frappe.tests.test_api import make_request
from frappe.utils import get_test_client
from frappe.utils.password import update_password

import kpu_etik
from kpu_etik.core.inputs import Anything, Choice, Day, Encoded, Flag, Structured, WholeNumber
from kpu_etik.tests import factories as f

STAFF = "battery.it@kpu-etik.test"
PASSWORD = "Baterai-Sandi-2029!"
BAD_VALUES = (
	("a list", ["73", "74"]),
	("an object", {"name": "x"}),
	("a truth value", True),
	("a huge number", 10**30),
	("a float", 1e308),
	("a negative number", -1),
	("100,000 characters", "x" * 100_000),
	("a NUL", "a\x00b"),
	("a lone surrogate", "\ud800"),
	("zero-width characters", "\u200b\u200b"),
	("malformed JSON", "[[[{"),
	("an impossible date", "2024-02-30"),
	("a date in the year 99999", "99999-01-01"),
	("a tag", "<img src=x onerror=alert(1)"),
	("a formula", '=HYPERLINK("http://x.test")'),
	("empty", ""),
)
PAGES = (
	"kinship-register",
	"sanctions-register",
	"complaint-status",
	"complaint",
	"member-portal",
	"letter-check",
)
PAGE_ARGS = ("region", "page", "body", "number", "code")
DOCUMENTS = (
	"Official",
	"Complaint",
	"Supervision Visit",
	"Kinship Declaration",
	"Coordination Meeting",
	"KPU Office",  # with its signing settings: a token library, service addresses
)
# English words that an Indonesian message does not contain.
ENGLISH = re.compile(
	r"\b(the|must|should|could|argument|type|of|be|and|with|this|your|are|has|have|invalid|missing|"
	r"required|allowed|not)\b",
	re.IGNORECASE,
)
# The tables whose rows a refused input must not change.
WATCHED = (
	"Complaint",
	"Complaint Respondent",
	"Complaint Evidence",
	"Complaint Log Entry",
	"File",
	"Official",
	"Kinship Declaration",
	"Declared Relative",
	"Supervision Visit",
	"Coordination Meeting",
	"Region Access",
	"Sanction",
	"KPU Office",
)


def app_endpoints() -> dict[str, object]:
	"""Every whitelisted function defined in the app, by its dotted path."""
	for module in pkgutil.walk_packages(kpu_etik.__path__, "kpu_etik."):
		if ".tests" in module.name or ".benchmarks" in module.name or module.name.endswith(".hooks"):
			continue
		importlib.import_module(module.name)
	return {
		f"{fn.__module__}.{fn.__name__}": fn
		for fn in frappe.whitelisted
		if getattr(fn, "__module__", "").startswith("kpu_etik.")
	}


def plausible(field):
	"""A value of the right kind, for the arguments not under test."""
	if isinstance(field, Flag):
		return 0
	if isinstance(field, WholeNumber):
		return max(field.low, 1)
	if isinstance(field, Day):
		return "2026-11-02"
	if isinstance(field, Choice):
		return field.options[0]
	if isinstance(field, Structured):
		return [] if list in field.kinds else {}
	if isinstance(field, Encoded | Anything):
		return None
	return "Complaint" if "Document Type" in field.label else "x"


def messages(response) -> list[str]:
	try:
		body = json.loads(response.data)
	except ValueError:
		return []
	found = [json.loads(m).get("message", "") for m in json.loads(body.get("_server_messages") or "[]")]
	if isinstance(body.get("exception"), str):
		found.append(body["exception"].split(":", 1)[-1])
	return [frappe.utils.strip_html(str(m)) for m in found]


class TestHostileBattery(f.KpuEtikTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		f.user(STAFF, ("KPU RI User", "ID"))
		user = frappe.get_doc("User", STAFF)
		user.add_roles("System Manager")
		frappe.db.set_value("User", STAFF, "language", "id")
		update_password(STAFF, PASSWORD)
		# the production configuration (scripts/setup.sh): no traceback in any response
		cls.allow_traceback = frappe.db.get_single_value("System Settings", "allow_error_traceback")
		frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)
		frappe.db.commit()
		cls.staff = get_test_client()
		response = make_request(
			cls.staff.post, ("/api/method/login",), {"data": {"usr": STAFF, "pwd": PASSWORD}}
		)
		assert response.status_code == 200, response.data[:300]
		cls.guest = get_test_client()
		cls.inputs = 0
		cls.failures: list[str] = []
		cls.counts = {"server errors": 0, "partial writes": 0, "untranslated messages": 0}
		cls.before = {table: frappe.db.count(table) for table in WATCHED}

	@classmethod
	def tearDownClass(cls):
		frappe.db.set_single_value("System Settings", "allow_error_traceback", cls.allow_traceback)
		f.purge_test_period()
		for table, count in cls.before.items():  # what accepted inputs created, by creation order
			extra = frappe.db.count(table) - count
			if extra > 0:
				names = frappe.get_all(table, order_by="creation desc", limit=extra, pluck="name")
				frappe.db.delete(table, {"name": ("in", names)})
		frappe.db.commit()
		super().tearDownClass()

	def send(self, client, what: str, method: str, path: str, body=None, lang="id"):
		frappe.cache.delete_keys("rl:")
		frappe.cache.delete_keys("kpu_etik:accepted:")
		frappe.db.commit()
		before = {table: frappe.db.count(table) for table in WATCHED}
		headers = {"Accept": "application/json", "Accept-Language": lang}
		if method == "GET":
			response = make_request(client.get, (path,), {"headers": headers})
		else:
			response = make_request(
				client.post,
				(path,),
				{"data": json.dumps(body), "headers": headers, "content_type": "application/json"},
			)
		type(self).inputs += 1
		problem = None
		if response.status_code >= 500 or b"Traceback" in response.data:
			self.counts["server errors"] += 1
			problem = f"{response.status_code} {messages(response) or response.data[:200]}"
		elif response.status_code >= 400:
			frappe.db.rollback()
			after = {table: frappe.db.count(table) for table in WATCHED}
			if after != before:
				self.counts["partial writes"] += 1
				problem = f"partial write: {[t for t in WATCHED if after[t] != before[t]]}"
			english = [m for m in messages(response) if ENGLISH.search(m)]
			if english:
				self.counts["untranslated messages"] += 1
				problem = f"untranslated: {english[0][:160]}"
		if problem:
			self.failures.append(f"{what}: {problem}")
		return response

	def test_1_every_endpoint_of_the_app_has_a_schema_with_translated_labels(self):
		endpoints = app_endpoints()
		self.assertGreater(len(endpoints), 20)
		frappe.local.lang = "id"
		without = [path for path, fn in endpoints.items() if not hasattr(fn, "schema")]
		self.assertEqual(without, [], "endpoints that read their arguments without a schema")
		untranslated = {
			label
			for fn in endpoints.values()
			for field in fn.schema.values()
			if frappe._(label := getattr(field, "resolved", lambda f=field: f)().label) == label
		}
		self.assertEqual(
			sorted(untranslated),
			[],
			"labels without an Indonesian translation: " + ", ".join(sorted(untranslated)),
		)

	def test_2_every_argument_of_every_endpoint_given_bad_values(self):
		for path, fn in sorted(app_endpoints().items()):
			allowed = frappe.allowed_http_methods_for_whitelisted_func.get(fn, ["POST"])
			method = "POST" if "POST" in allowed else "GET"
			clients = [("staff", self.staff)] + (
				[("guest", self.guest)] if fn in frappe.guest_methods else []
			)
			good = {name: plausible(field) for name, field in fn.schema.items()}
			good = {name: value for name, value in good.items() if value is not None}
			for argument in fn.schema:
				for reason, value in BAD_VALUES:
					args = {**good, argument: value}
					for who, client in clients:
						what = f"{who} {path}({argument}={reason})"
						if method == "GET":
							query = {
								k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in args.items()
							}
							self.send(
								client,
								what,
								"GET",
								f"/api/method/{path}?{urlencode(query, errors='surrogatepass')}",
							)
						else:
							self.send(client, what, "POST", f"/api/method/{path}", args)

	def test_3_pages_given_bad_query_arguments(self):
		for page in PAGES:
			for argument in PAGE_ARGS:
				for reason, value in (*BAD_VALUES, ("a repeated argument", None)):
					if value is None:
						query = f"{argument}=73&{argument}=74"
					else:
						query = urlencode(
							{argument: value if isinstance(value, str) else json.dumps(value)},
							errors="surrogatepass",
						)
					for who, client in (("staff", self.staff), ("guest", self.guest)):
						self.send(client, f"{who} /{page}?{argument}={reason}", "GET", f"/{page}?{query}")

	def test_4_desk_documents_given_bad_field_values(self):
		types = {
			"Data",
			"Small Text",
			"Text",
			"Long Text",
			"Int",
			"Float",
			"Check",
			"Date",
			"Datetime",
			"Select",
			"Link",
		}
		for doctype in DOCUMENTS:
			for df in frappe.get_meta(doctype).fields:
				if df.fieldtype not in types or df.read_only:
					continue
				for reason, value in BAD_VALUES:
					self.send(
						self.staff,
						f"/api/resource/{doctype}({df.fieldname}={reason})",
						"POST",
						f"/api/resource/{frappe.utils.quote(doctype)}",
						{df.fieldname: value},
					)

	def test_5_the_count(self):
		print(
			f"\n{self.inputs} inputs, {self.counts['server errors']} server errors, "
			f"{self.counts['partial writes']} partial writes, "
			f"{self.counts['untranslated messages']} untranslated messages"
		)
		self.assertGreater(self.inputs, 1000)
		self.assertEqual(self.failures, [], "\n".join(self.failures[:60]))
