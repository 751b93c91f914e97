"""A citizen files an anonymous complaint with evidence from a phone and follows it with the receipt
code; the KPU Soppeng legal division moves it through verification in the Desk."""

import time

from conftest import RECEIPT_CODE, fits_the_screen, screenshot, sign_in, wait
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from test_citizen_journey import choose_region


def complaint_stage(driver, base_url, code) -> str:
	driver.get(f"{base_url}/complaint-status")
	form = wait(driver).until(EC.presence_of_element_located((By.ID, "status-form")))
	form.find_element(By.ID, "receipt-code").send_keys(code)
	form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
	stage = wait(driver).until(EC.visibility_of_element_located((By.ID, "status-stage")))
	wait(driver).until(lambda d: stage.text.strip())
	return stage.text.strip()


def desk_action(driver, labels):
	"""Click a workflow action in the form's Actions menu (labels: English and Indonesian)."""
	menu = wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".actions-btn-group > button")))
	menu.click()
	items = wait(driver).until(
		lambda d: [
			e
			for e in d.find_elements(By.CSS_SELECTOR, ".actions-btn-group .dropdown-item")
			if e.text.strip() in labels
		]
	)
	items[0].click()


def wait_for_state(officer, name, state, timeout=30):
	deadline = time.time() + timeout
	while time.time() < deadline:
		if officer.doc("Complaint", name)["workflow_state"] == state:
			return True
		time.sleep(0.5)
	raise AssertionError(f"{name} did not reach {state}")


def test_an_anonymous_complaint_is_filed_followed_and_verified(
	phone, desktop, base_url, site, shots, signed_pdf, officer
):
	# The public landing page leads to the form.
	phone.get(f"{base_url}/kpu-etik")
	links = {a.get_attribute("pathname") for a in phone.find_elements(By.CSS_SELECTOR, "main a")}
	assert {"/complaint", "/complaint-status", "/kinship-register"} <= links
	assert fits_the_screen(phone)
	screenshot(phone, shots / "10-public-landing.png")
	phone.find_element(By.CSS_SELECTOR, "main a[href='/complaint']").click()

	form = wait(phone).until(EC.presence_of_element_located((By.ID, "complaint-form")))
	form.find_element(By.NAME, "anonymous").click()
	form.find_element(By.NAME, "respondent_name").send_keys(site["respondent_name"])
	form.find_element(By.NAME, "position_text").send_keys("Ketua PPS Barae")
	choose_region(phone, "Barae Soppeng", "Marioriwawo")  # by name: the village, in its kabupaten
	form.find_element(By.NAME, "incident_place").send_keys("Sekretariat PPS Barae")
	form.find_element(By.NAME, "chronology").send_keys(
		"Pada rapat pleno rekapitulasi, Ketua PPS mengenakan atribut salah satu partai dan mengajak "
		"anggota KPPS memilih calon tertentu."
	)
	form.find_element(By.NAME, "evidence").send_keys(str(signed_pdf))
	assert fits_the_screen(phone)
	screenshot(phone, shots / "11-complaint-form.png")
	form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
	receipt = wait(phone).until(EC.visibility_of_element_located((By.ID, "receipt")))
	code = RECEIPT_CODE.search(receipt.text).group(0)
	assert RECEIPT_CODE.fullmatch(phone.find_element(By.ID, "receipt-code").text.strip())
	screenshot(phone, shots / "12-complaint-receipt.png")

	assert complaint_stage(phone, base_url, code) in ("Diterima", "Received")
	screenshot(phone, shots / "13-complaint-status-received.png")

	# The legal division of KPU Soppeng finds it in the Desk, anonymous, with its evidence.
	listed = officer.get(
		"/api/resource/Complaint",
		params={"fields": '["name","anonymous"]', "order_by": "creation desc", "limit_page_length": 1},
	).json()["data"][0]
	name = listed["name"]
	complaint = officer.doc("Complaint", name)
	assert len(complaint["evidence"]) == 1
	assert not complaint.get("complainant_name")  # the legal officer never sees who filed it

	sign_in(desktop, base_url, site["legal_officer"], site["password"])
	desktop.get(f"{base_url}/app/complaint/{name}")
	wait(desktop).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".form-layout")))
	screenshot(desktop, shots / "20-desk-complaint-received.png")
	desk_action(desktop, {"Start Verification", "Mulai Verifikasi"})
	wait_for_state(officer, name, "Administrative Verification")
	desktop.refresh()
	wait(desktop).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".form-layout")))
	# Verification links the described respondent to their Official record, then clarification.
	wait(desktop).until(
		lambda d: d.execute_script("return !!(window.cur_frm && cur_frm.doc.name == arguments[0])", name)
	)
	desktop.execute_script(
		"const row = cur_frm.doc.respondents[0];"
		"frappe.model.set_value(row.doctype, row.name, 'official', arguments[0]);",
		site["respondent_official"],
	)
	wait(desktop).until(
		lambda d: d.execute_script(
			"return cur_frm.doc.respondents[0].official == arguments[0]", site["respondent_official"]
		)
	)
	desktop.find_element(By.CSS_SELECTOR, ".primary-action").click()  # Save
	wait(desktop).until(lambda d: not d.execute_script("return cur_frm.is_dirty()"))
	screenshot(desktop, shots / "21-desk-complaint-verification.png")
	desk_action(desktop, {"Clarify", "Klarifikasi"})
	wait_for_state(officer, name, "Clarification")
	desktop.refresh()
	wait(desktop).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".form-layout")))
	screenshot(desktop, shots / "22-desk-complaint-clarification.png")

	# The citizen sees the new stage with the same receipt code.
	assert complaint_stage(phone, base_url, code) in ("Klarifikasi", "Clarification")
	screenshot(phone, shots / "14-complaint-status-clarification.png")
