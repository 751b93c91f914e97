"""The light shell of the public and member pages (kpu_etik/templates/pages/shell.html), in a browser:
Indonesian for a browser that asks for English, and a server's message shown as text only."""

import audit
from conftest import CHROMEDRIVER, CHROMIUM, PHONE
from english import english_words
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def english_phone():
	"""A phone whose language is English: what Frappe would have answered in English."""
	options = webdriver.ChromeOptions()
	options.binary_location = CHROMIUM
	for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=en-US"):
		options.add_argument(arg)
	options.add_experimental_option(
		"mobileEmulation", {"deviceMetrics": {"width": PHONE[0], "height": PHONE[1], "pixelRatio": 1}}
	)
	options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
	return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def test_a_phone_set_to_english_reads_the_public_pages_in_indonesian(base_url):
	driver = english_phone()
	try:
		for path in ("/kpu-etik", "/complaint", "/complaint-status", "/login"):
			driver.get(f"{base_url}{path}")
			assert driver.find_element("tag name", "html").get_attribute("lang") == "id", path
			assert english_words(audit.visible_text(driver)) == [], path
		# The server's own messages too: an unknown receipt code is answered in Indonesian.
		message = driver.execute_async_script(
			"""const done = arguments[arguments.length - 1];
			kpu.call("kpu_etik.api.public.complaint_status", { receipt_code: "0000-0000-0000-0000" })
				.then(() => done("no error"), (error) => done(error.message));"""
		)
		assert english_words(message) == [], message
		assert "kode" in message.lower(), message
	finally:
		driver.quit()


def test_a_message_from_the_server_is_shown_as_text_and_runs_nothing(phone, base_url):
	phone.get(f"{base_url}/complaint-status")
	# What a hostile message would look like if an error ever echoed what a person typed.
	shown = phone.execute_async_script(
		"""const done = arguments[arguments.length - 1];
		const hostile = '<img src="/x" onerror="window.ran = 1">Kode <b>tidak</b> dikenal';
		const realFetch = window.fetch;
		window.fetch = () => Promise.resolve(new Response(
			JSON.stringify({ _server_messages: JSON.stringify([JSON.stringify({ message: hostile })]) }),
			{ status: 417, headers: { "Content-Type": "application/json" } }));
		kpu.call("kpu_etik.api.public.complaint_status", { receipt_code: "x" })
			.catch((error) => error.message)
			.then((text) => { window.fetch = realFetch; setTimeout(() => done([text, window.ran || 0]), 500); });"""
	)
	assert shown == ["Kode tidak dikenal", 0]
