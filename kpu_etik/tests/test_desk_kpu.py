"""The Desk as KPU's (issue 26, item 4): KPU's name on the sign-in page and the navbar, only the app's
workspaces in the sidebar, documents titled by their number or name, late work marked late, sections
shown from their stage, "open all" opening exactly the rows counted, a body whose term has ended
saying so, and the invitation listing who it reaches before it is confirmed."""

import json
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import frappe
from frappe.utils import add_days, getdate, today

from kpu_etik.core import complaints as core
from kpu_etik.core.bodies import TERM_ENDED, shown_status
from kpu_etik.tests import factories as f
from kpu_etik.tests import test_portal

COMPLAINT_JSON = Path(core.__file__).parents[1] / "complaints" / "doctype" / "complaint" / "complaint.json"


def route_filters(url: str) -> tuple[str, list]:
	"""The doctype and filters the Desk's list reads from an "open all" route (as base_list.js
	parse_filters_from_route_options: a JSON [operator, value] or a plain equality)."""
	parts = urlsplit(url)
	slug = parts.path.rsplit("/", 1)[-1]
	doctype = next(
		d for d in frappe.get_all("DocType", pluck="name") if frappe.scrub(d).replace("_", "-") == slug
	)
	filters = []
	for field, value in parse_qsl(parts.query):
		if value.startswith("[") and value.endswith("]"):
			operator, operand = json.loads(value)
			filters.append([field, operator, operand])
		else:
			filters.append([field, "=", value])
	return doctype, filters


class TestBranding(f.KpuEtikTestCase):
	def test_sign_in_page_and_navbar_say_kpu_not_frappe(self):
		from kpu_etik.install import APP_LOGO, APP_NAME, ensure_branding

		for single in ("Website Settings", "System Settings", "Navbar Settings"):
			self.addCleanup(frappe.clear_document_cache, single, single)  # after the rollback
		frappe.db.set_single_value("Website Settings", "app_name", "Frappe")
		ensure_branding()
		ensure_branding()  # idempotent
		self.assertEqual(frappe.get_website_settings("app_name"), APP_NAME)
		self.assertEqual(frappe.db.get_single_value("System Settings", "app_name"), APP_NAME)
		from frappe.core.doctype.navbar_settings.navbar_settings import get_app_logo

		self.assertEqual(get_app_logo(), APP_LOGO)
		# An administrator's own name stays.
		frappe.db.set_single_value("Website Settings", "app_name", "KPU Kota Contoh")
		ensure_branding()
		self.assertEqual(frappe.db.get_single_value("Website Settings", "app_name"), "KPU Kota Contoh")


