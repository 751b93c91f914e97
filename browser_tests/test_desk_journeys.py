"""A working day on the Desk of KPU Luwu Utara, in Indonesian, at a laptop's size: the legal officer
verifies and announces a kinship declaration; forms the Tim Pemeriksa of a complaint, records its
hearing and its plenary decision; puts a sanction in force and opens its stamped letter; the operator
invites a PPS to the portal; the province user opens the archived compliance report.

Buttons, workflow actions and confirmations are clicked as a user clicks them; field values are set
through the form's own model (``cur_frm.set_value``), which runs the same triggers as typing. Each
step leaves a screenshot (docs/screenshots shows the key ones).
"""

import base64
import io
from datetime import date, timedelta
from urllib.parse import urlencode

from conftest import Api, screenshot, sign_in, wait
from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

IDLE = "return !!window.frappe && !frappe.dom.freeze_count && !frappe.request.ajax_count"


def idle(driver):
	return driver.execute_script(IDLE)


def translated(driver, text: str) -> str:
	return driver.execute_script("return __(arguments[0])", text)


def open_form(driver, base_url, doctype: str, name: str):
	driver.get(f"{base_url}/app/{doctype.lower().replace(' ', '-')}/{name}")
	wait(driver).until(
		lambda d: d.execute_script(
			"return !!(window.cur_frm && cur_frm.doc && cur_frm.doc.name === arguments[0])"
			" && cur_frm.page.wrapper.is(':visible') && !frappe.request.ajax_count",
			name,
		)
	)


def form_value(driver, field: str):
	return driver.execute_script("return cur_frm.doc[arguments[0]]", field)


def fill(driver, values: dict):
	driver.execute_async_script(
		"const done = arguments[arguments.length - 1]; cur_frm.set_value(arguments[0]).then(() => done());",
		values,
	)


def add_row(driver, table: str, values: dict):
	driver.execute_async_script(
		"""const [table, values, done] = arguments;
		const row = cur_frm.add_child(table);
		Promise.all(Object.entries(values).map(([k, v]) => frappe.model.set_value(row.doctype, row.name, k, v)))
			.then(() => { cur_frm.refresh_field(table); done(); });""",
		table,
		values,
	)


def save(driver):
	"""Ctrl+S, as a user saves a Frappe form; done when the form is no longer dirty."""
	driver.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, "s")
	wait(driver).until(
		lambda d: (
			idle(d)
			and (
				not d.execute_script("return cur_frm.is_dirty()")
				or d.find_elements(By.CSS_SELECTOR, ".modal.show")
			)
		)
	)
	refused = driver.find_elements(By.CSS_SELECTOR, ".modal.show")
	assert not refused, refused[0].text


def act(driver, action: str, state: str):
	"""Click a workflow action in the form's Actions menu, by its Indonesian label."""
	label = translated(driver, action)
	menu = wait(driver).until(
		EC.element_to_be_clickable((By.CSS_SELECTOR, ".page-head .actions-btn-group > button"))
	)
	menu.click()
	item = wait(driver).until(
		EC.element_to_be_clickable(
			(By.XPATH, f"//div[contains(@class,'actions-btn-group')]//a[normalize-space()='{label}']")
		)
	)
	item.click()
	wait(driver).until(lambda d: idle(d) and form_value(d, "workflow_state") == state)


def click_button(driver, label: str):
	text = translated(driver, label)
	wait(driver).until(
		EC.element_to_be_clickable(
			(By.XPATH, f"//div[contains(@class,'page-actions')]//button[normalize-space()='{text}']")
		)
	).click()


def confirm(driver):
	wait(driver).until(
		EC.element_to_be_clickable(
			(By.CSS_SELECTOR, ".modal.show .btn-modal-primary, .modal.show .btn-primary")
		)
	).click()


def indicator(driver) -> str:
	return driver.find_element(By.CSS_SELECTOR, ".page-head .indicator-pill").text.strip()


def fetch_bytes(driver, url: str) -> bytes:
	"""A file as the signed-in browser gets it (its session cookie, its permissions)."""
	data = driver.execute_async_script(
		"""const [url, done] = arguments;
		fetch(url, {credentials: 'same-origin'}).then(async (r) => {
			const bytes = new Uint8Array(await r.arrayBuffer());
			let text = ''; for (const b of bytes) text += String.fromCharCode(b);
			done({status: r.status, data: btoa(text)});
		});""",
		url,
	)
	assert data["status"] == 200, (url, data["status"])
	return base64.b64decode(data["data"])


