"""A citizen on a 360 px phone files an anonymous complaint, choosing the respondent's village by its
name, keeps the receipt, and follows the complaint with its receipt code; a mistyped code gets a
plain Indonesian answer. The register pages choose their region the same way (issue 26)."""

import json
import re
from urllib.parse import parse_qs, parse_qsl, urlsplit

import audit
from conftest import RECEIPT_CODE, fits_the_screen, screenshot, wait
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

MONTHS = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"
WRITTEN_DATE = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b")
DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
IDENTITY = ("complainant_name", "complainant_nik", "complainant_address", "complainant_contact")


def at_width(driver, width):
	"""Lay the open page out at another width (a laptop's 1280 px, or the phone's 360 px again)."""
	driver.execute_cdp_cmd(
		"Emulation.setDeviceMetricsOverride",
		{
			"width": width,
			"height": 900 if width > 360 else 740,
			"deviceScaleFactor": 1,
			"mobile": width <= 360,
		},
	)


def choose_region(driver, typed: str, expected: str) -> str:
	"""Type a name into the region picker and choose the option holding `expected` with the arrow
	keys and Enter; returns the text the field then shows."""
	field = driver.find_element(By.ID, "region-search")
	retype(field, typed)
	wait(driver).until(
		lambda d: d.find_element(By.ID, "region-options").get_attribute("data-answered") == "1"
	)
	assert field.get_attribute("aria-expanded") == "true"
	options = driver.find_elements(By.CSS_SELECTOR, "#region-options [role=option]")
	target = next(i for i, option in enumerate(options) if expected in option.text)
	for _ in range(target + 1):
		field.send_keys(Keys.ARROW_DOWN)
	assert field.get_attribute("aria-activedescendant") == options[target].get_attribute("id")
	assert options[target].get_attribute("aria-selected") == "true"
	field.send_keys(Keys.ENTER)
	wait(driver).until(lambda d: field.get_attribute("aria-expanded") == "false")
	return field.get_attribute("value")


def accessible(driver, state: str):
	"""No critical or serious axe-core violation (WCAG 2.1 AA) in a state the page audit does not
	load: the list of regions open, the receipt, the status shown."""
	axe = audit.run_axe(driver)
	assert not axe["counts"]["critical"] and not axe["counts"]["serious"], (
		f"{state}: {audit.describe_violations(axe['violations'])}"
	)


def retype(field, text: str):
	"""Replace a field's text as a person does (select all, then type), one input event a key."""
	field.send_keys(Keys.CONTROL, "a")
	field.send_keys(Keys.BACKSPACE)
	if text:
		field.send_keys(text)


def region_value(driver) -> str:
	return driver.execute_script("return document.querySelector('input[type=hidden][name=region]').value")


