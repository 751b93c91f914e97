"""A PPS member on a phone: the portal home, a visit recorded, the integrity pact uploaded, a rakor
confirmed; and everything they must not reach is refused. (The declaration itself, declared, returned,
corrected and submitted again: test_member_declaration.py.)"""

import json
from datetime import date

from conftest import Api, fits_the_screen, screenshot, sign_in, wait
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select


def test_a_member_sees_a_body_below_but_is_refused_another_pps(phone, base_url, site, shots):
	sign_in(phone, base_url, site["member"], site["password"])
	if site["body_below"]:
		phone.get(f"{base_url}/member-portal?body={site['body_below']}")
		wait(phone).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".card.body")))
	phone.get(f"{base_url}/member-portal?body={site['other_body']}")
	page = wait(phone).until(EC.presence_of_element_located((By.TAG_NAME, "body"))).text
	assert site["other_body_name"] not in page
	screenshot(phone, shots / "05-another-body-refused.png")
	phone.get(f"{base_url}/app")
	wait(phone).until(EC.presence_of_element_located((By.TAG_NAME, "body")))
	assert not phone.execute_script("return !!(window.frappe && frappe.boot && frappe.boot.user)")
	screenshot(phone, shots / "06-desk-refused.png")


def test_a_pps_member_gets_a_refusal_not_data(base_url, site, officer):
	member = Api(base_url, site["member"], site["password"])
	guest = Api(base_url)
	filed = guest.post(
		"/api/method/kpu_etik.api.public.submit_public_complaint",
		data={
			"respondent_name": site["respondent_name"],
			"respondent_region": site["respondent_region"],
			"chronology": "Pengaduan uji: anggota PPS menyatakan dukungan kepada calon.",
			"anonymous": 0,
			"complainant_name": "Warga Uji Coba",
			"complainant_contact": "0812-0000-0000",
		},
	)
	filed.raise_for_status()
	complaint = officer.get(
		"/api/resource/Complaint", params={"order_by": "creation desc", "limit_page_length": 1}
	).json()["data"][0]["name"]

	refusals = {
		"another body's page": member.get("/member-portal", params={"body": site["other_body"]}),
		"another member's declaration": member.get(
			f"/api/resource/Kinship Declaration/{site['other_declaration']}"
		),
		"the Desk": member.get("/app"),
		"a complaint's REST URL": member.get(f"/api/resource/Complaint/{complaint}"),
		"the complaint list": member.get("/api/resource/Complaint"),
		"a complaint through frappe.client": member.get(
			"/api/method/frappe.client.get", params={"doctype": "Complaint", "name": complaint}
		),
		"declaring for another member": member.post(
			"/api/method/kpu_etik.api.portal.save_my_declaration",
			data={"official": site["respondent_official"], "round": site["round"], "no_family_tie": 1},
		),
	}
	for what, response in refusals.items():
		assert response.status_code == 403, (what, response.status_code)
		assert site["other_body_name"] not in response.text, what
		assert "Warga Uji Coba" not in response.text, what
	# Reads the member may do still work (the refusals are not an outage).
	assert member.get("/member-portal").status_code == 200


def test_a_dismissed_member_is_signed_out_at_once(base_url, site):
	leaver = Api(base_url, site["leaver"], site["password"])
	assert leaver.get("/member-portal").status_code == 200
	operator = Api(base_url, site["operator"], site["password"])
	operator.http.put(
		f"{base_url}/api/resource/Official/{site['leaver_official']}",
		json={"status": "Dismissed", "status_reason": "Putusan pleno KPU Soppeng"},
	).raise_for_status()
	# The open session is gone: the portal sends them to the sign-in page, the API knows no one.
	after = leaver.get("/member-portal", allow_redirects=False)
	assert after.status_code in (301, 302, 303, 307), after.status_code
	assert "/login" in after.headers["Location"]
	assert leaver.get("/api/method/frappe.auth.get_logged_user").status_code in (401, 403)
	# And the account cannot sign in again.
	again = Api(base_url)
	response = again.post("/api/method/login", data={"usr": site["leaver"], "pwd": site["password"]})
	assert response.status_code in (401, 403)


def test_a_pps_member_records_a_visit_to_a_kpps_from_the_phone(phone, base_url, site, shots, officer):
	sign_in(phone, base_url, site["member"], site["password"])
	phone.get(f"{base_url}/supervision-visits")
	form = wait(phone).until(EC.presence_of_element_located((By.ID, "visit-form")))
	assert fits_the_screen(phone)
	Select(form.find_element(By.NAME, "visited_body")).select_by_value(site["body_below"])
	day = date.today().isoformat()
	for field in ("planned_on", "held_on"):
		phone.execute_script("arguments[0].value = arguments[1]", form.find_element(By.NAME, field), day)
	for select in form.find_elements(By.CSS_SELECTOR, "select.checklist"):
		Select(select).select_by_value("Compliant")
	findings = "Kunjungan uji: sekretariat KPPS tertib, daftar hadir lengkap."
	form.find_element(By.NAME, "findings").send_keys(findings)
	form.find_element(By.NAME, "reported").click()
	screenshot(phone, shots / "07-supervision-visit-form.png")
	form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
	wait(phone).until(EC.staleness_of(form))
	visits = officer.get(
		"/api/resource/Supervision Visit",
		params={
			"filters": json.dumps([["visited_body", "=", site["body_below"]], ["findings", "=", findings]]),
			"fields": '["name","held_on","reported","visit_state"]',
		},
	).json()["data"]
	assert visits and visits[0]["held_on"] == day and visits[0]["reported"] == 1
	assert visits[0]["visit_state"] == "Held"


def test_a_member_uploads_the_integrity_pact_and_confirms_a_rakor_from_the_home(
	phone, base_url, site, shots, signed_pdf, officer
):
	sign_in(phone, base_url, site["member"], site["password"])
	phone.get(f"{base_url}/member-portal")
	form = wait(phone).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".pact-form")))
	form.find_element(By.NAME, "pact").send_keys(str(signed_pdf))
	form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
	wait(phone).until(EC.staleness_of(form))  # reloaded once stored
	state = wait(phone).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".pact-state")))
	assert "tersimpan" in state.text
	assert not phone.find_elements(By.CSS_SELECTOR, ".pact-form")
	member_name = phone.find_element(By.CSS_SELECTOR, ".me h2").text

	row = phone.find_element(By.CSS_SELECTOR, f"[data-meeting='{site['meeting']}']")
	row.find_element(By.CSS_SELECTOR, "button.confirm").click()
	wait(phone).until(EC.staleness_of(row))
	row = wait(phone).until(
		EC.presence_of_element_located((By.CSS_SELECTOR, f"[data-meeting='{site['meeting']}']"))
	)
	assert not row.find_elements(By.CSS_SELECTOR, "button.confirm")
	screenshot(phone, shots / "08-member-portal-pact-and-rakor.png")
	invitees = officer.doc("Coordination Meeting", site["meeting"])["invitees"]
	assert [(i["official_name"], i["confirmed"]) for i in invitees if i.get("official")] == [(member_name, 1)]
