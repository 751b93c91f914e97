"""Reads on a live MariaDB replica (scripts/replica.sh test): the marked reads are served by the
replica, the writes by the primary, and nothing breaks when the replica lags or is gone.

These tests need the replica that `scripts/replica.sh` starts (they are skipped without it). They
commit, so each one cleans up after itself."""

import unittest
from contextlib import contextmanager
from datetime import date

import frappe
import pymysql
from frappe.desk import query_report, reportview

from kpu_etik.overrides import replica
from kpu_etik.tests import factories

REPLICA_ONLY = "REPLICA-ONLY-CHECK"
REPLICA_ONLY_OFFICIAL = "A Replica-Only Official"
# A stage of the complaint flow (core.complaints.STAGES): Complaints by Stage lists those stages only,
# so a row in a state outside the flow is not counted and the report could not show the replica's row.
STAGE = "Administrative Verification"


def replica_configured() -> bool:
	return bool(frappe.conf.read_from_replica and frappe.conf.kpu_replica_admin_password)


@unittest.skipUnless(replica_configured(), "no replica: run scripts/replica.sh test --site SITE")
class TestReplicaReads(factories.KpuEtikTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		replica.install()
		cls.port = int(frappe.conf.replica_db_port)
		cls.admin = pymysql.connect(
			host=frappe.conf.replica_host,
			port=int(frappe.conf.replica_db_port),
			user="kpu_etik_replica_admin",
			password=frappe.conf.kpu_replica_admin_password,
			database=frappe.conf.db_name,
			autocommit=True,
		)

	@classmethod
	def tearDownClass(cls):
		cls.admin.close()
		super().tearDownClass()

	def setUp(self):
		super().setUp()
		frappe.cache.delete_value(replica.DOWN_KEY)
		frappe.db.commit()  # a transaction without writes may read on the replica
		self.caught_up()

	def tearDown(self):
		self.on_replica("start slave")
		for table in ("tabComplaint", "tabKinship Declaration", "tabOfficial"):
			self.on_replica(f"delete from `{table}` where name = %s", REPLICA_ONLY)
		frappe.local.conf.replica_db_port = self.port
		frappe.cache.delete_value(replica.DOWN_KEY)
		super().tearDown()

	def on_replica(self, sql, *values):
		with self.admin.cursor() as cursor:
			cursor.execute(sql, values or None)
			return cursor.fetchall()

	def caught_up(self):
		"""Wait until the replica has applied everything the primary committed."""
		position = frappe.db.sql("select @@gtid_binlog_pos")[0][0]
		self.assertEqual(self.on_replica("select master_gtid_wait(%s, 30)", position)[0][0], 0)

	def replica_selects(self) -> int:
		return int(self.on_replica("show global status like 'Com_select'")[0][1])

	@contextmanager
	def served_by_replica(self):
		"""The block's reads reach the replica: its count of SELECTs grows by more than an empty
		read_only block's (opening the replica asks it for its GTID position, itself a SELECT, so a
		read made on the primary would also have grown the count)."""

		@frappe.read_only()
		def empty_read():
			pass

		before = self.replica_selects()
		empty_read()
		overhead = self.replica_selects() - before
		before = self.replica_selects()
		yield
		self.assertGreater(self.replica_selects() - before, overhead, "nothing was read on the replica")

	def write_on_replica_only(self):
		self.on_replica(
			"""insert into `tabComplaint` (name, workflow_state, filed_on, region, creation, modified)
			values (%s, %s, curdate(), %s, now(), now())""",
			REPLICA_ONLY,
			STAGE,
			factories.LUWU_UTARA,
		)

	def announce_on_replica_only(self, region: str):
		"""An announced declaration (and its official) that only the replica has."""
		self.on_replica(
			"""insert into `tabOfficial` (name, full_name, nik, position, level, creation, modified)
			values (%s, %s, %s, 'Anggota', 'PPS', now(), now())""",
			REPLICA_ONLY,
			REPLICA_ONLY_OFFICIAL,
			factories.nik(),
		)
		self.on_replica(
			"""insert into `tabKinship Declaration` (name, official, official_name, region, workflow_state,
				no_family_tie, pleno_date, publication_date, creation, modified)
			values (%s, %s, %s, %s, 'Announced', 1, curdate(), curdate(), now(), now())""",
			REPLICA_ONLY,
			REPLICA_ONLY,
			REPLICA_ONLY_OFFICIAL,
			region,
		)

	def stage_count(self) -> int:
		result = query_report.run("Complaints by Stage", filters={})
		by_stage = {row["stage"]: row["complaints"] for row in result["result"] if isinstance(row, dict)}
		self.assertIn(frappe._(STAGE), by_stage)  # a stage the report lists, else its count is always 0
		return by_stage[frappe._(STAGE)]

	def list_count(self) -> int:
		frappe.local.form_dict = frappe._dict(doctype="Complaint", filters={"workflow_state": STAGE})
		return reportview.get_count()

	def test_a_report_and_a_list_count_read_the_replica_and_the_form_the_primary(self):
		report_before, count_before = self.stage_count(), self.list_count()
		self.write_on_replica_only()
		self.assertEqual(self.stage_count(), report_before + 1)  # the report sees the replica's row
		self.assertEqual(self.list_count(), count_before + 1)  # so does the list's count
		self.assertFalse(frappe.db.exists("Complaint", REPLICA_ONLY))  # the form reads the primary
		with self.assertRaises(frappe.DoesNotExistError):
			frappe.get_doc("Complaint", REPLICA_ONLY)

	def test_the_marked_reads_are_served_by_the_replica(self):
		from frappe.website.serve import get_response_content

		from kpu_etik.api import public
		from kpu_etik.supervision import compliance

		# The public register, drawn by the app's page renderer as the website serves it, and its
		# download show a declaration that only the replica has.
		region = factories.first_desa(factories.MAPPEDECENG)
		self.announce_on_replica_only(region)
		self.assertFalse(frappe.db.exists("Kinship Declaration", REPLICA_ONLY))
		with self.served_by_replica():
			frappe.local.form_dict = frappe._dict(region=region)
			html = get_response_content("kinship-register")
			self.assertNotIn("Traceback", html)
			self.assertIn(REPLICA_ONLY_OFFICIAL, html)
		with self.served_by_replica():
			frappe.local.form_dict = frappe._dict(format="json", region=region)
			public.register_download(region=region, format="json")
			self.assertEqual(frappe.response["type"], "download")
			self.assertIn(REPLICA_ONLY_OFFICIAL, frappe.response["filecontent"])
		with self.served_by_replica():
			compliance.count_undeclared("1 = 1", ["no-round"])
		with self.served_by_replica():
			compliance.render_cover(
				"Kabupaten Luwu Utara", factories.LUWU_UTARA, date(2029, 1, 1), date(2029, 1, 31)
			)
		# a second read of the same job or request still goes to the replica (Frappe v15 stayed on
		# the primary after its first read_only block)
		with self.served_by_replica():
			compliance.count_undeclared("1 = 1", ["no-round"])
		self.assertIsNot(frappe.local.db, getattr(frappe.local, "replica_db", None))  # back on the primary

	def test_a_read_after_a_write_in_the_same_transaction_stays_on_the_primary(self):
		before = self.list_count()
		frappe.db.sql(
			"""insert into `tabComplaint` (name, workflow_state, filed_on, region, creation, modified)
			values ('PRIMARY-UNCOMMITTED', %s, curdate(), %s, now(), now())""",
			(STAGE, factories.LUWU_UTARA),
		)
		self.assertEqual(self.list_count(), before + 1)
		frappe.db.rollback()

	def test_writes_go_on_while_the_replica_lags_and_the_writer_sees_their_write(self):
		self.on_replica("stop slave sql_thread")
		before = self.list_count()
		frappe.db.sql(
			"""insert into `tabComplaint` (name, workflow_state, filed_on, region, creation, modified)
			values ('LAG-CHECK', %s, curdate(), %s, now(), now())""",
			(STAGE, factories.LUWU_UTARA),
		)
		frappe.db.commit()  # the write is accepted by the primary
		self.addCleanup(lambda: (frappe.db.delete("Complaint", "LAG-CHECK"), frappe.db.commit()))
		self.assertEqual(
			self.on_replica("select count(*) from `tabComplaint` where name = 'LAG-CHECK'")[0][0], 0
		)
		# the replica has not applied it: this connection's reads wait briefly, then read the primary
		self.assertEqual(self.list_count(), before + 1)
		self.on_replica("start slave sql_thread")
		self.caught_up()
		with self.served_by_replica():
			self.assertEqual(self.list_count(), before + 1)

	def test_reads_and_writes_go_on_when_the_replica_is_gone(self):
		before = self.list_count()
		frappe.local.conf.replica_db_port = 9  # nothing listens there: a stopped replica
		self.assertEqual(self.list_count(), before)  # read on the primary, no error
		self.assertTrue(frappe.cache.get_value(replica.DOWN_KEY, expires=True))  # not tried again for a while
		frappe.db.sql(
			"""insert into `tabComplaint` (name, workflow_state, filed_on, region, creation, modified)
			values ('DOWN-CHECK', %s, curdate(), %s, now(), now())""",
			(STAGE, factories.LUWU_UTARA),
		)
		frappe.db.commit()
		self.addCleanup(lambda: (frappe.db.delete("Complaint", "DOWN-CHECK"), frappe.db.commit()))
		self.assertEqual(self.list_count(), before + 1)

	def test_the_replica_refuses_writes(self):
		conf = frappe.conf
		connection = pymysql.connect(
			host=conf.replica_host,
			port=int(conf.replica_db_port),
			user=conf.db_name,
			password=conf.db_password,
			database=conf.db_name,
		)
		try:
			with self.assertRaises(pymysql.err.OperationalError) as refused:
				connection.cursor().execute("delete from `tabRegion` where name = 'none'")
			self.assertEqual(refused.exception.args[0], 1290)  # --read-only
		finally:
			connection.close()