def test_a_citizen_files_anonymously_and_follows_the_complaint(
	phone, base_url, site, shots, signed_pdf, officer
):
	phone.get(f"{base_url}/complaint")
	form = wait(phone).until(EC.presence_of_element_located((By.ID, "complaint-form")))
	assert fits_the_screen(phone)
	screenshot(phone, shots / "citizen-complaint-360.png")

	# Every field has its own label (no placeholder-only field); the required ones are marked.
	assert (
		phone.execute_script(
			"return [...document.querySelectorAll('#complaint-form input:not([type=hidden]), #complaint-form textarea')]"
			".filter((e) => !e.labels || !e.labels.length || e.placeholder).map((e) => e.id)"
		)
		== []
	)
	legends = [legend.text for legend in form.find_elements(By.TAG_NAME, "legend")]
	assert legends == ["Identitas Anda", "Pihak yang dilaporkan", "Uraian kejadian", "Bukti"]
	for field in ("complainant_name", "respondent_name", "region-search", "chronology"):
		element = form.find_element(By.ID, field)
		assert element.get_attribute("required") and element.get_attribute("aria-required") == "true", field
		assert "*" in form.find_element(By.CSS_SELECTOR, f"label[for='{field}']").text, field

	# Filing anonymously hides the identity fields and empties them: nothing of them is sent.
	form.find_element(By.ID, "complainant_name").send_keys("Warga Barae")
	form.find_element(By.ID, "complainant_nik").send_keys("7312010101900001")
	form.find_element(By.ID, "complainant_contact").send_keys("0812-0000-1111")
	form.find_element(By.ID, "anonymous").click()
	assert not form.find_element(By.ID, "identity").is_displayed()
	for field in IDENTITY:
		element = form.find_element(By.ID, field)
		assert element.get_attribute("value") == "" and not element.is_displayed(), field

	form.find_element(By.ID, "respondent_name").send_keys(site["respondent_name"])
	form.find_element(By.ID, "position_text").send_keys("Ketua PPS Barae")
	# Text that is not a region chosen from the list is not sent.
	field = form.find_element(By.ID, "region-search")
	field.send_keys("Barae")
	form.find_element(By.ID, "chronology").send_keys(
		"Pada rapat pleno rekapitulasi, Ketua PPS mengenakan atribut salah satu partai dan mengajak "
		"anggota KPPS memilih calon tertentu."
	)
	phone.execute_script("document.getElementById('send').click()")
	wait(phone).until(lambda d: d.find_element(By.ID, "region-message").text == "Pilih wilayah dari daftar.")
	assert field.get_attribute("aria-invalid") == "true"
	assert not phone.find_element(By.ID, "receipt").is_displayed()

	# The village chosen by its name; the form carries its code.
	shown = choose_region(phone, "Barae", "Marioriwawo")
	assert shown == "Desa Barae, Kec. Marioriwawo, Kab. Soppeng, Prov. Sulawesi Selatan"
	assert region_value(phone) == site["respondent_region"]
	assert "73.12" not in phone.find_element(By.TAG_NAME, "main").text  # names, never codes
	form.find_element(By.ID, "incident_place").send_keys("Sekretariat PPS Barae")
	form.find_element(By.ID, "evidence").send_keys(str(signed_pdf))
	assert fits_the_screen(phone)  # the file field too
	screenshot(phone, shots / "citizen-complaint-filled-360.png")
	# What the page sends, as the server receives it.
	phone.execute_script(
		"window.sent = []; const send = window.fetch;"
		"window.fetch = (url, options) => { window.sent.push([String(url), String(options.body || '')]);"
		" return send(url, options); };"
	)
	phone.execute_script("document.getElementById('send').click()")

	# The receipt replaces the form, in Indonesian.
	wait(phone).until(EC.visibility_of_element_located((By.ID, "receipt")))
	assert not form.is_displayed()
	code = phone.find_element(By.ID, "receipt-code").text.strip()
	assert RECEIPT_CODE.fullmatch(code), code
	case_number = phone.find_element(By.ID, "receipt-case").get_attribute("textContent").strip()
	assert re.fullmatch(r"\S+/\S+", case_number), case_number
	assert WRITTEN_DATE.search(phone.find_element(By.ID, "receipt-filed").text)
	assert phone.find_element(By.ID, "receipt-stage").text == "Diterima"
	assert phone.find_element(By.ID, "receipt-next").text == "Verifikasi Administrasi"
	deadline = phone.find_element(By.ID, "receipt-deadline").text
	assert WRITTEN_DATE.search(deadline) and deadline.split(",")[0] in DAY_NAMES, deadline
	next_step = phone.find_element(By.ID, "receipt-next-step").text
	assert deadline in next_step and "hari kerja" in next_step and "Kabupaten Soppeng" in next_step
	assert phone.find_element(By.ID, "receipt-anonymous").is_displayed()  # KPU cannot contact them
	assert fits_the_screen(phone)
	accessible(phone, "the receipt")
	screenshot(phone, shots / "citizen-receipt-360.png")
	at_width(phone, 1280)
	screenshot(phone, shots / "citizen-receipt-1280.png")
	at_width(phone, 360)

	# Copy (the clipboard, or the code selected for the person), and a text file made in the browser.
	phone.find_element(By.ID, "copy-code").click()
	wait(phone).until(lambda d: d.find_element(By.ID, "receipt-saved").text.strip())
	phone.execute_script(
		"window.savedReceipt = null; const made = URL.createObjectURL;"
		"URL.createObjectURL = (blob) => { window.savedReceipt = blob; return made(blob); };"
	)
	phone.find_element(By.ID, "save-receipt").click()
	saved = phone.execute_async_script(
		"const done = arguments[0]; window.savedReceipt.text().then(done, (e) => done(String(e)));"
	)
	assert code in saved and case_number in saved and deadline in saved and "Tanda terima pengaduan" in saved

	# Nothing of the identity typed and withdrawn was sent.
	sent = dict(
		parse_qsl(
			next(
				body
				for url, body in phone.execute_script("return window.sent")
				if "submit_public_complaint" in url
			)
		)
	)
	assert sent["anonymous"] == "1" and not set(IDENTITY) & set(sent), sorted(sent)
	assert sent["respondent_region"] == site["respondent_region"]

	# KPU holds the complaint (the legal division does not see who filed it, nor whether anonymously).
	name = officer.get(
		"/api/resource/Complaint",
		params={"filters": json.dumps([["case_number", "=", case_number]]), "fields": '["name"]'},
	).json()["data"]
	assert len(name) == 1, case_number
	name = name[0]["name"]
	complaint = officer.doc("Complaint", name)
	assert not any(complaint.get(field) for field in IDENTITY)
	assert complaint["respondents"][0]["region"] == site["respondent_region"]
	assert len(complaint["evidence"]) == 1

	# The status page: the code typed, the stage explained, the dates written out.
	phone.get(f"{base_url}/complaint-status")
	status_form = wait(phone).until(EC.presence_of_element_located((By.ID, "status-form")))
	assert status_form.find_element(By.CSS_SELECTOR, "label[for='receipt-code']").text.startswith(
		"Kode Tanda Terima"
	)
	status_form.find_element(By.ID, "receipt-code").send_keys(code.lower().replace("-", " "))
	status_form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
	stage = wait(phone).until(EC.visibility_of_element_located((By.ID, "status-stage")))
	assert stage.text == "Diterima"
	assert "verifikasi administrasi" in phone.find_element(By.ID, "status-meaning").text
	assert WRITTEN_DATE.search(phone.find_element(By.ID, "status-filed").text)
	assert WRITTEN_DATE.search(phone.find_element(By.ID, "status-deadline").text)
	assert phone.find_element(By.ID, "status-note").text == "Tahap ini masih dalam batas waktu."
	assert fits_the_screen(phone)
	accessible(phone, "the status")
	screenshot(phone, shots / "citizen-status-360.png")

	# Opened from the receipt's link: the code is filled in and checked at once.
	phone.get(f"{base_url}/complaint-status?code={code}")
	wait(phone).until(EC.visibility_of_element_located((By.ID, "status-stage")))
	assert phone.find_element(By.ID, "receipt-code").get_attribute("value") == code
	assert phone.find_element(By.ID, "status-stage").text == "Diterima"
	at_width(phone, 1280)
	screenshot(phone, shots / "citizen-status-1280.png")
	at_width(phone, 360)

	# A code that is no complaint's: told so plainly, in Indonesian.
	field = phone.find_element(By.ID, "receipt-code")
	field.clear()
	field.send_keys("AAAA-AAAA-AAAA-AAAA")
	phone.find_element(By.CSS_SELECTOR, "#status-form button[type=submit]").click()
	problem = wait(phone).until(EC.visibility_of_element_located((By.ID, "status-error")))
	wait(phone).until(lambda d: problem.text.strip())
	assert problem.text.startswith("Tidak ada pengaduan dengan kode tanda terima ini. Periksa kembali kode")
	assert "not found" not in phone.find_element(By.TAG_NAME, "body").text.lower()
	assert not phone.find_element(By.ID, "status").is_displayed()
	screenshot(phone, shots / "citizen-status-unknown-360.png")


