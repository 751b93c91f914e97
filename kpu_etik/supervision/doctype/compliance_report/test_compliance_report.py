import email
import io
import socket
import unittest

import frappe
from frappe.utils import today
from pypdf import PdfReader

from kpu_etik.core.report_pdf import outline_titles
from kpu_etik.supervision.compliance import SECTIONS, report_period, send_compliance_reports
from kpu_etik.tests import factories as f

try:
	from aiosmtpd.controller import Controller
except ImportError:  # installed by scripts/test.sh into the bench
	Controller = None

OFFICER = "report.hukum@kpu-etik.test"


class Sink:
	"""A real SMTP server on loopback that keeps what it receives."""

	def __init__(self):
		self.messages = []

	async def handle_DATA(self, server, session, envelope):
		self.messages.append(envelope.content)
		return "250 OK"


def free_port() -> int:
	with socket.socket() as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


@unittest.skipUnless(Controller, "aiosmtpd is not installed in the bench")
class TestScheduledComplianceReports(f.KpuEtikTestCase):
	def setUp(self):
		super().setUp()
		self.sink = Sink()
		self.port = free_port()
		self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
		self.controller.start()
		self.addCleanup(self.controller.stop)
		# Sending through the queue commits: undo what this test wrote, whatever happens.
		self.remove_committed_fixture()
		self.addCleanup(self.remove_committed_fixture)
		frappe.local.outgoing_email_account = {}  # Frappe caches the outgoing account per process
		frappe.db.set_value("Email Account", {"default_outgoing": 1}, "default_outgoing", 0)
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "KPU Etik Sink",
				"email_id": "laporan@kpu-etik.test",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"smtp_port": self.port,
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
		f.user(OFFICER, ("KPU Kabkota Legal Officer", f.LUWU_UTARA))
		self.settings = frappe.get_doc(
			{"doctype": "Compliance Report Settings", "region": f.LUWU_UTARA, "frequency": "Monthly"}
		).insert()

	def remove_committed_fixture(self):
		frappe.set_user("Administrator")
		frappe.local.outgoing_email_account = {}
		reports = frappe.get_all("Compliance Report", {"region": f.LUWU_UTARA}, pluck="name")
		queues = frappe.get_all("Email Queue", {"reference_name": ("in", reports or ["-"])}, pluck="name")
		frappe.db.delete("Email Queue Recipient", {"parent": ("in", queues or ["-"])})
		frappe.db.delete("Email Queue", {"name": ("in", queues or ["-"])})
		for name in frappe.get_all(
			"File",
			{"attached_to_doctype": "Compliance Report", "attached_to_name": ("in", reports or ["-"])},
			pluck="name",
		):
			frappe.delete_doc("File", name, force=True, ignore_permissions=True)
		frappe.db.delete("Compliance Report", {"name": ("in", reports or ["-"])})
		frappe.db.delete("Report Recipient Role", {"parent": f.LUWU_UTARA})
		frappe.db.delete("Compliance Report Settings", {"name": f.LUWU_UTARA})
		frappe.db.delete("Email Account", {"name": "KPU Etik Sink"})
		frappe.db.delete("Region Access", {"user": OFFICER})
		frappe.db.delete("Has Role", {"parent": OFFICER})
		frappe.db.delete("User", {"name": OFFICER})
		frappe.db.commit()
		from kpu_etik.permissions import clear_user_regions

		clear_user_regions(OFFICER)

	def test_the_monthly_pdf_is_stored_once_and_delivered(self):
		frappe.flags.kpu_etik_fail_report_once = True  # the first attempt fails after writing
		made = send_compliance_reports("Monthly", day="2029-03-05")
		self.assertEqual(len(made), 1)
		self.assertEqual(frappe.db.count("Compliance Report", {"settings": self.settings.name}), 1)
		self.assertEqual(send_compliance_reports("Monthly", day="2029-03-20"), [])  # same period: nothing new
		report = frappe.get_doc("Compliance Report", made[0])
		self.assertEqual((str(report.period_start), str(report.period_end)), ("2029-02-01", "2029-02-28"))
		self.assertEqual(
			frappe.db.count(
				"File", {"attached_to_doctype": "Compliance Report", "attached_to_name": report.name}
			),
			1,
		)
		pdf = frappe.get_doc("File", {"file_url": report.report_file}).get_content()
		self.assertEqual(outline_titles(pdf)[1:], [frappe._(s) for s in SECTIONS])
		reader = PdfReader(io.BytesIO(pdf))
		self.assertEqual(len(reader.pages), report.pages)
		self.assertEqual(len(reader.pages), 1 + len(SECTIONS))  # a cover and one page a section here
		# Deliver through the queue to the SMTP sink, and read it back.
		frappe.flags.testing_email = True
		self.addCleanup(setattr, frappe.flags, "testing_email", False)
		for queue in frappe.get_all("Email Queue", {"reference_name": report.name}, pluck="name"):
			frappe.get_doc("Email Queue", queue).send()
		self.assertEqual(len(self.sink.messages), 1)
		message = email.message_from_bytes(self.sink.messages[0])
		self.assertIn(OFFICER, message["To"])
		attachments = [part for part in message.walk() if part.get_filename()]
		self.assertEqual(len(attachments), 1)
		self.assertEqual(
			len(PdfReader(io.BytesIO(attachments[0].get_payload(decode=True))).pages), report.pages
		)

	def test_report_periods(self):
		start, end = report_period("Weekly", "2029-03-07")  # a Wednesday
		self.assertEqual((str(start), str(end)), ("2029-02-26", "2029-03-04"))
		start, end = report_period("Monthly", today())
		self.assertEqual(start.day, 1)