def pdf_text(content: bytes) -> str:
	assert content.startswith(b"%PDF"), content[:40]
	text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
	return " ".join(text.split())  # words, whatever spacing the PDF's text has


def test_the_legal_officer_verifies_and_announces_a_declaration(desktop, base_url, site, shots):
	journey = site["journeys"]
	sign_in(desktop, base_url, journey["legal"], site["password"])
	open_form(desktop, base_url, "Kinship Declaration", journey["declaration"])
	assert indicator(desktop) == translated(desktop, "Submitted")
	screenshot(desktop, shots / "40-declaration-submitted.png")

	act(desktop, "Verify", "Verified")
	assert form_value(desktop, "verified_by") == journey["legal"]

	# The announcement needs the plenary, the publication date and a channel: the officer fills them in.
	today = date.today().isoformat()
	fill(desktop, {"pleno_date": today, "publication_date": today, "channel_notice_board": 1})
	save(desktop)
	act(desktop, "Announce", "Announced")
	assert indicator(desktop) == translated(desktop, "Announced") == "Diumumkan"
	screenshot(desktop, shots / "41-declaration-announced.png")


def test_the_legal_officer_examines_a_complaint_to_its_plenary_decision(desktop, base_url, site, shots):
	journey = site["journeys"]
	sign_in(desktop, base_url, journey["legal"], site["password"])
	open_form(desktop, base_url, "Complaint", journey["complaint"])
	assert form_value(desktop, "workflow_state") == "Clarification"

	# The Tim Pemeriksa: a ketua and two members, from KPU Luwu Utara's own commissioners.
	for number, official in enumerate(journey["examiners"]):
		add_row(
			desktop, "examiners", {"official": official, "team_role": "Ketua" if number == 0 else "Anggota"}
		)
	save(desktop)
	act(desktop, "Examine", "Examination")
	screenshot(desktop, shots / "42-complaint-tim-pemeriksa.png")

	# The hearing, with the respondent summoned by letter, recorded from the complaint.
	desktop.get(f"{base_url}/app/complaint-hearing/new")
	wait(desktop).until(
		lambda d: d.execute_script("return !!(window.cur_frm && cur_frm.doctype === 'Complaint Hearing')")
	)
	today = date.today().isoformat()
	fill(
		desktop,
		{"complaint": journey["complaint"], "hearing_date": today, "place": "Ruang sidang KPU Luwu Utara"},
	)
	add_row(
		desktop,
		"summonses",
		{
			"party_type": "Respondent",
			"official": journey["respondent"],
			"person_name": journey["respondent_name"],
			"sent_on": (date.today() - timedelta(days=6)).isoformat(),  # five days' notice at least
			"delivery": "Letter",
			"outcome": "Attended",
		},
	)
	save(desktop)
	assert not desktop.execute_script("return cur_frm.is_new()")
	screenshot(desktop, shots / "43-complaint-hearing.png")

	open_form(desktop, base_url, "Complaint", journey["complaint"])
	act(desktop, "To Plenary", "Plenary")
	fill(
		desktop,
		{
			"plenary_date": today,
			"plenary_attendance": "5 anggota KPU Kabupaten Luwu Utara hadir",
			"decision_summary": "Teradu terbukti melanggar kode etik; dijatuhi peringatan tertulis.",
		},
	)
	save(desktop)
	act(desktop, "Close as Proven", "Closed - Proven")
	assert indicator(desktop) == translated(desktop, "Closed - Proven") != "Closed - Proven"
	screenshot(desktop, shots / "44-complaint-decided.png")

	hearings = Api(base_url, journey["legal"], site["password"]).get(
		"/api/resource/Complaint Hearing", params={"filters": f'[["complaint","=","{journey["complaint"]}"]]'}
	)
	assert hearings.ok and len(hearings.json()["data"]) == 1


