"""The Desk at national size: a name found through the full-text index on every route that searches
officials by name, in the user's scope; the list sidebar's counts within a second or marked with their
age. (Speed itself is proven by benchmarks/national_desk.py at five million officials.)

InnoDB adds a row to a full-text index when its transaction commits, so the officials searched here
are committed in setUpClass and removed in tearDownClass."""

import json

import frappe
from frappe.handler import execute_cmd
from frappe.utils import set_request

from kpu_etik.tests import factories as f

LUWU = "national.desk.luwu@example.test"
SOPPENG = "national.desk.soppeng@example.test"
NATION = "national.desk.ri@example.test"
USERS = (LUWU, SOPPENG, NATION)


class TestNationalDesk(f.KpuEtikTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.luwu_body = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		cls.soppeng_body = f.body("PPK", region=f.MARIORIWAWO)
		cls.luwu = f.official(cls.luwu_body.name, full_name="Mochammad Zulqarnain Harahap")
		cls.soppeng = f.official(
			cls.soppeng_body.name, full_name="Muhammad Zulqarnain Siregar", nik=f.nik(district=f.MARIORIWAWO)
		)
		cls.noor = f.official(cls.luwu_body.name, full_name="Noor Zulqarnaini", position="Ketua")
		f.user(LUWU, ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		f.user(SOPPENG, ("KPU Kabkota Legal Officer", f.SOPPENG))
		f.user(NATION, ("KPU RI User", "ID"))
		cls.names = {cls.luwu.name, cls.soppeng.name, cls.noor.name}
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		f.remove_committed(
			officials=(cls.luwu, cls.soppeng, cls.noor), bodies=(cls.luwu_body, cls.soppeng_body), users=USERS
		)
		super().tearDownClass()

	def call(self, user: str, cmd: str, **args):
		"""The method as the Desk calls it: Frappe's request path, with the app's overrides."""
		frappe.set_user(user)
		set_request(method="POST", path=f"/api/method/{cmd}")
		frappe.local.form_dict = frappe._dict(
			{k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in args.items()}, cmd=cmd
		)
		try:
			return execute_cmd(cmd)
		finally:
			frappe.set_user("Administrator")
			frappe.local.form_dict = frappe._dict()

	def search(self, user: str, txt: str, **args) -> list[str]:
		found = self.call(
			user, "frappe.desk.search.search_link", doctype="Official", txt=txt, page_length=20, **args
		)
		return [row["value"] for row in found]

	# --- the name search --------------------------------------------------------------------------
	def test_the_link_search_finds_spelling_variants_within_the_users_regions(self):
		for typed in ("moh zulqarnain", "Muhammad Zulqarnain", "zulqarnain mochamad", "mukh zulq"):
			with self.subTest(typed=typed):
				self.assertEqual(self.search(LUWU, typed), [self.luwu.name])
				self.assertEqual(self.search(SOPPENG, typed), [self.soppeng.name])
				self.assertEqual(set(self.search(NATION, typed)), {self.luwu.name, self.soppeng.name})
		self.assertEqual(self.search(LUWU, "nur zulqarnaini"), [self.noor.name])

	def test_the_link_search_ranks_the_typed_name_first_and_says_who_each_one_is(self):
		found = self.call(
			NATION, "frappe.desk.search.search_link", doctype="Official", txt="muhammad zulqarnain siregar"
		)
		self.assertEqual(found[0]["value"], self.soppeng.name)
		self.assertEqual(found[0]["label"], "Muhammad Zulqarnain Siregar")
		# the body, position and region in words, never a code
		self.assertIn("PPK", found[0]["description"])
		region_name = frappe.db.get_value("Region", f.MARIORIWAWO, "region_name")
		self.assertIn(region_name, found[0]["description"])
		names = self.search(LUWU, "zulqarnain")
		self.assertEqual(set(names), {self.luwu.name, self.noor.name})

	def test_the_link_search_keeps_the_fields_filters_and_finds_an_id(self):
		self.assertEqual(self.search(LUWU, "zulqarnain", filters={"position": "Ketua"}), [self.noor.name])
		self.assertEqual(self.search(LUWU, self.luwu.name), [self.luwu.name])
		self.assertEqual(self.search(SOPPENG, self.luwu.name), [])  # another region's ID
		# too short for the index: a LIKE on the name, in the same scope
		self.assertEqual(set(self.search(LUWU, "zu")) & self.names, {self.luwu.name, self.noor.name})
		self.assertIn(self.luwu.name, self.search(LUWU, "Harahap"))

	def test_the_list_and_the_awesome_bar_read_the_index_in_the_users_scope(self):
		frappe.set_user(LUWU)
		query = frappe.get_list("Official", filters=[["full_name", "like", "%moh zulqarnain%"]], run=0)
		self.assertIn("match(`tabOfficial`.`search_name`) against ('+(moh* muhammad*) +zulqarnain*'", query)
		frappe.set_user("Administrator")
		for field in ("full_name", "name"):  # the list's name filter; the awesome bar's "... in Official"
			with self.subTest(field=field):
				rows = self.call(
					LUWU,
					"frappe.desk.reportview.get",
					doctype="Official",
					fields=["`tabOfficial`.`name`"],
					filters=[["Official", field, "like", "%zulqarnain%"]],
				)
				names = {row[0] for row in rows["values"]}
				self.assertEqual(names, {self.luwu.name, self.noor.name})
				count = self.call(
					NATION,
					"frappe.desk.reportview.get_count",
					doctype="Official",
					filters=[["Official", field, "like", "%zulqarnain%"]],
				)
				self.assertEqual(count, 3)

	def test_hostile_search_texts_are_answered_not_failed(self):
		for typed in ('"+-*~@<>()', "zulq' or 1=1 --", "%", "_", "\\", "a" * 140, "MATCH(x) AGAINST"):
			with self.subTest(typed=typed):
				self.assertIsInstance(self.search(LUWU, typed), list)
				rows = self.call(
					LUWU,
					"frappe.desk.reportview.get",
					doctype="Official",
					fields=["`tabOfficial`.`name`"],
					filters=[["Official", "full_name", "like", f"%{typed}%"]],
				)
				self.assertNotIn(self.soppeng.name, json.dumps(rows, default=str))

	# --- the sidebar's counts ---------------------------------------------------------------------
	def test_assignment_counts_are_of_the_users_regions_only(self):
		for official in (self.luwu, self.soppeng):
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": NATION,
					"reference_type": "Official",
					"reference_name": official.name,
					"description": "Periksa",
				}
			).insert(ignore_permissions=True)
		frappe.db.set_value("User", NATION, "user_type", "System User")

		def counts(user):
			rows = self.call(
				user,
				"frappe.desk.listview.get_group_by_count",
				doctype="Official",
				current_filters=[],
				field="assigned_to",
			)
			return {row["name"]: row["count"] for row in rows}

		self.assertEqual(counts(LUWU).get(NATION), 1)  # Frappe counted the other regency's too
		self.assertEqual(counts(NATION).get(NATION), 2)

	def test_a_group_by_count_in_time_is_exact(self):
		rows = self.call(
			LUWU,
			"frappe.desk.listview.get_group_by_count",
			doctype="Official",
			current_filters=[["Official", "full_name", "like", "%zulqarnain%"]],
			field="position",
		)
		self.assertEqual({row["name"]: row["count"] for row in rows}, {"Anggota": 1, "Ketua": 1})
		with self.assertRaises(frappe.ValidationError):
			self.call(
				LUWU,
				"frappe.desk.listview.get_group_by_count",
				doctype="Official",
				current_filters=[],
				field="x y",
			)

	def test_a_count_out_of_time_shows_the_kept_figure_with_its_time(self):
		from frappe.utils import now_datetime

		from kpu_etik import list_counts

		set_request(method="POST", path="/api/method/frappe.desk.listview.get_group_by_count")
		frappe.set_user(LUWU)
		frappe.conf.kpu_etik_count_seconds = 0.05
		slow = "kpu_etik.tests.test_national_desk.cross_join_count"  # seconds of work, whatever the site
		try:
			# Out of time, nothing kept: no figure ("being counted"); the session has no limit after.
			self.assertEqual(list_counts.counted(slow, {}), (None, None))
			self.assertEqual(frappe.db.sql("select @@session.max_statement_time")[0][0], 0)
			# A background job runs only the app's own counts, never a method a request names.
			list_counts.count_in_background(slow, {})
			self.assertIsNone(list_counts.cache_value(slow, {}))
			# Out of time with a kept figure: that figure, with the time it was counted.
			at = now_datetime()
			frappe.cache.set_value(
				list_counts.cache_key(slow, {}), {"figure": [[4977867]], "at": at}, expires_in_sec=60
			)
			self.assertEqual(list_counts.counted(slow, {}), ([[4977867]], at))
			shown = list_counts.aged(4977867, at)
			self.assertRegex(shown, r"4.977.867|4,977,867")
			self.assertIn(at.strftime("%H%M"), shown.replace(":", "").replace(".", ""))
			# Another user never sees this user's kept figure.
			frappe.set_user(SOPPENG)
			self.assertEqual(list_counts.counted(slow, {}), (None, None))
			# The background count of a real one keeps it for the user who asked, and the dropdown
			# then reads it with its time.
			arguments = {
				"doctype": "Official",
				"filters": [["Official", "full_name", "like", "%zulqarnain%"]],
				"field": "position",
			}
			list_counts.count_in_background("kpu_etik.list_counts.group_counts", arguments)
			kept = list_counts.cache_value("kpu_etik.list_counts.group_counts", arguments)
			self.assertEqual({row["name"]: row["count"] for row in kept["figure"]}, {"Anggota": 1})
		finally:
			frappe.conf.pop("kpu_etik_count_seconds", None)
			frappe.local.request = None
			frappe.set_user("Administrator")
			frappe.cache.delete_keys("kpu_etik:list_count:")

	def test_the_sidebar_tag_counts_answer_in_the_users_scope(self):
		stats = self.call(
			LUWU,
			"frappe.desk.reportview.get_sidebar_stats",
			doctype="Official",
			stats=["_user_tags"],
			filters=[["Official", "full_name", "like", "%zulqarnain%"]],
		)
		self.assertEqual(stats["stats"]["_user_tags"][-1][1], 2)  # "No Tags": the two of Luwu Utara


def cross_join_count():
	"""A count that takes seconds on any site (the regions three times over): for the time limit."""
	return frappe.db.sql("select count(*) from `tabRegion` a, `tabRegion` b, `tabRegion` c")
