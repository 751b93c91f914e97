"""A KPU legal officer signs in and lands on their level's workspace, in Indonesian: its stage chart
and a closed complaint's stage (a read-only field) read in Indonesian, not as stored."""

from conftest import screenshot, sign_in, wait
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC


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