def test_the_legal_officer_puts_a_sanction_in_force_and_opens_its_stamped_letter(
	desktop, phone, base_url, site, shots
):
	journey = site["journeys"]
	sign_in(desktop, base_url, journey["legal"], site["password"])
	open_form(desktop, base_url, "Sanction", journey["sanction"])
	act(desktop, "Put in Force", "In Force")
	click_button(desktop, "Issue Stamped Letter")
	# KPU Luwu Utara signs its decrees (TTE): the signer types the certificate's passphrase, for this
	# letter only.
	secret = wait(desktop).until(
		EC.visibility_of_element_located((By.CSS_SELECTOR, ".modal.show input[data-fieldname=secret]"))
	)
	dialog = desktop.find_element(By.CSS_SELECTOR, ".modal.show").text
	assert translated(desktop, "Sign and Issue the Letter") in dialog, dialog
	assert secret.get_attribute("type") == "password" and secret.get_attribute("autocomplete") == "off"
	assert journey["signing_passphrase"], "the demo's offices sign their decrees (needs certomancer)"
	secret.send_keys(journey["signing_passphrase"])
	screenshot(desktop, shots / "45a-sign-and-issue-dialog.png")
	confirm(desktop)
	wait(desktop, 90).until(lambda d: idle(d) and form_value(d, "letter_file"))
	assert form_value(desktop, "signed_by") == journey["signer_name"]
	screenshot(desktop, shots / "45-sanction-in-force.png")

	letter = fetch_bytes(desktop, form_value(desktop, "letter_file"))
	text = pdf_text(letter)
	number, code = form_value(desktop, "letter_number"), form_value(desktop, "letter_hash")[:16]
	for part in ("MEMUTUSKAN", "Menimbang", "Mengingat", number):
		assert part in text, part

	desktop.get(
		f"{base_url}/printview?doctype=Sanction&name={journey['sanction']}&format=Sanction%20Decision%20Letter"
	)
	wait(desktop).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".print-format")))
	assert "MEMUTUSKAN" in desktop.find_element(By.CSS_SELECTOR, ".print-format").text
	screenshot(desktop, shots / "46-sanction-letter.png")

	# Anyone checks it: who signed, when, unchanged, trusted, on a phone and on a desktop.
	check = f"{base_url}/letter-check?" + urlencode({"number": number, "code": code})
	for driver, size in ((phone, 360), (desktop, 1280)):
		driver.get(check)
		box = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "section.signature")))
		assert box.get_attribute("data-signature") == "valid", box.text
		assert journey["signer_name"] in box.text and "WI" in box.text, box.text
		screenshot(driver, shots / f"45b-letter-check-signed-{size}.png")

	# The office's signing settings: whose certificate, until when; the file itself never comes back.
	open_form(desktop, base_url, "KPU Office", "73.22")
	wait(desktop).until(lambda d: idle(d) and form_value(d, "signer_certificate_holder"))
	assert form_value(desktop, "signer_certificate_holder") == journey["signer_name"]
	assert set(form_value(desktop, "signer_certificate") or "*") == {"*"}
	section = desktop.find_element(By.CSS_SELECTOR, "[data-fieldname=section_signature]")
	desktop.execute_script("arguments[0].scrollIntoView()", section)
	assert journey["signer_name"] in desktop.find_element(By.CSS_SELECTOR, ".form-layout").text
	screenshot(desktop, shots / "45c-kpu-office-signature.png")


def test_the_operator_invites_a_pps_to_the_portal(desktop, base_url, site, shots):
	journey = site["journeys"]
	sign_in(desktop, base_url, journey["operator"], site["password"])
	open_form(desktop, base_url, "Ad Hoc Body", journey["body_to_invite"])
	click_button(desktop, "Invite Members to the Portal")
	# Before confirming, the dialog names who will get an account (and who cannot, and why).
	preview = wait(desktop).until(
		EC.visibility_of_element_located((By.CSS_SELECTOR, ".modal.show .kpu-invite-group.invite"))
	)
	assert translated(desktop, "Will get a portal account and a welcome email") in preview.text, preview.text
	assert preview.find_elements(By.CSS_SELECTOR, "li"), preview.text
	screenshot(desktop, shots / "47a-operator-invite-preview.png")
	confirm(desktop)
	title = translated(desktop, "Portal Accounts")
	dialog = wait(desktop, 90).until(
		EC.visibility_of_element_located(
			(
				By.XPATH,
				f"//div[contains(@class,'modal') and contains(@class,'show')][.//*[normalize-space()='{title}']]",
			)
		)
	)
	invited = translated(desktop, "Invited: {0}").split("{0}")[0]
	assert invited in dialog.text, dialog.text
	screenshot(desktop, shots / "47-operator-invites-pps.png")

	members = Api(base_url, journey["operator"], site["password"]).get(
		"/api/resource/Official",
		params={
			"filters": f'[["ad_hoc_body","=","{journey["body_to_invite"]}"],["status","=","Active"]]',
			"fields": '["name","user"]',
		},
	)
	assert members.ok
	assert members.json()["data"] and all(row["user"] for row in members.json()["data"])


