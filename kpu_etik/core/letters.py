"""The parts of a KPU decree (keputusan) that the letters share: the order of its dictums (KESATU,
KEDUA, ...) and the address where anyone checks a letter by its number and verification code."""

from urllib.parse import urlencode

from kpu_etik.core.errors import RuleError
from kpu_etik.core.regions import ROOT_LEVEL

CHECK_PAGE = "/letter-check"
# The Mengingat of an office's decrees until the office sets its own (KPU Office, Legal Bases): the
# law and the rules the domain brief names [C]; an office checks them against those in force.
DEFAULT_LEGAL_BASES = (
	"Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum",
	"Peraturan Dewan Kehormatan Penyelenggara Pemilihan Umum Nomor 2 Tahun 2017 tentang Kode Etik dan "
	"Pedoman Perilaku Penyelenggara Pemilihan Umum",
	"Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2022 tentang Pembentukan dan Tata Kerja Badan Ad Hoc "
	"Penyelenggara Pemilihan Umum",
	"Keputusan Komisi Pemilihan Umum Nomor 337/HK.06.2-Kpt/01/KPU/VII/2020",
)
_ORDINALS = (
	"KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN", "KESEMBILAN",
	"KESEPULUH",
)  # fmt: skip


def office_name(level: str, region_name: str) -> str:
	"""How a KPU office names itself: Komisi Pemilihan Umum (the nation), Komisi Pemilihan Umum
	Provinsi Jawa Timur, Komisi Pemilihan Umum Kabupaten Soppeng (a kabupaten's or kota's name
	already says which it is)."""
	if level == ROOT_LEVEL:
		return "Komisi Pemilihan Umum"
	return f"Komisi Pemilihan Umum {'Provinsi ' if level == 'Provinsi' else ''}{region_name}"


def dictum(number: int) -> str:
	"""The word that opens the ``number``-th dictum of a decree: 1 -> KESATU, 2 -> KEDUA."""
	if not 1 <= number <= len(_ORDINALS):
		raise RuleError("A decree has at most {0} dictums.", len(_ORDINALS))
	return _ORDINALS[number - 1]


def check_path(number: str, code: str) -> str:
	"""The public page that checks a letter, with its number and code filled in (the QR code's
	address, after the site's own)."""
	return f"{CHECK_PAGE}?{urlencode({'number': number, 'code': code})}"


def copy_lines(text: str | None) -> list[str]:
	"""The tembusan of a letter, one recipient a line, blank lines dropped."""
	return [line.strip() for line in (text or "").splitlines() if line.strip()]


def signed_by_its_signer(certificate_holder: str | None, decree_signer: str | None) -> bool:
	"""Whether the certificate that signed a decree is the decree's own signer: the same name once
	titles, case and marks are set aside ("Dr. H. Andi Penandatangan, S.H." is "ANDI PENANDATANGAN").
	A decree that names no signer is signed by whoever holds the office's key."""
	from kpu_etik.core.names import normalize_name

	if not normalize_name(decree_signer):
		return True
	return normalize_name(certificate_holder) == normalize_name(decree_signer)
