"""The home workspace's action lists (kpu_etik.core.today): which lists each role sees, and their order."""

from datetime import date

from translatable import read_translations

from kpu_etik.core import today as work
from kpu_etik.core.access import COMPLAINT_INTAKE, KABKOTA_LEGAL, KABKOTA_OPERATOR, KPU_PROVINSI, KPU_RI

DAY = date(2026, 12, 5)


def test_each_role_sees_its_own_lists_once_widest_role_first():
	assert work.lists_for([KABKOTA_LEGAL])[:2] == ("data_requests", "complaints")
	assert "bodies_short" not in work.lists_for([KABKOTA_LEGAL])
	assert work.lists_for([KABKOTA_OPERATOR])[0] == "bodies_without_ketua"
	assert work.lists_for([KPU_PROVINSI])[:3] == ("breaches", "data_requests", "offices_late")
	assert work.lists_for([KPU_RI]) == work.lists_for([KPU_PROVINSI])
	both = work.lists_for([KABKOTA_OPERATOR, KABKOTA_LEGAL, COMPLAINT_INTAKE])
	assert len(both) == len(set(both))
	assert both[: len(work.LEGAL_LISTS)] == work.LEGAL_LISTS
	assert work.lists_for(["PPS Member", "Guest"]) == ()


def test_urgency_late_today_soon_waiting():
	assert work.urgency(date(2026, 12, 4), DAY) == work.LATE
	assert work.urgency(DAY, DAY) == work.TODAY
	assert work.urgency(date(2026, 12, 12), DAY) == work.SOON
	assert work.urgency(date(2026, 12, 13), DAY) == work.WAITING
	assert work.urgency(None, DAY) == work.WAITING


def test_items_late_first_then_by_due_date_undated_last():
	items = [
		work.Item("Complaint", "c", "C", due=date(2026, 12, 8)),
		work.Item("Complaint", "u", "U"),
		work.Item("Complaint", "b", "B", due=date(2026, 11, 30)),
		work.Item("Complaint", "a", "A", due=date(2026, 12, 1)),
		work.Item("Complaint", "t", "T", due=DAY),
	]
	ordered = work.ordered(items, DAY)
	assert [i.name for i in ordered] == ["b", "a", "t", "c", "u"]
	assert [i.urgency for i in ordered] == ["late", "late", "today", "soon", "waiting"]


def test_lists_with_late_items_come_first_then_busy_then_empty():
	lists = [
		work.ActionList("meetings", 0),
		work.ActionList("conflicts", 3),
		work.ActionList("complaints", 5, late=1),
		work.ActionList("visits", 2, late=2),
	]
	assert [one.key for one in work.home_order(lists)] == ["visits", "complaints", "conflicts", "meetings"]


def test_offices_most_late_first_and_only_late_ones():
	rows = [work.OfficeRow("73.22", 7, 2), work.OfficeRow("73.12", 1, 0), work.OfficeRow("53.71", 9, 2)]
	assert [row.region for row in work.offices_late(rows)] == ["53.71", "73.22"]


def test_every_list_title_and_action_reads_in_indonesian():
	translated = {row[0] for row in read_translations("id") if len(row) >= 2 and row[1]}
	missing = [text for pair in work.LISTS.values() for text in pair if text not in translated]
	assert not missing, missing
