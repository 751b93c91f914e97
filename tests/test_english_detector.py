"""The browser suite's English detector (browser_tests/english.py): it flags English and passes
Indonesian, including every Indonesian line of the app's own translations."""

import csv
from pathlib import Path

import pytest

from browser_tests.english import ENGLISH_WORDS, english_words

TRANSLATIONS = Path(__file__).parents[1] / "kpu_etik" / "translations" / "id.csv"


@pytest.mark.parametrize(
	"text, expected",
	[
		("Welcome to the portal", ["Welcome", "the"]),
		("Please enter your password", ["Please", "enter", "your", "password"]),
		(
			"Home\nSearch\nSettings\nCancel\nSave\nDelete",
			["Home", "Search", "Settings", "Cancel", "Save", "Delete"],
		),
		("Built on Frappe", ["Built on Frappe"]),
		("Powered by Frappe Framework", ["Powered by"]),
		("Uncaught Server Exception", ["Uncaught Server Exception"]),
		("Not Permitted", ["Not Permitted"]),
		("Page Missing", ["Page Missing"]),
		("Search or type a command (Ctrl + G)", ["Search or type a command"]),
		("Tambah baris | Add a row", ["Add a row"]),
		("Sign in to continue", ["Sign in", "continue"]),
		("Halaman not found", ["Not found"]),
		# Found once however often it appears, whatever the case.
		("Save, SAVE, save", ["Save"]),
		("Loading...", ["Loading"]),
	],
)
def test_english_is_flagged(text, expected):
	assert english_words(text) == expected


@pytest.mark.parametrize(
	"text",
	[
		"Selamat datang di KPU Etik. Sampaikan pengaduan pelanggaran kode etik penyelenggara pemilu.",
		"Masuk\nKata sandi\nLupa kata sandi?\nKirim\nBatal\nSimpan\nHapus\nCari",
		"Status pengaduan: Diajukan. Nomor tanda terima 7K2M-9QXA-4B1C-ZZ01.",
		"Daftar kekerabatan penyelenggara ad hoc Kabupaten Soppeng, Kecamatan Marioriwawo",
		"Alamat email: hukum.soppeng@kpu-etik.test, menu, filter, portal, data, total, edit",
		"Login dua faktor diwajibkan. Unduh di https://kpu-etik.test/files/surat-pernyataan.pdf",
		"No. 12/PP.01-SD/7312/2026, a.n. Ketua KPU Kabupaten Soppeng; To Manurung",
		"Senin, 7 Desember 2026 pukul 09.00 WITA; Jum'at; Rakor persiapan pemungutan suara",
	],
)
def test_indonesian_passes(text):
	assert english_words(text) == []


def test_the_apps_indonesian_translations_pass():
	with TRANSLATIONS.open(encoding="utf-8", newline="") as f:
		flagged = {row[1]: english_words(row[1]) for row in csv.reader(f) if len(row) >= 2}
	assert len(flagged) > 500
	assert {line: words for line, words in flagged.items() if words} == {}


def test_the_word_list_is_lower_case_english_words():
	assert all(word.isalpha() and word == word.lower() for word in ENGLISH_WORDS)
	# Indonesian words and loanwords Indonesian uses as spelled in English stay out of the list.
	assert (
		not {"email", "menu", "edit", "filter", "status", "data", "portal", "login", "no", "to"}
		& ENGLISH_WORDS
	)
