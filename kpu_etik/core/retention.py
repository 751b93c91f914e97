"""How long personal data is kept, and what the law lets a person ask of it (UU 27/2022), without Frappe.

Each kind of record has a retention period that KPU sets (its records retention schedule, JRA, is not
confirmed here: the defaults are marked as to be confirmed) and an end: the identity fields are
emptied, files and history that hold them are removed, and what the law keeps public stays (a
sanction decision, an announced declaration without the NIK).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from kpu_etik.core.errors import RuleError


@dataclass(frozen=True)
class Kind:
	key: str
	label: str
	# what the clock starts from, and what is removed when it runs out (shown in the settings)
	starts: str
	removes: str
	default_months: int


KINDS = (
	Kind(
		"Official Identity",
		"Identity of officials",
		"the day the official left, or the end of their body's term",
		"NIK, No. KK, sex, birth date, phone, email, address, the integrity pact file, relatives' NIKs "
		"in their declarations, and history that holds them; the name, seat and decisions stay",
		60,
	),
	Kind(
		"Complainant Identity",
		"Identity of complainants and evidence",
		"the day the complaint was closed",
		"the complainant's name, NIK, address and contact, the evidence files, and history that holds "
		"them; the case, its stages and its decision stay",
		24,
	),
	Kind(
		"Candidate Lists",
		"Candidate and campaign-team lists",
		"election day (the import's date when none is given)",
		"candidates' NIK, No. KK and birth date, and the imported list file; names stay for the "
		"screening decisions",
		12,
	),
	Kind(
		"Identity Access Log",
		"Identity access log",
		"the day of the read",
		"the log entry (entries inside the window of an open breach are kept)",
		24,
	),
	Kind(
		"Import Files",
		"Roster and list files, and their refused rows",
		"the day of the import",
		"the uploaded file and the file of refused rows",
		3,
	),
	Kind(
		"Deleted Records",
		"Copies of deleted records",
		"the day the record was deleted",
		"Frappe's copy of a deleted record that held personal data",
		1,
	),
)

KIND_KEYS = tuple(kind.key for kind in KINDS)


KIND_BY_KEY = {kind.key: kind for kind in KINDS}


def cutoff(today: date, months: int) -> date:
	"""Records whose clock started before this day have expired (kept `months` whole months)."""
	if months is None or months < 0:
		raise RuleError("A retention period is a number of months, zero or more.")
	return today - relativedelta(months=months)


# Complaint stages in which it is closed.
CLOSED_COMPLAINT_STATES = ("Closed - Proven", "Closed - Not Proven", "Rejected", "Forwarded")
# Sanctions that are over: anything else about a person holds their data.
SANCTIONS_OVER = ("Ended", "Cancelled")

# The official's fields emptied at the end of retention.
OFFICIAL_IDENTITY_FIELDS = (
	"nik",
	"no_kk",
	"sex",
	"birth_date",
	"mobile_no",
	"email",
	"address",
	"integrity_pact",
)
COMPLAINANT_FIELDS = ("complainant_name", "complainant_nik", "complainant_address", "complainant_contact")
CANDIDATE_FIELDS = ("nik", "no_kk", "birth_date")

# What stands in for a removed value in text that must stay (a comment, a history entry).
REMOVED = "[dihapus]"


def values_worth_masking(values) -> list[str]:
	"""The removed values to look for in text: long enough not to match ordinary words or numbers."""
	found = set()
	for value in values:
		if value in (None, ""):
			continue
		text = value.isoformat() if isinstance(value, date | datetime) else str(value).strip()
		if len(text) >= 6:
			found.add(text)
	# longest first, so that a value containing another is masked whole
	return sorted(found, key=lambda text: (-len(text), text))


def mask(text, values: list[str]):
	"""`text` with every one of `values` replaced by REMOVED; the same object when none is in it."""
	if not isinstance(text, str) or not text:
		return text
	changed = text
	for value in values:
		if value in changed:
			changed = changed.replace(value, REMOVED)
	return changed


# --- requests from the people the data is about ---------------------------------------------

REQUEST_TYPES = ("Access and Copy", "Correction", "Erasure", "Restriction", "Objection")
# The law's answer time for every request KPU records (3 x 24 hours from receipt).
ANSWER_WITHIN = timedelta(hours=72)


def answer_due(received: datetime) -> datetime:
	return received + ANSWER_WITHIN


# Why KPU may refuse an erasure, a restriction or an objection: the exception it relies on, said to
# the person. The grounds are configurable in the request (the legal basis is not confirmed here).
REFUSAL_GROUNDS = (
	"Retention period not ended",
	"Open complaint or sanction",
	"Public decision",
	"Election administration",
)


def refusal_ground_for(
	request_type: str, *, under_hold: bool, seated: bool, public: bool, retention_ended: bool
) -> str | None:
	"""The exception KPU relies on to refuse an erasure, a restriction or an objection, or None when it
	must do what the person asks. A person still seated is needed to run the election; a person who
	left is kept for the retention period (the archives law), after which the data goes anyway."""
	if request_type not in ("Erasure", "Restriction", "Objection"):
		return None
	if under_hold:
		return "Open complaint or sanction"
	if public:
		return "Public decision"
	if seated:
		return "Election administration"
	if request_type == "Erasure" and not retention_ended:
		return "Retention period not ended"
	return None


# --- breaches ------------------------------------------------------------------------------------

NOTIFY_WITHIN = timedelta(hours=72)


def notify_due(found: datetime) -> datetime:
	return found + NOTIFY_WITHIN


def window_valid(start: datetime | None, end: datetime | None) -> bool:
	return bool(start and end and start <= end)
