"""Every English string the app adds has an Indonesian translation in kpu_etik/translations/id.csv.

When this fails, it prints the missing sources as CSV rows: paste them into id.csv and fill in the
second column. See tests/translatable.py for what is collected.
"""

import csv
import io

import pytest
from translatable import (
	TRANSLATIONS,
	collect,
	is_translatable,
	placeholders,
	read_translations,
	template_messages,
)

LANG = "id"
CSV_PATH = TRANSLATIONS / f"{LANG}.csv"


@pytest.fixture(scope="module")
def rows():
	return read_translations(LANG)


@pytest.fixture(scope="module")
def translations(rows):
	return {row[0]: row[1] for row in rows if len(row) >= 2}


def as_csv(rows) -> str:
	out = io.StringIO()
	csv.writer(out, lineterminator="\n").writerows(rows)
	return out.getvalue()


def test_collector_finds_each_kind_of_source():
	# Guards the collector itself: if a layout change hides a kind of source, this test says so.
	found = collect()
	for where in (
		"doctype/official/official.json: name",
		"report/officials_by_region/officials_by_region.json: name",
		"core/bodies.py:",
		"workflow/kinship_declaration/kinship_declaration.json: states.state",
		"workflow/kinship_declaration/kinship_declaration.json: transitions.action",
		"templates/pages/kinship_declaration.html:",
		"templates/pages/kinship_register.html:",
	):
		assert any(where in place for places in found.values() for place in places), where
	for source in (
		"Official",
		"Active",
		"KPU RI User",
		"KPU Etik",
		"Grant Role at Region",
		"NIK is required",
		"Add a relative",
		"Saved",
		"Announce",
	):
		assert source in found, source


def test_file_is_plain_utf8_csv():
	data = CSV_PATH.read_bytes()
	assert not data.startswith(b"\xef\xbb\xbf"), (
		"no byte order mark: Frappe would read it into the first source"
	)
	data.decode("utf-8")


def test_rows_are_source_and_translation(rows):
	bad = [(number, row) for number, row in enumerate(rows, 1) if len(row) != 2 or not row[0].strip()]
	assert not bad, f"rows must be exactly source,translation: {bad}"
	padded = [row[0] for row in rows if row[0] != row[0].strip()]
	assert not padded, f"Frappe strips the message before looking it up; strip these sources: {padded}"


def test_no_duplicate_sources(rows):
	seen, duplicates = set(), []
	for row in rows:
		if row and row[0] in seen:
			duplicates.append(row[0])
		seen.add(row[0])
	assert not duplicates, f"duplicate sources in {CSV_PATH.name}: {duplicates}"


def test_every_source_is_translated(translations):
	found = collect()
	missing = {source: places for source, places in found.items() if source not in translations}
	empty = [source for source in found if source in translations and not translations[source].strip()]
	message = []
	if missing:
		message.append(f"{len(missing)} source(s) missing from kpu_etik/translations/{LANG}.csv:")
		message.extend(f"  {source!r}  <- {', '.join(places)}" for source, places in missing.items())
		message.append("Paste these rows into the file and fill in the translation:")
		message.append(as_csv([source, ""] for source in missing))
	if empty:
		message.append(f"{len(empty)} source(s) with an empty translation:")
		message.append(as_csv([source, ""] for source in empty))
	if message:
		# pytrace=False: the rows come out without pytest's "E   " prefix, ready to paste.
		pytest.fail("\n".join(message), pytrace=False)


def test_placeholders_are_kept(rows):
	wrong = [
		(source, translation)
		for source, translation, *_context in (row for row in rows if len(row) >= 2)
		if placeholders(source) != placeholders(translation)
	]
	assert not wrong, "placeholders differ between source and translation:\n" + "\n".join(
		f"  {source!r}\n  {translation!r}" for source, translation in wrong
	)


def test_placeholder_helpers():
	assert placeholders("{0} of {1} and {0}") == placeholders("{1}, {0}, {0}")
	assert placeholders("{0:02d}-{1!r}") != placeholders("{0}-{1}")
	assert not placeholders("literal {{braces}}")
	assert not is_translatable("{0} {1}")
	assert not is_translatable("{0!r}: 12-34")
	assert is_translatable("{0} does not exist.")


def test_template_messages():
	template = """{% extends "templates/web.html" %}
{# {{ _("In a comment") }} #}
<p>{{ _("Double") }} {{ _('Single') }} {{ _(row.position) }} {{ _(d.state) if d else _("Not started") }}</p>
<input placeholder="{{ _("Relative's Name") }}" title="{{ _('Say \\"hi\\"') }}">
{% set label = _("In a statement") %}{{ x }} _("Outside a tag") {{ _("Formatted {0}").format(n) }}
{{ "}}" ~ _("After a brace in a string") }}
{% raw %}{{ _("Raw") }}{% endraw %}
<script>
frappe.msgprint(__("From script")); const t = _("Not a Jinja call"); {{ _("Jinja in script") }}
</script>
"""
	assert template_messages(template) == [
		("Double", 3),
		("Single", 3),
		("Not started", 3),
		("Relative's Name", 4),
		('Say "hi"', 4),
		("In a statement", 5),
		("Formatted {0}", 5),
		("After a brace in a string", 6),
		("From script", 9),
		("Jinja in script", 9),
	]
