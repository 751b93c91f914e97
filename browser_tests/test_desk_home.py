"""A KPU legal officer signs in and lands on their level's workspace, in Indonesian: its stage chart
and a closed complaint's stage (a read-only field) read in Indonesian, not as stored."""

import pytest
from conftest import screenshot, sign_in, wait
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from test_desk_kpu import TODAY_BLOCK


def test_the_legal_officer_lands_on_the_kabupaten_workspace_and_reads_stages_in_indonesian(
	desktop, base_url, site, shots
):
	sign_in(desktop, base_url, site["legal_officer"], site["password"])
	wait(desktop).until(lambda d: d.current_url.rstrip("/").endswith("/app/kpu-kabupaten-kota"))
	wait(desktop).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".widget.number-widget-box")))
	screenshot(desktop, shots / "23-desk-legal-officer-home.png")

	desktop.get(f"{base_url}/app/complaint/{site['closed_complaint']}")
	stage = wait(desktop).until(
		EC.visibility_of_element_located(
			(
				By.CSS_SELECTOR,
				'[data-fieldname="workflow_state"] .control-value, [data-fieldname="workflow_state"] .like-disabled-input',
			)
		)
	)
	wait(desktop).until(lambda d: stage.text.strip())
	assert stage.text.strip() == "Selesai - Tidak Terbukti", stage.text
	indicator = desktop.find_element(By.CSS_SELECTOR, ".page-head .indicator-pill")
	assert "Tidak Terbukti" in indicator.text, indicator.text
	screenshot(desktop, shots / "24-desk-complaint-closed-in-indonesian.png")


# The list each home must open with, in Indonesian, and whether its first list holds late work.
HOME_LISTS = {
	"legal": ("Pengaduan menurut tenggat tahapan", True),
	"operator": ("Perlu penggantian antarwaktu (PAW)", False),
	"province": ("Kantor dengan pekerjaan terlambat", True),
	"ri": ("Kantor dengan pekerjaan terlambat", True),
}
TODAY_STATE = (
	TODAY_BLOCK
	+ """
	if (!block || !block.dataset.loaded) return null;
	const cards = [...document.querySelectorAll('.number-widget-box')];
	if (cards.some((card) => !card.querySelector('.widget-content .number'))) return null;
	return {
		loaded: block.dataset.loaded,
		titles: [...block.querySelectorAll('.kpu-list h4')].map((h) => h.firstChild.textContent.trim()),
		lateFirst: !!block.querySelector('.kpu-list:first-child .late-count'),
		badges: [...block.querySelectorAll('.badge')].map((b) => b.textContent.trim()),
		cards: cards.length,
		getdocs: performance.getEntriesByType('resource')
			.filter((e) => e.name.includes('frappe.desk.form.load.getdoc?')).map((e) => e.name),
		ms: Math.round(performance.now()),
	};
"""
)


@pytest.mark.parametrize("role", list(HOME_LISTS))
def test_each_kpu_role_lands_on_its_home_with_todays_work_filled(desktop, base_url, site, shots, role):
	login, route = site["homes"][role]
	sign_in(desktop, base_url, login, site["password"])
	wait(desktop).until(lambda d: d.current_url.rstrip("/").endswith(f"/app/{route}"))
	state = wait(desktop).until(lambda d: d.execute_script(TODAY_STATE))
	assert state["loaded"] == "1", state
	expected, late_first = HOME_LISTS[role]
	assert expected in state["titles"], state["titles"]
	assert state["cards"] >= 4  # every number card shows its number, none an empty box or missing
	# The widgets' definitions came with the boot: no request for each (kpu_etik/boot.py).
	assert state["getdocs"] == [], state["getdocs"]
	if late_first:
		assert state["lateFirst"], state
		assert "Terlambat" in state["badges"], state["badges"]
	screenshot(desktop, shots / f"34-home-{role}.png")
