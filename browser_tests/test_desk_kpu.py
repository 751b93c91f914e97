"""The Desk as KPU's (issue 26, item 4), at a laptop's size: the sign-in page shows KPU, not Frappe;
the legal officer of Luwu Utara sees only the app's workspaces, opens a late complaint from the home
and sees it marked late; every "open all" of the home opens a list of exactly as many rows as it
counts; a body whose term has ended says so; the date picker speaks Indonesian. Screenshots at 1280
px (and 360 px for the sign-in page) go to KPU_SCREENSHOTS."""

import re

import pytest
from conftest import PHONE, make_browser, screenshot, sign_in, wait
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

LEGAL = "hukum.luwuutara@kpu-etik.test"
OPERATOR = "operator.luwuutara@kpu-etik.test"
# Frappe's own workspaces a KPU officer used to meet in the sidebar.
FRAPPE_WORKSPACES = ("Pengguna", "Situs Web", "Tools", "Integrasi", "Build", "Users", "Website")

# The home's "Today's work", drawn inside Frappe's custom block (a shadow root).
TODAY_BLOCK = """
	const block = [...document.querySelectorAll('.custom-block-widget-box *')]
		.map((el) => el.shadowRoot && el.shadowRoot.querySelector('.kpu-today'))
		.find(Boolean);
"""
TODAY_LISTS = (
	TODAY_BLOCK
	+ """
	if (!block || block.dataset.loaded !== '1') return null;
	return [...block.querySelectorAll('.kpu-list')].map((list) => ({
		key: list.dataset.list,
		count: Number(list.querySelector('.count').textContent),
		late: [...list.querySelectorAll('li.late a')].map((a) => a.getAttribute('href')),
		open_all: list.querySelector('.open-all') && list.querySelector('.open-all').getAttribute('href'),
	}));
"""
)
# The Desk's list once it has read the route's filters and drawn its rows: its filters, the count of
# the rows those filters select, the rows drawn and what its count says ("6 dari 6").
LIST_STATE = """
	const [slug, expected, done] = arguments;
	const list = window.cur_list;
	if (!list || frappe.router.slug(list.doctype) !== slug || frappe.request.ajax_count || !list.data
		|| list.filters.length < expected || !list.$result) return done(null);
	const says = list.$result.find('.list-count').text().trim();
	if (!says) return done(null);
	const filters = list.get_filters_for_args();
	const rows = list.$result.find('.list-row-container').length;
	frappe.db.count(list.doctype, { filters }).then((count) => done({ count, filters, rows, says }), () => done(null));
"""
LATE_COMPLAINT = '[data-list="complaints"] li.late a'  # the first late complaint of the home


@pytest.fixture
def officer(desktop, base_url, site):
	sign_in(desktop, base_url, LEGAL, site["password"])
	wait(desktop).until(lambda d: d.current_url.rstrip("/").endswith("/app/kpu-kabupaten-kota"))
	return desktop


def today_lists(driver):
	return wait(driver, 60).until(lambda d: d.execute_script(TODAY_LISTS))


def in_today(driver, selector: str):
	"""The first element of the home's "Today's work" that selector finds."""
	return driver.execute_script(TODAY_BLOCK + "return block && block.querySelector(arguments[0]);", selector)


def days_marked_late(driver) -> int:
	"""The open complaint form's late notice (Complaint.onload's days_late): the days it says."""
	late = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".form-message .kpu-late")))
	assert late.text.startswith("Terlambat"), late.text
	return int(late.get_attribute("data-days-late"))


def list_shown(driver, open_all: str) -> dict:
	"""The list an "Open all" link opened, once it has read the link's filters (LIST_STATE)."""
	path, _sep, query = open_all.partition("?")
	slug, expected = path.rsplit("/", 1)[-1], len(query.split("&")) if query else 0
	return wait(driver, 60).until(lambda d: d.execute_async_script(LIST_STATE, slug, expected))


