"""A person asks KPU Luwu Utara for their data (UU 27/2022): the legal officer records the request on
the Desk, checks the ID card, produces the file of everything the app holds about the NIK, and the
province's data protection officer finds the request, with its 3 x 24 hour deadline, on their home."""

import json

from conftest import screenshot, sign_in, wait
from test_desk_journeys import click_button, fetch_bytes, fill, form_value, idle, open_form, save
from test_desk_kpu import TODAY_BLOCK

TODAY_TEXT = TODAY_BLOCK + "return block && block.dataset.loaded === '1' ? block.innerText : null;"


def test_the_legal_officer_answers_an_access_request_with_the_persons_file(desktop, base_url, site, shots):
	journey = site["journeys"]
	sign_in(desktop, base_url, journey["legal"], site["password"])
	desktop.get(f"{base_url}/app/data-subject-request/new")
	wait(desktop).until(
		lambda d: d.execute_script("return !!(window.cur_frm && cur_frm.doctype === 'Data Subject Request')")
	)
	fill(
		desktop,
		{
			"request_type": "Access and Copy",
			"region": "73.22",
			"requester_name": journey["respondent_name"],
			"requester_nik": journey["requester_nik"],
			"identity_checked": 1,
			"received_via": "In Person",
			"details": "Meminta salinan seluruh data pribadinya.",
		},
	)
	save(desktop)
	name = desktop.execute_script("return cur_frm.doc.name")
	assert form_value(desktop, "answer_due")
	click_button(desktop, "Produce the Person's Data File")
	wait(desktop).until(lambda d: idle(d) and d.execute_script("return !!cur_frm.doc.subject_file"))
	open_form(desktop, base_url, "Data Subject Request", name)
	screenshot(desktop, shots / "53-data-request-answered-1280.png")

	data = json.loads(fetch_bytes(desktop, form_value(desktop, "subject_file")))
	assert [row["nik"] for row in data["officials"]] == [journey["requester_nik"]]
	assert data["complaints_about_the_person"], "the complaint against the person is in their file"
	assert "complainant_name" not in json.dumps(data["complaints_about_the_person"])

	desktop.set_window_size(360, 800)
	open_form(desktop, base_url, "Data Subject Request", name)
	screenshot(desktop, shots / "53-data-request-answered-360.png")


def test_the_data_protection_officer_sees_open_requests_on_their_home(desktop, base_url, site, shots):
	journey = site["journeys"]
	sign_in(desktop, base_url, journey["legal"], site["password"])
	desktop.get(f"{base_url}/app/data-subject-request/new")
	wait(desktop).until(
		lambda d: d.execute_script("return !!(window.cur_frm && cur_frm.doctype === 'Data Subject Request')")
	)
	fill(
		desktop,
		{
			"request_type": "Correction",
			"region": "73.22",
			"requester_name": "Pemohon Perbaikan Alamat",
			"correction_field": "Address",
			"details": "Alamat pindah.",
		},
	)
	save(desktop)
	desktop.delete_all_cookies()
	sign_in(desktop, base_url, journey["data_protection_officer"], site["password"])
	# The officer lands on the Personal Data workspace, its Today's Work block listing the request.
	wait(desktop).until(lambda d: d.current_url.rstrip("/").endswith("/app/personal-data"))
	text = wait(desktop).until(lambda d: d.execute_script(TODAY_TEXT))
	assert "Permintaan atas data pribadi" in text and "Pemohon Perbaikan Alamat" in text, text
	assert journey["requester_nik"] not in text + desktop.page_source
	screenshot(desktop, shots / "54-data-protection-officer-home-1280.png")
