"""What Frappe's own tests found the corrections changing, kept as Frappe does it (the full set of
Frappe's tests runs in scripts/test.sh, see kpu_etik/tests/frappe_suite.py)."""

from unittest.mock import patch

import frappe
from frappe.tests import test_api
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_test_client

from kpu_etik.overrides import error_traceback, replica

PROBE = "kpu_etik_replica_probe"


class TestReadOnlyOnThePrimaryItself(FrappeTestCase):
	"""Frappe's TestReplicaConnections: a `replica_host` that names the primary itself."""

	def setUp(self):
		replica.install()
		frappe.cache.delete_value(replica.DOWN_KEY)
		self.addCleanup(lambda: (frappe.db.delete("DefaultValue", {"defkey": PROBE}), frappe.db.commit()))

	def test_read_only_switches_connection_after_this_session_wrote(self):
		# With the binary log on, this commit gives the session a GTID; MASTER_GTID_WAIT, asked on
		# the primary, waited for it in vain and the read stayed on the primary.
		frappe.db.set_default(PROBE, frappe.generate_hash())
		frappe.db.commit()
		conf = {"read_from_replica": 1, "replica_host": frappe.conf.db_host or "127.0.0.1"}
		if frappe.conf.db_port:
			conf["replica_db_port"] = frappe.conf.db_port
		primary, seen = frappe.local.db, []

		@frappe.read_only()
		def read():
			seen.append(frappe.local.db)

		with patch.dict(frappe.local.conf, conf):
			read()
		self.assertIsNot(seen[0], primary)
		self.assertIs(frappe.local.db, primary)

	def test_a_transaction_the_server_wrote_itself_counts_as_applied(self):
		class Connection:
			def __init__(self, position):
				self.position = position

			def sql(self, query):
				return ((self.position,),)

		self.assertTrue(replica.has_applied(Connection("0-1-120"), "0-1-120"))
		self.assertTrue(replica.has_applied(Connection("1-2-5,0-1-121"), "0-1-120"))
		self.assertFalse(replica.has_applied(Connection("0-1-119"), "0-1-120"))
		self.assertFalse(replica.has_applied(Connection("1-1-500"), "0-1-120"))
		self.assertFalse(replica.has_applied(Connection(""), "0-1-120"))


class TestAdministratorTraceback(test_api.FrappeAPITestCase):
	"""Frappe's TestMethodAPI.test_logs on a KPU site, whose error responses carry no traceback."""

	def setUp(self):
		error_traceback.install()
		before = frappe.db.get_single_value("System Settings", "allow_error_traceback")
		self.set_traceback(0)
		self.addCleanup(self.set_traceback, before)

	def set_traceback(self, value):
		frappe.db.set_single_value("System Settings", "allow_error_traceback", value)
		frappe.db.commit()
		frappe.clear_document_cache("System Settings", "System Settings")
		if hasattr(frappe.local, "system_settings"):
			del frappe.local.system_settings

	def test_the_administrator_keeps_the_traceback_a_guest_does_not_get(self):
		method = self.method("frappe.tests.test_api.test")
		response = self.get(method, {"sid": self.sid, "message": "Failed", "fail": True})
		self.assertEqual(response.json["exc_type"], "ValidationError")
		self.assertIn("Traceback", response.json["exc"])
		guest = get_test_client(use_cookies=False)  # the class's client keeps the session's cookie
		response = test_api.make_request(guest.get, (method,), {"json": {"message": "Failed", "fail": True}})
		self.assertGreaterEqual(response.status_code, 400)
		self.assertNotIn("Traceback", response.get_data(as_text=True))

	def test_anyone_else_gets_the_site_setting(self):
		self.assertTrue(frappe.get_system_settings("allow_error_traceback"))  # the Administrator
		frappe.set_user("Guest")
		self.addCleanup(frappe.set_user, "Administrator")
		self.assertFalse(frappe.get_system_settings("allow_error_traceback"))