class TestDeskOfAnOfficer(test_portal.PortalCase):
	"""Two PPS of Baebunta Selatan (Luwu Utara), an operator and a legal officer of Luwu Utara."""

	def test_kpu_staff_see_only_the_apps_workspaces(self):
		from frappe.desk.desktop import get_workspace_sidebar_items

		from kpu_etik.install import MODULE_PROFILE, app_modules

		self.assertEqual(frappe.db.get_value("User", test_portal.OPERATOR, "module_profile"), MODULE_PROFILE)
		frappe.set_user(test_portal.OPERATOR)
		pages = get_workspace_sidebar_items()["pages"]
		frappe.set_user("Administrator")
		self.assertTrue(pages)
		self.assertLessEqual({page["module"] for page in pages}, set(app_modules()))
		self.assertIn("KPU Kabupaten Kota", {page["name"] for page in pages})

	def test_complaints_declarations_sanctions_bodies_regions_are_titled(self):
		for doctype, field in (
			("Complaint", "case_number"),
			("Kinship Declaration", "official_name"),
			("Sanction", "official_name"),
			("Ad Hoc Body", "body_name"),
			("Region", "region_name"),
			("Official", "full_name"),
		):
			meta = frappe.get_meta(doctype)
			self.assertEqual((meta.title_field, meta.show_title_field_in_link), (field, 1), doctype)
		complaint = self.running_complaint()
		self.assertEqual(complaint.get_title(), complaint.case_number)
		self.assertNotEqual(complaint.case_number, complaint.name)

	def running_complaint(self):
		return frappe.get_doc(
			{
				"doctype": "Complaint",
				"source": "Temuan",
				"received_via": "Internal Supervision",
				"respondents": [{"official": self.member_a.name, "respondent_name": "x"}],
				"chronology": "Temuan pengawasan internal.",
			}
		).insert()

	def test_a_late_stage_is_marked_late_by_the_home_rule(self):
		from kpu_etik.desk_home import todays_work

		complaint = self.running_complaint()
		self.assertIn(complaint.workflow_state, core.RUNNING_STAGES)
		on_time = frappe.get_doc("Complaint", complaint.name)
		on_time.run_method("onload")
		self.assertEqual(on_time.get_onload().days_late, 0)

		complaint.db_set("stage_deadline", add_days(today(), -3))
		late = frappe.get_doc("Complaint", complaint.name)
		late.run_method("onload")
		self.assertEqual(late.get_onload().days_late, 3)
		frappe.set_user(test_portal.LEGAL)
		listed = next(one for one in todays_work() if one.key == "complaints")
		frappe.set_user("Administrator")
		self.assertGreaterEqual(listed.late, 1)
		self.assertEqual(next(item for item in listed.items if item.name == complaint.name).urgency, "late")
		# A final stage is never late, whatever its old deadline.
		self.assertEqual(core.days_late("Closed - Proven", date(2020, 1, 1), date(2026, 1, 1)), 0)
		self.assertEqual(core.days_late("Set Aside", date(2020, 1, 1), date(2026, 1, 1)), 0)
		self.assertEqual(core.days_late("Plenary", date(2026, 1, 1), date(2026, 1, 1)), 0)  # its last day

	def test_open_all_shows_the_rows_its_count_counts(self):
		from kpu_etik.api.desk import list_url
		from kpu_etik.desk_home import todays_work

		# Work for both officers: a short PPS with members lacking an oath or a pact, a late complaint.
		f.official(self.pps_b.name, full_name="Tanpa Sumpah", oath_date=None)
		self.running_complaint().db_set("stage_deadline", add_days(today(), -2))
		seen = set()
		for user in (test_portal.OPERATOR, test_portal.LEGAL):
			frappe.set_user(user)
			for one in todays_work():
				url = list_url(one.doctype, one.filters)
				if not one.count:
					continue
				self.assertTrue(url, one.key)
				doctype, filters = route_filters(url)
				self.assertEqual(doctype, one.doctype)
				shown = frappe.get_list(doctype, filters=filters, fields=["count(*) as n"], order_by="")
				self.assertEqual(shown[0].n, one.count, f"{user}: {one.key} {url}")
				seen.add(one.key)
			frappe.set_user("Administrator")
		self.assertLessEqual({"bodies_short", "oath_missing", "pact_missing", "complaints"}, seen)

	def test_a_body_whose_term_has_ended_says_so(self):
		yesterday = getdate() - timedelta(days=1)
		self.assertEqual(shown_status("Active", yesterday, getdate()), TERM_ENDED)
		self.assertEqual(shown_status("Active", getdate(), getdate()), "Active")  # its last day
		self.assertEqual(shown_status("Dissolved", yesterday, getdate()), "Dissolved")
		body = frappe.get_doc("Ad Hoc Body", self.pps_b.name)
		body.run_method("onload")
		self.assertFalse(body.get_onload().term_ended)
		self.pps_b.db_set("period_end", yesterday)
		body = frappe.get_doc("Ad Hoc Body", self.pps_b.name)
		body.run_method("onload")
		self.assertTrue(body.get_onload().term_ended)

	def test_the_invitation_lists_who_it_reaches_before_it_is_sent(self):
		from kpu_etik.portal import invite_body_members, preview_body_invitation

		f.ensure_test_email_account()
		frappe.db.set_value("Official", self.colleague.name, "email", "siti.preview@example.test")
		no_email = f.official(self.pps_a.name, full_name="Tanpa Surel")
		preview = self.as_user(test_portal.OPERATOR, preview_body_invitation, self.pps_a.name)
		self.assertEqual(preview["invite"], ["Siti Hajar"])
		self.assertEqual(preview["already"], ["Andi Rahman"])
		self.assertEqual([row["name"] for row in preview["skipped"]], [no_email.full_name])
		self.assertFalse(frappe.db.exists("User", "siti.preview@example.test"))  # a preview opens nothing
		result = self.as_user(test_portal.OPERATOR, invite_body_members, self.pps_a.name)
		self.assertEqual(result["invited"], preview["invite"])
		self.assertEqual(result["skipped"], preview["skipped"])
		with self.assertRaises(frappe.PermissionError):
			self.as_user(test_portal.SOPPENG_OPERATOR, preview_body_invitation, self.pps_a.name)


class TestComplaintSections(f.KpuEtikTestCase):
	def test_sections_appear_when_their_stage_is_reached(self):
		fields = {df["fieldname"]: df for df in json.loads(COMPLAINT_JSON.read_text())["fields"]}
		for field in core.SHOWN_IN_STAGES:
			self.assertEqual(fields[field].get("depends_on"), core.shown_when(field), field)
		at_verification = {
			field for field, stages in core.SHOWN_IN_STAGES.items() if "Administrative Verification" in stages
		}
		self.assertEqual(at_verification, {"section_handling", "rejection_reason", "forwarding_reference"})
		self.assertNotIn("Received", core.SHOWN_IN_STAGES["section_handling"])
		self.assertEqual(
			core.SHOWN_IN_STAGES["section_plenary"], ("Plenary", "Closed - Proven", "Closed - Not Proven")
		)


class TestComplaintsByStageReport(f.KpuEtikTestCase):
	def test_the_report_lists_stages_in_process_order(self):
		from kpu_etik.complaints.report.complaints_by_stage.complaints_by_stage import execute

		_columns, rows = execute({})
		self.assertEqual(
			[row["stage"] for row in rows],
			[frappe._(stage) for stage in core.STAGES if stage != core.SET_ASIDE],
		)