def test_the_sign_in_page_shows_kpu_not_frappe(desktop, base_url, shots):
	phone = make_browser(PHONE)
	try:
		for driver, name in ((desktop, "60-kpu-sign-in-1280.png"), (phone, "61-kpu-sign-in-360.png")):
			driver.get(f"{base_url}/login")
			# The app's sign-in page (templates/pages/login.html): the office's name and emblem.
			office = wait(driver).until(
				EC.visibility_of_element_located((By.CSS_SELECTOR, "header.shell .office"))
			)
			assert "Komisi Pemilihan Umum" in office.text, office.text
			assert driver.find_element(By.TAG_NAME, "h1").text.strip() == "Masuk"
			page = driver.find_element(By.TAG_NAME, "body").text + " " + driver.title
			assert "Frappe" not in page, page
			logo = driver.find_element(By.CSS_SELECTOR, "header.shell img")
			assert "kpu-etik-logo" in logo.get_attribute("src")
			screenshot(driver, shots / name)
	finally:
		phone.quit()


def test_the_officer_sees_only_the_apps_workspaces(officer, shots):
	sidebar = wait(officer).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".desk-sidebar")))
	wait(officer).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".desk-sidebar [item-name]"))
	names = [
		item.get_attribute("item-name")
		for item in officer.find_elements(By.CSS_SELECTOR, ".desk-sidebar .sidebar-item-container")
	]
	assert names and set(names) <= {"KPU Etik", "KPU Kabupaten Kota"}, names
	for frappe_workspace in FRAPPE_WORKSPACES:
		assert frappe_workspace not in sidebar.text, sidebar.text
	brand = officer.find_element(By.CSS_SELECTOR, ".navbar-brand img")
	assert "kpu-etik-logo" in brand.get_attribute("src")
	assert brand.size["width"] > 10, brand.size  # drawn, not collapsed
	# The search bar speaks Indonesian.
	search = officer.find_element(By.CSS_SELECTOR, "#navbar-search")
	assert search.get_attribute("placeholder").startswith("Cari atau ketik perintah"), search.get_attribute(
		"placeholder"
	)
	today_lists(officer)
	screenshot(officer, shots / "62-kpu-home-1280.png")
	# Cards and charts keep their labels whole at 1280 px.
	cut = officer.execute_script(
		"""return [...document.querySelectorAll('.number-widget-box .widget-title, .dashboard-widget-box .widget-title')]
			.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent.trim());"""
	)
	assert cut == [], cut
	# The figures by stage: every stage by its whole name, in the order of the process, none cut.
	figures = wait(officer).until(
		lambda d: d.execute_script(
			"""const box = [...document.querySelectorAll('.custom-block-widget-box *')]
				.map((el) => el.shadowRoot && el.shadowRoot.querySelector('.kpu-figures')).find(Boolean);
			if (!box || box.dataset.loaded !== '1') return null;
			box.scrollIntoView();
			const rows = [...box.querySelectorAll('[data-figure=complaints] th')];
			return { stages: rows.map((th) => th.textContent),
				cut: rows.filter((th) => th.scrollWidth > th.clientWidth + 1).length };"""
		)
	)
	assert figures["stages"][:2] == ["Diterima", "Verifikasi Administrasi"], figures
	assert "Selesai - Tidak Terbukti" in figures["stages"] and figures["cut"] == 0, figures
	screenshot(officer, shots / "62a-kpu-home-figures-1280.png")


def test_a_late_complaint_opened_from_the_home_is_marked_late(officer, base_url, shots):
	complaints = next(one for one in today_lists(officer) if one["key"] == "complaints")
	assert complaints["late"], complaints
	link = in_today(officer, LATE_COMPLAINT)
	case_number = link.text.strip()
	link.click()
	assert days_marked_late(officer) > 0
	# Titled by its case number, not its hash name.
	title = officer.find_element(By.CSS_SELECTOR, ".page-head .title-text").text.strip()
	assert title == case_number, (title, case_number)
	crumb = wait(officer).until(
		lambda d: d.find_elements(By.CSS_SELECTOR, "#navbar-breadcrumbs li:last-child")
	)[0]
	wait(officer).until(lambda d: crumb.text.strip() == case_number)
	# At verification, no empty plenary section.
	if officer.execute_script("return cur_frm.doc.workflow_state") == "Administrative Verification":
		assert not officer.execute_script(
			"return $(cur_frm.fields_dict.section_plenary.wrapper).is(':visible')"
		)
		assert not officer.execute_script("return $(cur_frm.fields_dict.examiners.wrapper).is(':visible')")
	screenshot(officer, shots / "63-kpu-late-complaint-1280.png")
	# The form's menu and a confirmation, in the words a KPU officer uses.
	officer.find_element(By.CSS_SELECTOR, ".page-head .menu-btn-group > button").click()
	menu = wait(officer).until(
		EC.visibility_of_element_located((By.CSS_SELECTOR, ".page-head .menu-btn-group .dropdown-menu"))
	)
	for item in ("Cetak", "Muat Ulang", "Salin ke Papan Klip", "Lompat ke isian"):
		assert item in menu.text, menu.text
	officer.find_element(By.TAG_NAME, "body").click()
	officer.execute_script("frappe.confirm('?', () => {})")
	dialog = wait(officer).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".modal.show")))
	wait(officer).until(lambda d: "Konfirmasi" in dialog.text)
	assert "Tidak" in dialog.text and "Ya" in dialog.text, dialog.text


