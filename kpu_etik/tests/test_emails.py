"""The app's emails come from Email Templates KPU can edit, in Indonesian, with escaped values."""

import frappe

from kpu_etik import emails
from kpu_etik.tests import factories as f

TEMPLATE = "KPU Etik: Meeting Reminder"


class TestEmails(f.KpuEtikTestCase):
	def setUp(self):
		super().setUp()
		f.ensure_test_email_account()

	def queued(self, reference: str) -> tuple[str, str]:
		"""The subject and the HTML body of the email queued for `reference`."""
		from email import message_from_string, policy

		name = frappe.get_all("Email Queue", {"reference_name": reference}, pluck="name")[-1]
		mail = message_from_string(frappe.get_doc("Email Queue", name).message, policy=policy.default)
		html = mail.get_body(preferencelist=("html",))
		return str(mail["Subject"]), html.get_content() if html else ""

	def test_every_template_is_installed_in_indonesian(self):
		for name, (_subject, _body, _arguments) in emails.TEMPLATES.items():
			with self.subTest(name):
				self.assertTrue(frappe.db.exists("Email Template", name))

	def test_a_reminder_is_worded_by_its_template_with_escaped_values(self):
		emails.send(
			TEMPLATE,
			["anggota.pps@kpu-etik.test"],
			{"topic": "Rakor <b>PPS</b>", "place": "Aula", "starts_on": "Senin, 7 Desember 2026"},
			reference_doctype="Coordination Meeting",
			reference_name="RKR-EMAIL-1",
		)
		subject, body = self.queued("RKR-EMAIL-1")
		self.assertEqual(subject, "Pengingat undangan: Rakor <b>PPS</b>")  # plain text, one line
		self.assertIn("Rakor &lt;b&gt;PPS&lt;/b&gt; di Aula, Senin, 7 Desember 2026.", body)
		self.assertNotIn("<b>PPS</b>", body)

	def test_wording_changed_by_kpu_is_used_and_kept_by_a_migrate(self):
		template = frappe.get_doc("Email Template", TEMPLATE)
		template.subject = "Undangan rapat: {{ topic }}"
		template.save()
		from kpu_etik.install import after_migrate

		after_migrate()
		self.assertEqual(
			frappe.db.get_value("Email Template", TEMPLATE, "subject"), "Undangan rapat: {{ topic }}"
		)
		emails.send(
			TEMPLATE,
			["anggota.pps@kpu-etik.test"],
			{"topic": "Rakor Desember", "place": "Aula", "starts_on": "Senin, 7 Desember 2026"},
			reference_doctype="Coordination Meeting",
			reference_name="RKR-EMAIL-2",
		)
		self.assertEqual(self.queued("RKR-EMAIL-2")[0], "Undangan rapat: Rakor Desember")
