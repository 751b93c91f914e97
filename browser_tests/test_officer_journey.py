"""An officer's morning on the Desk, at a laptop's size (issue 26): the legal officer of KPU Luwu
Utara signs in on the app's sign-in page, lands on the home of their level, opens a late complaint
from "Today's work" and finds it marked late, goes back to the home, and opens the complaints'
"Open all (N)": the list shows the N complaints the home counted, row by row. The home's helpers are
test_desk_kpu's."""

import re

from conftest import screenshot, sign_in, wait
from test_desk_kpu import LATE_COMPLAINT, days_marked_late, in_today, list_shown, today_lists


def test_the_legal_officer_opens_late_work_and_a_whole_list_from_the_home(desktop, base_url, site, shots):
	login, workspace = site["homes"]["legal"]
	home = f"/app/{workspace}"
	sign_in(desktop, base_url, login, site["password"])  # the app's /login: #usr, #pwd, #sign-in
	wait(desktop).until(lambda d: d.current_url.rstrip("/").endswith(home))

	complaints = next(one for one in today_lists(desktop) if one["key"] == "complaints")
	assert complaints["late"], f"no late complaint on {login}'s home: {complaints}"
	link = in_today(desktop, LATE_COMPLAINT)
	late_complaint = link.get_attribute("href")
	link.click()
	wait(desktop).until(lambda d: d.current_url.endswith(late_complaint.split("/app/", 1)[1]))
	assert days_marked_late(desktop) > 0
	screenshot(desktop, shots / "70-officer-late-complaint-1280.png")

	desktop.back()
	wait(desktop).until(lambda d: d.current_url.rstrip("/").endswith(home))
	complaints = next(one for one in today_lists(desktop) if one["key"] == "complaints")
	# Small enough that every row is on the list's first page, to be counted one by one.
	assert 0 < complaints["count"] <= 20, complaints
	open_all = in_today(desktop, '[data-list="complaints"] a.open-all')
	assert re.search(rf"\({complaints['count']}\)", open_all.text), open_all.text  # "Buka semua (6)"
	open_all.click()
	shown = list_shown(desktop, complaints["open_all"])
	assert shown["rows"] == shown["count"] == complaints["count"], (complaints, shown)
	# The list's own count reads the same: "6 dari 6".
	assert re.fullmatch(rf"{shown['rows']} \S+ {complaints['count']}", shown["says"]), shown["says"]
	screenshot(desktop, shots / "71-officer-open-all-complaints-1280.png")
