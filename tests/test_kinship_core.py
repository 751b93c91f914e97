"""What a kinship declaration needs before submission (kpu_etik/core/kinship.py)."""

import csv
import json
from pathlib import Path

from kpu_etik.core.kinship import (
	MESSAGES,
	NO_STATEMENT,
	NO_TIES,
	RELATIVE_MISSING,
	RELATIVE_REQUIRED,
	missing_for_submission,
)

APP = Path(__file__).resolve().parents[1] / "kpu_etik"
BROTHER = {"relative_name": "Baso Rahman", "relationship": "Saudara Kandung", "relative_role": "Tim Kampanye"}


def test_a_new_declaration_needs_its_ties_and_the_statement():
	assert missing_for_submission({}) == [(NO_TIES, ()), (NO_STATEMENT, ())]


def test_no_family_tie_or_a_relative_each_answers_the_ties():
	assert missing_for_submission({"no_family_tie": 1, "statement": "/private/files/a.pdf"}) == []
	assert missing_for_submission({"relatives": [BROTHER], "statement": True}) == []


def test_each_relative_says_which_required_field_is_empty():
	rows = [BROTHER, {"relative_name": "  ", "relationship": "Ipar", "party": "Partai Contoh"}]
	assert missing_for_submission({"relatives": rows, "statement": True}) == [
		(RELATIVE_MISSING["relative_name"], (2,)),
		(RELATIVE_MISSING["relative_role"], (2,)),
	]


def test_the_statement_is_still_needed_with_complete_ties():
	assert missing_for_submission({"relatives": [BROTHER]}) == [(NO_STATEMENT, ())]


def test_the_required_fields_are_those_of_the_doctype():
	meta = json.loads(
		(APP / "kinship" / "doctype" / "declared_relative" / "declared_relative.json").read_text(
			encoding="utf-8"
		)
	)
	required = tuple(field["fieldname"] for field in meta["fields"] if field.get("reqd"))
	assert required == RELATIVE_REQUIRED


def test_every_message_has_an_indonesian_row():
	with (APP / "translations" / "id.csv").open(encoding="utf-8") as handle:
		translated = {row[0] for row in csv.reader(handle) if row}
	assert not [message for message in MESSAGES if message not in translated]