def test_the_complaint_form_on_a_laptop(desktop, base_url, shots):
	desktop.get(f"{base_url}/complaint")
	wait(desktop).until(EC.presence_of_element_located((By.ID, "complaint-form")))
	assert fits_the_screen(desktop)
	screenshot(desktop, shots / "citizen-complaint-1280.png")


def test_a_register_chooses_its_region_by_name(phone, base_url, shots):
	phone.get(f"{base_url}/kinship-register")
	field = wait(phone).until(EC.presence_of_element_located((By.ID, "region-search")))
	# Typed but not chosen: the person is asked to choose, nothing is sent.
	field.send_keys("Sopp")
	form = field.find_element(By.XPATH, "./ancestor::form")
	form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
	wait(phone).until(lambda d: d.find_element(By.ID, "region-message").text == "Pilih wilayah dari daftar.")
	assert urlsplit(phone.current_url).path == "/kinship-register" and not urlsplit(phone.current_url).query
	# Tapped in the list: the register opens for that kabupaten.
	option = wait(phone).until(
		lambda d: next(
			(
				o
				for o in d.find_elements(By.CSS_SELECTOR, "#region-options [role=option]")
				if o.text.startswith("Kabupaten Soppeng")
			),
			None,
		)
	)
	assert fits_the_screen(phone)
	accessible(phone, "the list of regions")
	screenshot(phone, shots / "citizen-region-picker-360.png")
	option.click()
	assert field.get_attribute("value") == "Kabupaten Soppeng, Prov. Sulawesi Selatan"
	form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
	wait(phone).until(lambda d: "region=" in d.current_url)
	assert parse_qs(urlsplit(phone.current_url).query)["region"] == ["73.12"]
	assert "Kabupaten Soppeng" in phone.find_element(By.TAG_NAME, "main").text
	# Emptied: the whole of Indonesia.
	field = phone.find_element(By.ID, "region-search")
	retype(field, "")
	field.send_keys(Keys.ENTER)
	wait(phone).until(lambda d: parse_qs(urlsplit(d.current_url).query).get("region", [""]) == [""])
	assert "Indonesia" in phone.find_element(By.TAG_NAME, "main").text