def test_the_province_user_opens_the_archived_compliance_report(desktop, base_url, site, shots):
	journey = site["journeys"]
	sign_in(desktop, base_url, journey["province"], site["password"])
	desktop.get(f"{base_url}/app/compliance-report")
	wait(desktop).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".list-row-container")))
	screenshot(desktop, shots / "48-province-compliance-reports.png")

	open_form(desktop, base_url, "Compliance Report", journey["compliance_report"])
	link = wait(desktop).until(
		EC.visibility_of_element_located((By.CSS_SELECTOR, '[data-fieldname="report_file"] a[href*=".pdf"]'))
	)
	report = pdf_text(fetch_bytes(desktop, link.get_attribute("href")))
	assert "Sulawesi Selatan" in report, report[:400]
	assert "Laporan" in report and "Compliance Report" not in report, report[
		:400
	]  # Indonesian, as KPU reads it
	screenshot(desktop, shots / "49-province-compliance-report.png")


def test_a_list_is_filtered_by_a_region_typed_by_its_name(desktop, base_url, site, shots):
	journey = site["journeys"]
	sign_in(desktop, base_url, journey["legal"], site["password"])
	desktop.get(f"{base_url}/app/complaint")
	region = wait(desktop).until(
		EC.element_to_be_clickable(
			(By.CSS_SELECTOR, '.standard-filter-section [data-fieldname="region"] input')
		)
	)
	# The list remembers a user's last filters: start from none.
	desktop.execute_async_script(
		"const done = arguments[0]; cur_list.filter_area.clear().then(() => done());"
	)
	wait(desktop).until(idle)
	region.send_keys(Keys.CONTROL, "a")
	region.send_keys("Luwu Utara")
	choice = wait(desktop).until(
		EC.element_to_be_clickable(
			(By.XPATH, "//ul[@role='listbox']//div[@role='option'][.//strong[contains(., 'Luwu Utara')]]")
		)
	)
	choice.click()
	wait(desktop).until(
		lambda d: (
			idle(d) and "region" in d.execute_script("return JSON.stringify(cur_list.filter_area.get())")
		)
	)
	filters = desktop.execute_script("return cur_list.filter_area.get()")
	code = next(f[3] for f in filters if f[1] == "region")
	assert code == "73.22", filters  # the name was taken as its region: Kabupaten Luwu Utara
	shown = desktop.find_element(By.CSS_SELECTOR, '.standard-filter-section [data-fieldname="region"] input')
	assert "Luwu Utara" in shown.get_attribute("value"), shown.get_attribute("value")  # and shown by name
	wait(desktop).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".list-row-container")))
	screenshot(desktop, shots / "50-list-filtered-by-region-name.png")


def test_an_official_is_found_by_a_spelling_of_their_name(desktop, phone, base_url, site, shots):
	"""The link search (api.desk.search_officials through the full-text index): "noor syamsudin" finds
	the Nur Syamsuddins of the officer's region, each described by body, position and region in words."""
	journey = site["journeys"]
	for driver, size in ((desktop, 1280), (phone, 360)):
		sign_in(driver, base_url, journey["legal"], site["password"])
		driver.get(f"{base_url}/app/sanction/new")
		field = wait(driver).until(
			EC.element_to_be_clickable((By.CSS_SELECTOR, '.frappe-control[data-fieldname="official"] input'))
		)
		field.click()
		field.send_keys("noor syamsudin")
		options = wait(driver).until(
			lambda d: [
				o
				for o in d.find_elements(
					By.CSS_SELECTOR, '.frappe-control[data-fieldname="official"] [role="option"]'
				)
				if "Nur Syamsuddin" in o.text
			]
		)
		texts = [o.text for o in options]
		assert len(texts) >= 2, texts
		assert all("73." not in text for text in texts), texts  # regions by name, never by code
		assert len(set(texts)) == len(texts), texts  # namesakes told apart
		screenshot(driver, shots / f"51-official-found-by-a-spelling-{size}.png")