@pytest.mark.parametrize("login", [LEGAL, OPERATOR])
def test_every_open_all_opens_the_rows_it_counts(desktop, base_url, site, shots, login):
	sign_in(desktop, base_url, login, site["password"])
	wait(desktop).until(lambda d: "/app/kpu-kabupaten-kota" in d.current_url)
	lists = [one for one in today_lists(desktop) if one["open_all"]]
	assert lists
	for one in lists:
		desktop.get(base_url + one["open_all"])
		shown = list_shown(desktop, one["open_all"])
		assert shown["count"] == one["count"], (one, shown)
		if one["key"] in ("bodies_short", "complaints"):
			screenshot(desktop, shots / f"64-kpu-open-all-{one['key']}-1280.png")


def test_a_body_whose_term_has_ended_says_so_and_dates_read_indonesian(officer, base_url, shots):
	officer.get(f"{base_url}/app/ad-hoc-body?body_type=PPS")
	wait(officer, 60).until(
		EC.presence_of_element_located((By.CSS_SELECTOR, ".list-row-container .indicator-pill"))
	)
	wait(officer).until(
		lambda d: d.execute_script("return cur_list && cur_list.data && cur_list.data.length")
	)
	pills = [
		pill.text.strip()
		for pill in officer.find_elements(
			By.CSS_SELECTOR,
			'.list-row-container .indicator-pill[data-filter^="status"], '
			'.list-row-container .indicator-pill[data-filter^="period_end"]',
		)
		if pill.is_displayed()  # each row has a phone and a desktop copy
	]
	period_ends = officer.execute_script("return cur_list.data.map((d) => [d.period_end, d.status])")
	today = officer.execute_script("return frappe.datetime.get_today()")
	assert len(pills) == len(period_ends), pills
	for pill, (period_end, status) in zip(pills, period_ends, strict=True):
		if status != "Dissolved" and period_end < today:
			assert pill == "Masa Tugas Berakhir", (pill, period_end)
	# Names, not codes, where people read the list.
	titles = [
		a.text.strip() for a in officer.find_elements(By.CSS_SELECTOR, ".list-row-container .list-subject a")
	]
	assert titles and not any(re.match(r"^(PPS|PPK|KPPS)-\d", t) for t in titles), titles
	screenshot(officer, shots / "65-kpu-bodies-term-ended-1280.png")
	# The date picker: Indonesian month and day names.
	officer.get(f"{base_url}/app/coordination-meeting/new")
	wait(officer).until(lambda d: d.execute_script("return !!(window.cur_frm && cur_frm.doc.__islocal)"))
	field = next(
		df
		for df in officer.execute_script(
			"return cur_frm.meta.fields.map((df) => [df.fieldname, df.fieldtype])"
		)
		if df[1] in ("Date", "Datetime")
	)[0]
	officer.execute_script("cur_frm.fields_dict[arguments[0]].$input.focus().trigger('click');", field)
	picker = wait(officer).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".datepicker.active")))
	months = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()
	assert any(month in picker.text for month in months), picker.text
	days = picker.text.upper().split()
	assert "SN" in days and "MO" not in days, picker.text  # Senin, not Monday
	screenshot(officer, shots / "66-kpu-date-picker-1280.png")
