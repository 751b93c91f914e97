"""What a roster import is told and what it tells: its options, its outcome and problems, and the
failures after which it is safe to run again. Shared by every module of the package."""

from collections.abc import Callable
from dataclasses import dataclass, field

import frappe

from kpu_etik.core.regions import ROOT_CODE

BATCH = 5000
PROBLEMS_KEPT = 1000
# The fields a row sets, compared with the record to tell an update from an unchanged row.
ROW_FIELDS = (
	"full_name", "no_kk", "level", "position", "ad_hoc_body", "region", "status", "mobile_no", "email",
	"decree_number", "decree_date", "oath_date", "address", "search_name",
)  # fmt: skip


@dataclass
class Problem:
	row: int
	column: str  # the header of the column in the template, or "" for the whole row
	message: str


@dataclass
class Outcome:
	rows: int = 0
	created: int = 0
	updated: int = 0
	unchanged: int = 0
	refused: int = 0
	warnings: int = 0
	bodies_created: int = 0
	written: bool = False
	seconds: float = 0.0
	problems: list[Problem] = field(default_factory=list)
	warnings_kept: list[Problem] = field(default_factory=list)
	refused_file: str | None = None
	noun: str = "officials"  # what the rows are, in the summary line

	def summary(self) -> str:
		return (
			f"{self.noun}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
			f"{self.refused} refused"
		)


@dataclass
class Options:
	office: str = ROOT_CODE  # rows outside this region are refused
	valid_rows_only: bool = False
	dry_run: bool = False
	official_import: str | None = None  # the Official Import record, named in the history
	period_start: str | None = None  # the period of the bodies the import creates
	period_end: str | None = None
	refused_path: str | None = None  # where the refused rows are written
	progress: Callable[[int, int, Outcome], None] | None = None
	commit: bool = True  # False inside a test's transaction
	batch_size: int = BATCH
	parts: int = 0  # processes: 0, one per core for a large file (see parts.py); 1, this one
	part: int | None = None  # in one of those processes: the part of the file it takes


class PartStopped(Exception):
	"""A process of an import in parts stopped (killed, out of memory, its connection lost): the
	rows written are whole ranges, and the import is safe to run again."""


def is_database_failure(exc: BaseException) -> bool:
	"""The database went away, deadlocked or timed out: the import is safe to run again."""
	import pymysql

	return isinstance(
		exc,
		frappe.QueryDeadlockError
		| frappe.QueryTimeoutError
		| pymysql.err.OperationalError
		| pymysql.err.InterfaceError
		| PartStopped,
	)
