"""A user reaches only records in the subtree of their granted regions, on every path."""

import json

import frappe
from frappe.tests.test_api import FrappeAPITestCase

from kpu_etik.tests import factories as f

LUWU_OFFICER = "scope.luwuutara@kpu-etik.test"
SOPPENG_OFFICER = "scope.soppeng@kpu-etik.test"
SULSEL_OFFICER = "scope.sulsel@kpu-etik.test"
LUWU_OPERATOR = "scope.operator.luwuutara@kpu-etik.test"
NATIONAL_OFFICER = "scope.ri@kpu-etik.test"
TEST_USERS = (LUWU_OFFICER, SOPPENG_OFFICER, SULSEL_OFFICER, LUWU_OPERATOR, NATIONAL_OFFICER)


class TestRegionScope(FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		f.ensure_regions()
		cls.created = []
		cls.luwu_body = f.body("PPK", region=f.BAEBUNTA_SELATAN)
		cls.soppeng_body = f.body("PPK", region=f.MARIORIWAWO)
		cls.luwu_official = f.official(cls.luwu_body.name, full_name="Siti Luwu")
		cls.soppeng_official = f.official(
			cls.soppeng_body.name, full_name="Baso Soppeng", nik=f.nik(district=f.MARIORIWAWO)
		)
		cls.kupang_official = f.official(
			level="KPU Kabupaten/Kota",
			position="Ketua",
			office_region="53.71",
			full_name="Yohanes Kupang",
			nik=f.nik(district="53.71.02"),
		)
		f.user(LUWU_OFFICER, ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		f.user(SOPPENG_OFFICER, ("KPU Kabkota Legal Officer", f.SOPPENG))
		f.user(SULSEL_OFFICER, ("KPU Provinsi User", "73"))
		f.user(LUWU_OPERATOR, ("KPU Kabkota Operator", f.LUWU_UTARA))
		f.user(NATIONAL_OFFICER, ("KPU RI User", "ID"))
		frappe.db.commit()  # the REST calls run in their own request, on their own connection

	@classmethod
	def tearDownClass(cls):
		f.remove_committed(
			officials=(cls.luwu_official, cls.soppeng_official, cls.kupang_official),
			bodies=(cls.luwu_body, cls.soppeng_body),
			users=TEST_USERS,
		)
		super().tearDownClass()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def sid_for(self, user: str) -> str:
		from frappe.auth import CookieManager, LoginManager
		from frappe.utils import set_request

		set_request(path="/")
		frappe.local.cookie_manager = CookieManager()
		frappe.local.login_manager = LoginManager()
		frappe.local.login_manager.login_as(user)
		sid = frappe.session.sid
		frappe.db.commit()
		frappe.set_user("Administrator")
		return sid

	# --- Desk list and form --------------------------------------------------------------------
	def test_desk_list_shows_only_the_users_regions(self):
		from frappe.desk.reportview import execute

		frappe.set_user(LUWU_OFFICER)
		names = {row.name for row in execute("Official", fields=["name"], limit_page_length=0)}
		self.assertIn(self.luwu_official.name, names)
		self.assertNotIn(self.soppeng_official.name, names)
		self.assertNotIn(self.kupang_official.name, names)
		bodies = set(frappe.get_list("Ad Hoc Body", pluck="name", limit_page_length=0))
		self.assertEqual(bodies & {self.luwu_body.name, self.soppeng_body.name}, {self.luwu_body.name})

	def test_desk_form_of_another_region_is_refused(self):
		from frappe.desk.form.load import getdoc

		frappe.set_user(LUWU_OFFICER)
		with self.assertRaises(frappe.PermissionError):
			getdoc("Official", self.soppeng_official.name)
		frappe.local.response = frappe._dict(docs=[])  # getdoc appends to the response
		getdoc("Official", self.luwu_official.name)
		self.assertEqual(frappe.response.docs[0].name, self.luwu_official.name)

	def test_frappe_client_get_list_and_get(self):
		import frappe.client

		frappe.set_user(LUWU_OFFICER)
		names = {row.name for row in frappe.client.get_list("Official", fields=["name"], limit_page_length=0)}
		self.assertIn(self.luwu_official.name, names)
		self.assertNotIn(self.soppeng_official.name, names)
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get("Official", self.soppeng_official.name)

	def test_province_user_reaches_its_regencies_but_not_another_province(self):
		frappe.set_user(SULSEL_OFFICER)
		names = set(frappe.get_list("Official", pluck="name", limit_page_length=0))
		self.assertTrue({self.luwu_official.name, self.soppeng_official.name} <= names)
		self.assertNotIn(self.kupang_official.name, names)

	def test_a_region_scoped_list_in_modified_order_keeps_off_the_modified_index(self):
		order = "`tabOfficial`.`modified` desc"
		frappe.set_user(SULSEL_OFFICER)
		query = frappe.get_list("Official", fields=["name"], order_by=order, limit_page_length=20, run=False)
		self.assertIn("`tabOfficial` ignore index (modified)", query)
		self.assertIn(self.luwu_official.name, frappe.get_list("Official", pluck="name", order_by=order))
		frappe.set_user(NATIONAL_OFFICER)  # no region condition: the modified index stays in the plan
		query = frappe.get_list("Official", fields=["name"], order_by=order, limit_page_length=20, run=False)
		self.assertNotIn("ignore index", query)

	def test_national_user_reaches_everything(self):
		frappe.set_user(NATIONAL_OFFICER)
		names = set(frappe.get_list("Official", pluck="name", limit_page_length=0))
		self.assertTrue(
			{self.luwu_official.name, self.soppeng_official.name, self.kupang_official.name} <= names
		)

	# --- REST API ------------------------------------------------------------------------------
	def test_rest_api_lists_and_opens_only_the_users_regions(self):
		sid = self.sid_for(LUWU_OFFICER)
		response = self.get(self.resource("Official"), {"sid": sid, "limit_page_length": 0})
		self.assertEqual(response.status_code, 200)
		names = {row["name"] for row in response.json["data"]}
		self.assertIn(self.luwu_official.name, names)
		self.assertNotIn(self.soppeng_official.name, names)

		response = self.get(self.resource("Official", self.soppeng_official.name), {"sid": sid})
		self.assertEqual(response.status_code, 403)
		self.assertNotIn("Baso Soppeng", response.get_data(as_text=True))
		response = self.get(self.resource("Official", self.luwu_official.name), {"sid": sid})
		self.assertEqual(response.status_code, 200)
		self.assertEqual(response.json["data"]["full_name"], "Siti Luwu")

		response = self.get(
			self.method("frappe.client.get_list"),
			{"sid": sid, "doctype": "Official", "fields": ["name", "full_name"], "limit_page_length": 0},
		)
		self.assertEqual(response.status_code, 200)
		self.assertNotIn("Baso Soppeng", {row["full_name"] for row in response.json["message"]})

		# Counting must not tell whether a NIK is registered in another region.
		for filters in ({"nik": self.soppeng_official.nik}, {"nik": self.luwu_official.nik}):
			response = self.get(
				self.method("frappe.client.get_count"),
				{"sid": sid, "doctype": "Official", "filters": filters},
			)
			self.assertEqual(response.status_code, 200)
			self.assertEqual(response.json["message"], 1 if filters["nik"] == self.luwu_official.nik else 0)

	def test_a_portal_member_cannot_probe_a_nik_through_filters(self):
		member = f.user("scope.member@kpu-etik.test")
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		pps = frappe.db.get_value(
			"Ad Hoc Body", {"body_type": "PPS", "region": desa, "period_start": f.PERIOD[0]}
		)
		pps = pps or f.body("PPS", region=desa, parent_body=self.luwu_body.name).name
		colleague = f.official(pps, full_name="Rekan PPS")
		f.official(pps, user=member, full_name="Anggota Penasaran")
		frappe.db.commit()
		self.addCleanup(self.remove_probe_fixture, pps, member)
		sid = self.sid_for(member)
		probes = (
			(self.resource("Official"), {"filters": json.dumps([["nik", "like", colleague.nik[:4] + "%"]])}),
			(self.resource("Official"), {"order_by": "nik asc"}),
			(
				self.method("frappe.client.get_count"),
				{"doctype": "Official", "filters": json.dumps({"nik": colleague.nik})},
			),
			(
				self.method("frappe.desk.reportview.get"),
				{
					"doctype": "Official",
					"fields": '["name"]',
					"filters": json.dumps([["Official", "birth_date", ">", "1900-01-01"]]),
				},
			),
		)
		for path, params in probes:
			with self.subTest(path=path, params=params):
				response = self.get(path, {"sid": sid, **params})
				self.assertEqual(response.status_code, 403, response.get_data(as_text=True)[:300])
		# Without the hidden field the same list works, and the NIK is not in it.
		response = self.get(self.resource("Official"), {"sid": sid, "fields": '["name", "nik"]'})
		self.assertEqual(response.status_code, 200)
		self.assertNotIn(colleague.nik, response.get_data(as_text=True))
		# A legal officer, who may read NIKs, may search by them.
		response = self.get(
			self.resource("Official"),
			{"sid": self.sid_for(LUWU_OFFICER), "filters": json.dumps([["nik", "=", colleague.nik]])},
		)
		self.assertEqual([row["name"] for row in response.json["data"]], [colleague.name])

	def remove_probe_fixture(self, pps, member, *below):
		frappe.set_user("Administrator")
		for name in frappe.get_all("Official", {"ad_hoc_body": pps}, pluck="name"):
			frappe.delete_doc("Official", name, force=True, ignore_permissions=True)
		for body in (*below, pps):
			frappe.delete_doc("Ad Hoc Body", body, force=True, ignore_permissions=True)
		for grant in frappe.get_all("Region Access", {"user": member}, pluck="name"):
			frappe.delete_doc("Region Access", grant, force=True, ignore_permissions=True)
		frappe.delete_doc("User", member, force=True, ignore_permissions=True)
		frappe.db.commit()

	def test_rest_api_refuses_a_write_into_another_region(self):
		sid = self.sid_for(LUWU_OPERATOR)
		response = self.post(
			self.resource("Official"),
			{
				"sid": sid,
				"full_name": "Penyusup",
				"level": "PPK",
				"position": "Anggota",
				"ad_hoc_body": self.soppeng_body.name,
				"nik": f.nik(district=f.MARIORIWAWO),
			},
		)
		self.assertEqual(response.status_code, 403)
		self.assertFalse(frappe.db.exists("Official", {"full_name": "Penyusup"}))

	# --- Reports -------------------------------------------------------------------------------
	def test_report_counts_only_the_users_regions(self):
		from frappe.desk.query_report import run

		frappe.set_user(LUWU_OFFICER)
		result = run("Officials by Region", filters={})
		regions = {row["region"] for row in result["result"] if isinstance(row, dict) and row.get("region")}
		self.assertIn(f.BAEBUNTA_SELATAN, regions)
		self.assertTrue(all(code.startswith("73.22") for code in regions), regions)

	def test_a_kabupaten_reads_its_provinces_round_and_its_coverage_but_does_not_change_it(self):
		from datetime import date

		from frappe.desk.query_report import run

		province_round = frappe.get_doc(
			{
				"doctype": "Kinship Declaration Round",
				"title": "Deklarasi Provinsi Uji",
				"election": f.ELECTION,
				"region": "73",
				"deadline": date(2029, 5, 1),
			}
		).insert()
		frappe.set_user(LUWU_OFFICER)
		self.assertTrue(frappe.has_permission("Kinship Declaration Round", "read", province_round.name))
		for ptype in ("write", "delete"):
			self.assertFalse(frappe.has_permission("Kinship Declaration Round", ptype, province_round.name))
		self.assertIn(
			province_round.name,
			frappe.get_list("Kinship Declaration Round", pluck="name", limit_page_length=0),
		)
		result = run("Kinship Declaration Coverage", filters={"round": province_round.name})
		regions = {row["region"] for row in result["result"] if isinstance(row, dict) and row.get("region")}
		self.assertIn(f.BAEBUNTA_SELATAN, regions)
		self.assertTrue(all(code.startswith("73.22") for code in regions), regions)

	# --- Granting access -----------------------------------------------------------------------
	def test_grants_stay_within_the_granters_level_and_region(self):
		from kpu_etik.organization.doctype.region_access.region_access import grant_region_role

		target = f.user("scope.target@kpu-etik.test")
		frappe.set_user(SULSEL_OFFICER)
		name = grant_region_role(target, "KPU Kabkota Legal Officer", f.SOPPENG)
		self.assertTrue(frappe.db.exists("Region Access", name))
		self.assertIn("KPU Kabkota Legal Officer", frappe.get_roles(target))
		with self.assertRaises(frappe.PermissionError):
			grant_region_role(target, "KPU Kabkota Legal Officer", "53.71")  # another province
		with self.assertRaises(frappe.PermissionError):
			grant_region_role(target, "KPU RI User", "ID")  # above the granter
		with self.assertRaises(frappe.ValidationError):
			grant_region_role(target, "KPU Kabkota Operator", f.BAEBUNTA_SELATAN)  # a kecamatan
		frappe.set_user(LUWU_OFFICER)
		with self.assertRaises(frappe.PermissionError):
			grant_region_role(target, "PPS Member", f.BARAE)

	def test_portal_member_sees_only_its_own_body(self):
		frappe.set_user("Administrator")
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		pps = f.body("PPS", region=desa, parent_body=self.luwu_body.name)
		member_user = f.user("scope.pps@kpu-etik.test")
		f.official(pps.name, user=member_user, full_name="Nur PPS")
		self.assertIn("PPS Member", frappe.get_roles(member_user))
		self.assertEqual(frappe.db.get_value("User", member_user, "user_type"), "Website User")
		frappe.set_user(member_user)
		self.assertEqual(set(frappe.get_list("Ad Hoc Body", pluck="name", limit_page_length=0)), {pps.name})
		self.assertFalse(frappe.has_permission("Official", doc=self.luwu_official.name))

	def test_a_pps_member_never_reaches_the_ppk_above_on_any_route(self):
		# A member reaches their own body and the bodies below it (the portal's rule), whatever
		# region grants their account holds: here a PPK Member grant at the kecamatan left behind
		# when they moved down to the PPS.
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		pps = f.body("PPS", region=desa, parent_body=self.luwu_body.name)
		kpps = f.body("KPPS", polling_station=f.polling_station(desa, 1).name, parent_body=pps.name)
		member = f.user("scope.pps.routes@kpu-etik.test", ("PPK Member", f.BAEBUNTA_SELATAN))
		f.official(pps.name, user=member, full_name="Nur PPS Rute")
		frappe.db.commit()
		self.addCleanup(self.remove_probe_fixture, pps.name, member, kpps.name)
		ppk = self.luwu_body.name
		sid = self.sid_for(member)
		lists = (
			("/api/resource/Ad Hoc Body", {"limit_page_length": 0}),
			("/api/v2/document/Ad Hoc Body", {"limit": 1000}),
			(
				"/api/method/frappe.client.get_list",
				{"doctype": "Ad Hoc Body", "fields": '["name"]', "limit_page_length": 0},
			),
			(
				"/api/method/frappe.desk.reportview.get",
				{"doctype": "Ad Hoc Body", "fields": '["`tabAd Hoc Body`.`name`"]', "page_length": 1000},
			),
			(
				"/api/method/frappe.desk.search.search_link",
				{"doctype": "Ad Hoc Body", "txt": "", "page_length": 100},
			),
		)
		for path, params in lists:
			with self.subTest(path=path):
				response = self.get(path, {"sid": sid, **params})
				self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
				text = response.get_data(as_text=True)
				self.assertIn(pps.name, text)
				self.assertIn(kpps.name, text)
				self.assertNotIn(ppk, text)
		for path, params in (
			(
				"/api/method/frappe.client.get_count",
				{"doctype": "Ad Hoc Body", "filters": json.dumps({"name": ppk})},
			),
			(
				"/api/method/frappe.desk.reportview.get_count",
				{"doctype": "Ad Hoc Body", "filters": json.dumps([["name", "=", ppk]])},
			),
			(
				"/api/method/frappe.client.get_value",
				{"doctype": "Ad Hoc Body", "filters": json.dumps({"name": ppk}), "fieldname": "body_name"},
			),
		):
			with self.subTest(path=path):
				response = self.get(path, {"sid": sid, **params})
				self.assertFalse(response.json.get("message"), response.get_data(as_text=True)[:300])
		for path, params in (
			(f"/api/resource/Ad Hoc Body/{ppk}", {}),
			(f"/api/v2/document/Ad Hoc Body/{ppk}", {}),
			("/api/method/frappe.client.get", {"doctype": "Ad Hoc Body", "name": ppk}),
			(f"/api/resource/Official/{self.luwu_official.name}", {}),
		):
			with self.subTest(path=path):
				response = self.get(path, {"sid": sid, **params})
				self.assertEqual(response.status_code, 403, response.get_data(as_text=True)[:300])
				self.assertNotIn("Siti Luwu", response.get_data(as_text=True))
		# The PPK's members are not listed either; their own body and the one below stay readable.
		response = self.get("/api/resource/Official", {"sid": sid, "fields": '["full_name"]'})
		self.assertNotIn("Siti Luwu", response.get_data(as_text=True))
		self.assertIn("Nur PPS Rute", response.get_data(as_text=True))
		for body in (pps.name, kpps.name):
			self.assertEqual(self.get(f"/api/resource/Ad Hoc Body/{body}", {"sid": sid}).status_code, 200)

	def test_a_filter_on_a_field_named_with_its_table_works_as_the_list_view_sends_it(self):
		# Frappe's own list view qualifies each filter's field with its table.
		nik = json.dumps([["`tabOfficial`.`nik`", "=", self.luwu_official.nik]])
		response = self.get(self.resource("Official"), {"sid": self.sid_for(LUWU_OFFICER), "filters": nik})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertEqual([row["name"] for row in response.json["data"]], [self.luwu_official.name])
		for filters in (
			[["Official", "`tabOfficial`.`nik`", "=", self.luwu_official.nik]],
			{"`tabOfficial`.`nik`": self.luwu_official.nik},
			[["tabOfficial.nik", "=", self.luwu_official.nik]],
		):
			with self.subTest(filters=filters):
				response = self.get(
					self.method("frappe.client.get_list"),
					{
						"sid": self.sid_for(LUWU_OFFICER),
						"doctype": "Official",
						"filters": json.dumps(filters),
					},
				)
				self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
				self.assertEqual([row["name"] for row in response.json["message"]], [self.luwu_official.name])
		# A portal member, who may not read NIKs, is refused the same filter like any other on NIK.
		member = f.user("scope.qualified@kpu-etik.test")
		desa = f.first_desa(f.BAEBUNTA_SELATAN)
		pps = f.body("PPS", region=desa, parent_body=self.luwu_body.name)
		f.official(pps.name, user=member, full_name="Anggota Berkualifikasi")
		frappe.db.commit()
		self.addCleanup(self.remove_probe_fixture, pps.name, member)
		response = self.get(self.resource("Official"), {"sid": self.sid_for(member), "filters": nik})
		self.assertEqual(response.status_code, 403, response.get_data(as_text=True)[:300])
		self.assertIn("NIK", response.get_data(as_text=True))
