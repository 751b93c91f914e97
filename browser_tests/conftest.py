"""Browser tests: headless Debian Chromium, driven through chromedriver (Selenium), against a real
site served by Frappe. `scripts/test.sh` prepares the site and sets:

  KPU_BROWSER_URL      the site's address, e.g. http://127.0.0.1:8123
  KPU_BROWSER_FIXTURE  the JSON printed by kpu_etik.tests.browser_fixture.prepare
  KPU_SCREENSHOTS      where screenshots are saved (default test-artifacts/screenshots)
"""

import json
import os
import re
from pathlib import Path

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from kpu_etik.core.pdf import blank_pdf

PHONE = (360, 740)
DESKTOP = (1280, 900)
CHROMIUM = os.environ.get("KPU_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KPU_CHROMEDRIVER", "/usr/bin/chromedriver")


def pytest_terminal_summary(terminalreporter):
	"""The page audit's table (test_pages_audit.py), printed and kept in test-artifacts/page-audit.md."""
	import audit

	if not audit.ROWS and not audit.DESK_ROWS:
		return
	text = "\n\n".join(
		part
		for part in (
			audit.targets(),
			audit.table(audit.ROWS),
			audit.DESK_ROWS and audit.desk_table(audit.DESK_ROWS),
		)
		if part
	)
	terminalreporter.write_sep("=", "page audit")
	terminalreporter.write_line(text)
	path = Path(os.environ.get("KPU_PAGE_AUDIT", "test-artifacts/page-audit.md"))
	path.parent.mkdir(parents=True, exist_ok=True)
	path.write_text(f"# Page audit\n\n{text}\n", encoding="utf-8")


def pytest_collection_modifyitems(config, items):
	if not os.environ.get("KPU_BROWSER_URL"):
		skip = pytest.mark.skip(reason="KPU_BROWSER_URL is not set (scripts/test.sh sets it)")
		for item in items:
			item.add_marker(skip)


@pytest.fixture(scope="session")
def base_url() -> str:
	return os.environ["KPU_BROWSER_URL"].rstrip("/")


@pytest.fixture(scope="session")
def site() -> dict:
	text = Path(os.environ["KPU_BROWSER_FIXTURE"]).read_text(encoding="utf-8")
	# bench execute prints the return value as JSON after whatever else was printed.
	return json.loads(text[text.index("{") :])


@pytest.fixture(scope="session")
def shots() -> Path:
	folder = Path(os.environ.get("KPU_SCREENSHOTS", "test-artifacts/screenshots"))
	folder.mkdir(parents=True, exist_ok=True)
	return folder


@pytest.fixture(scope="session")
def signed_pdf(tmp_path_factory) -> Path:
	path = tmp_path_factory.mktemp("files") / "surat-pernyataan.pdf"
	path.write_bytes(blank_pdf(1))
	return path


def make_browser(size, performance_log=False):
	options = webdriver.ChromeOptions()
	options.binary_location = CHROMIUM
	for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=id"):
		options.add_argument(arg)
	if size == PHONE:
		# A phone's viewport (a desktop window cannot be made this narrow in headless Chromium).
		options.add_experimental_option(
			"mobileEmulation", {"deviceMetrics": {"width": size[0], "height": size[1], "pixelRatio": 1}}
		)
	else:
		options.add_argument(f"--window-size={size[0]},{size[1]}")
	options.add_experimental_option("prefs", {"intl.accept_languages": "id,en"})
	if performance_log:  # the network events, for the bytes a page transfers (audit.py)
		options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
	driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
	driver.set_page_load_timeout(60)
	return driver


@pytest.fixture
def phone():
	driver = make_browser(PHONE)
	yield driver
	driver.quit()


@pytest.fixture
def desktop():
	driver = make_browser(DESKTOP)
	yield driver
	driver.quit()


def wait(driver, timeout=30):
	return WebDriverWait(driver, timeout)


def sign_in(driver, base_url, user, password):
	driver.get(f"{base_url}/login")
	# The app's own sign-in page (kpu_etik/templates/pages/login.html).
	wait(driver).until(EC.visibility_of_element_located((By.ID, "usr"))).send_keys(user)
	driver.find_element(By.ID, "pwd").send_keys(password)
	driver.find_element(By.CSS_SELECTOR, "#sign-in button[type=submit]").click()
	wait(driver).until(lambda d: "/login" not in d.current_url)


def fits_the_screen(driver) -> bool:
	"""Nothing wider than the window: no sideways scrolling on a phone."""
	return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")


def screenshot(driver, path):
	"""The whole page, not only what fits in the window."""
	import base64

	metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
	size = metrics.get("cssContentSize") or metrics["contentSize"]
	image = driver.execute_cdp_cmd(
		"Page.captureScreenshot",
		{
			"format": "png",
			"captureBeyondViewport": True,
			"clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 4000), "scale": 1},
		},
	)
	Path(path).write_bytes(base64.b64decode(image["data"]))


class Api:
	"""A signed-in HTTP session, for what a test checks on the server side."""

	def __init__(self, base_url, user=None, password=None):
		self.base_url = base_url
		self.http = requests.Session()
		if user:
			response = self.http.post(f"{base_url}/api/method/login", data={"usr": user, "pwd": password})
			response.raise_for_status()

	def get(self, path, **kwargs):
		return self.http.get(self.base_url + path, **kwargs)

	def post(self, path, **kwargs):
		return self.http.post(self.base_url + path, **kwargs)

	def doc(self, doctype, name) -> dict:
		response = self.get(f"/api/resource/{doctype}/{name}")
		response.raise_for_status()
		return response.json()["data"]


@pytest.fixture(scope="session")
def officer(base_url, site) -> Api:
	return Api(base_url, site["legal_officer"], site["password"])


RECEIPT_CODE = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}")
