"""Who may grant a role at a region: nobody to themselves, and only roles below one they hold at a
region whose subtree holds the region granted (kpu_etik.core.access.check_grant), on every path."""

import json

import frappe
from frappe.tests.test_api import make_request
from frappe.utils import get_test_client

from kpu_etik.organization.doctype.region_access.region_access import grant_region_role
from kpu_etik.tests import factories as f

PROVINCE = "grant.sulsel@kpu-etik.test"
OPERATOR = "grant.operator@kpu-etik.test"
OTHER = "grant.other@kpu-etik.test"
# Another System Manager than Administrator: Frappe makes a new desk user one when there is none.
IT = "grant.it@kpu-etik.test"
KECAMATAN = "73.22.05"  # Luwu Utara


class TestGrantRule(f.KpuEtikTestCase):
	accounts = (PROVINCE, OPERATOR, OTHER, IT)

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.get_doc("User", IT).add_roles("System Manager")
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		f.user(PROVINCE, ("KPU Provinsi User", "73"))
		f.user(OPERATOR, ("KPU Kabkota Operator", f.LUWU_UTARA))

	def as_user(self, user, fn, *args, **kwargs):
		frappe.set_user(user)
		try:
			return fn(*args, **kwargs)
		finally:
			frappe.set_user("Administrator")

	def test_a_province_user_cannot_grant_themselves_a_role(self):
		with self.assertRaises(frappe.PermissionError):
			self.as_user(PROVINCE, grant_region_role, PROVINCE, "PPK Member", KECAMATAN)
		grant = frappe.get_doc(
			{"doctype": "Region Access", "user": PROVINCE, "role": "PPK Member", "region": KECAMATAN}
		)
		with self.assertRaises(frappe.PermissionError):
			self.as_user(PROVINCE, grant.insert)
		self.assertFalse(frappe.db.exists("Region Access", {"user": PROVINCE, "role": "PPK Member"}))
		self.assertNotIn("PPK Member", frappe.get_roles(PROVINCE))
		# The same grant to someone else is theirs to give.
		self.assertTrue(self.as_user(PROVINCE, grant_region_role, OTHER, "PPK Member", KECAMATAN))

	def test_a_rank_counts_only_at_the_region_of_its_grant(self):
		f.user(PROVINCE, ("KPU Kabkota Operator", "53.71"))  # also an operator in Kota Kupang
		with self.assertRaises(frappe.PermissionError):
			self.as_user(PROVINCE, grant_region_role, OTHER, "KPU Kabkota Legal Officer", "53.71")
		self.assertTrue(
			self.as_user(PROVINCE, grant_region_role, OTHER, "KPU Kabkota Legal Officer", "73.22")
		)

	def test_nobody_revokes_their_own_grant_or_one_they_do_not_administer(self):
		grant = frappe.get_doc("Region Access", {"user": PROVINCE, "role": "KPU Provinsi User"})
		with self.assertRaises(frappe.PermissionError):
			self.as_user(OPERATOR, grant.delete)
		self.assertTrue(frappe.db.exists("Region Access", grant.name))

	def test_an_operator_cannot_seat_their_own_account_as_a_member(self):
		# Linking an account to a PPS member's record grants the portal role: the same rule.
		ppk = f.body("PPK", region=KECAMATAN)
		pps = f.body("PPS", region=f.first_desa(KECAMATAN), parent_body=ppk.name)
		member = f.official(pps.name, full_name="Anggota Tertaut", nik=f.nik(district=KECAMATAN))
		member.user = OPERATOR
		with self.assertRaises(frappe.PermissionError):
			self.as_user(OPERATOR, member.save)
		self.assertNotIn("PPS Member", frappe.get_roles(OPERATOR))
		member.reload()
		member.user = OTHER  # another person's account is the operator's to link
		self.as_user(OPERATOR, member.save)
		self.assertIn("PPS Member", frappe.get_roles(OTHER))

	def test_the_api_refuses_a_self_grant(self):
		from frappe.auth import CookieManager, LoginManager
		from frappe.utils import set_request

		frappe.db.set_value("User", PROVINCE, "language", "id")  # a KPU officer reads Indonesian
		frappe.db.commit()  # the requests run on their own connection
		self.addCleanup(self.remove_grants)
		set_request(path="/")
		frappe.local.cookie_manager = CookieManager()
		frappe.local.login_manager = LoginManager()
		frappe.local.login_manager.login_as(PROVINCE)
		sid = frappe.session.sid
		frappe.db.commit()
		frappe.set_user("Administrator")
		client = get_test_client()
		for path, data in (
			(
				"/api/method/kpu_etik.organization.doctype.region_access.region_access.grant_region_role",
				{"user": PROVINCE, "role": "PPK Member", "region": KECAMATAN},
			),
			("/api/resource/Region Access", {"user": PROVINCE, "role": "PPK Member", "region": KECAMATAN}),
			(
				"/api/method/frappe.client.insert",
				{
					"doc": json.dumps(
						{
							"doctype": "Region Access",
							"user": PROVINCE,
							"role": "PPK Member",
							"region": KECAMATAN,
						}
					)
				},
			),
		):
			with self.subTest(path):
				response = make_request(client.post, (path,), {"json": {**data, "sid": sid}})
				self.assertEqual(response.status_code, 403, response.get_data(as_text=True)[:300])
				self.assertIn("sendiri", response.get_data(as_text=True))  # in the user's language
		self.assertFalse(frappe.db.exists("Region Access", {"user": PROVINCE, "role": "PPK Member"}))

	def remove_grants(self):
		frappe.set_user("Administrator")
		for grant in frappe.get_all(
			"Region Access", {"user": ("in", (PROVINCE, OPERATOR, OTHER))}, pluck="name"
		):
			doc = frappe.get_doc("Region Access", grant)
			doc.flags.ignore_grant_check = True
			doc.delete(ignore_permissions=True)
		frappe.db.commit()
