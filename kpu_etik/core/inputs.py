"""What the app's endpoints and pages accept: each argument's kind, size and range, read before the
endpoint runs, so that a number for a NIK, a list for a name, a page number of thirty digits or a
date in the year 99999 is a clear refusal naming the field, never a server error.

A schema maps argument names to fields; `read_all` returns the values converted (a flag to 0 or 1,
a whole number to int, a date to `datetime.date`, JSON text to a list or an object) or raises
`InputRejected` with the field's label as its first argument.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date

from kpu_etik.core.errors import RuleError
from kpu_etik.core.text import NOT_UNICODE, NUL, invalid_character, is_blank

# Characters a text column holds: Frappe's Data is varchar(140) unless the field says otherwise; the
# text types are MariaDB `text` (65,535 bytes, so at most 16,383 four-byte characters) and longtext.
COLUMN_LIMITS = {"Data": 140, "Small Text": 2000, "Text": 10000, "Long Text": 1000000}
# A whole number the database stores as int(11); larger page numbers or counts mean nothing.
MAX_WHOLE_NUMBER = 2**31 - 1
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class InputRejected(RuleError):
	"""An argument of the wrong kind, size or range; args[0] is the field's (English) label."""


@dataclass(frozen=True)
class Field:
	label: str
	required: bool = False

	def read(self, value):
		if value is None or (isinstance(value, str) and is_blank(value)):
			if self.required:
				raise InputRejected("{0} is required.", self.label)
			return self.empty(value)
		return self.convert(value)

	def empty(self, value):
		return None

	def convert(self, value):
		return value


@dataclass(frozen=True)
class Text(Field):
	"""Text of at most max_length characters; a number is taken as its digits (a NIK sent as a JSON
	number), a list, an object or a truth value is refused."""

	max_length: int = COLUMN_LIMITS["Data"]

	def empty(self, value):
		return None if value is None else ""  # blank text stays text: Frappe's own methods want a str

	def convert(self, value):
		if isinstance(value, bool) or not isinstance(value, str | int):
			raise InputRejected("{0} must be text.", self.label)
		value = str(value)
		if len(value) > self.max_length:
			raise InputRejected("{0} is longer than {1} characters.", self.label, self.max_length)
		# NULs and lone surrogates are refused here, before any query sees them
		invalid = invalid_character(value)
		if invalid == NUL:
			raise InputRejected("{0} contains a NUL character.", self.label)
		if invalid == NOT_UNICODE:
			raise InputRejected("{0} contains a character that is not valid Unicode.", self.label)
		return value


@dataclass(frozen=True)
class WholeNumber(Field):
	low: int = 0
	high: int = MAX_WHOLE_NUMBER

	def convert(self, value):
		if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
			raise InputRejected("{0} must be a whole number.", self.label)
		if isinstance(value, str):
			value = value.strip()
			if not value.lstrip("-").isdigit() or len(value) > 12:
				raise InputRejected("{0} must be a whole number.", self.label)
		elif not isinstance(value, int | float):
			raise InputRejected("{0} must be a whole number.", self.label)
		number = int(value)
		if not self.low <= number <= self.high:
			raise InputRejected("{0} must be between {1} and {2}.", self.label, self.low, self.high)
		return number


@dataclass(frozen=True)
class Flag(Field):
	"""A check box: 0 or 1 (also true/false, as a JSON client sends it)."""

	def empty(self, value):
		return 0

	def convert(self, value):
		known = {"0": 0, "1": 1, "false": 0, "true": 1}
		if isinstance(value, bool | int) and value in (0, 1):
			return int(value)
		if isinstance(value, str) and value.strip().lower() in known:
			return known[value.strip().lower()]
		raise InputRejected("{0} must be 0 or 1.", self.label)


@dataclass(frozen=True)
class Day(Field):
	"""A calendar date written YYYY-MM-DD, within [low, high]."""

	low: date = EARLIEST_DATE
	high: date = LATEST_DATE

	def convert(self, value):
		if isinstance(value, date):
			day = value
		elif isinstance(value, str) and len(value.strip()) == 10:
			try:
				day = date.fromisoformat(value.strip())
			except ValueError:
				raise InputRejected("{0} must be a date written YYYY-MM-DD.", self.label) from None
		else:
			raise InputRejected("{0} must be a date written YYYY-MM-DD.", self.label)
		if not self.low <= day <= self.high:
			raise InputRejected(
				"{0} must be between {1} and {2}.", self.label, self.low.isoformat(), self.high.isoformat()
			)
		return day


@dataclass(frozen=True)
class Choice(Field):
	options: tuple[str, ...] = ()

	def convert(self, value):
		if not isinstance(value, str) or value not in self.options:
			raise InputRejected("{0} must be one of: {1}.", self.label, ", ".join(self.options))
		return value


@dataclass(frozen=True)
class Structured(Field):
	"""JSON text (or the value a JSON body already decoded) holding a list or an object."""

	kinds: tuple[type, ...] = (list,)
	max_length: int = 100000
	max_items: int = 1000

	def convert(self, value):
		if isinstance(value, str):
			if len(value) > self.max_length:
				raise InputRejected("{0} is longer than {1} characters.", self.label, self.max_length)
			try:
				value = json.loads(value)
			except ValueError:
				raise InputRejected("{0} could not be read.", self.label) from None
		if not isinstance(value, self.kinds):
			raise InputRejected("{0} could not be read.", self.label)
		if len(value) > self.max_items:
			raise InputRejected("{0} has more than {1} entries.", self.label, self.max_items)
		return value


@dataclass(frozen=True)
class Encoded(Field):
	"""A file sent as base64 text (a data: URL prefix allowed), of at most max_bytes once decoded;
	the text is checked, and returned as it came, for the endpoint to decode."""

	max_bytes: int = 5 * 1024 * 1024

	def convert(self, value):
		if not isinstance(value, str):
			raise InputRejected("{0} could not be read.", self.label)
		if len(value) > self.max_bytes * 4 // 3 + 200:
			raise InputRejected("{0} is larger than {1} MB.", self.label, self.max_bytes // (1024 * 1024))
		try:
			base64.b64decode(value.split(",")[-1], validate=True)
		except (binascii.Error, ValueError):
			raise InputRejected("{0} could not be read.", self.label) from None
		return value


@dataclass(frozen=True)
class Anything(Field):
	"""For arguments the endpoint hands on to Frappe's own code, which reads them itself; only the
	size is bounded here."""

	max_length: int = 100000

	def convert(self, value):
		if len(json.dumps(value, default=str)) > self.max_length:
			raise InputRejected("{0} is longer than {1} characters.", self.label, self.max_length)
		return value


def read_all(schema: dict[str, Field], values: dict) -> dict:
	"""The arguments given, converted; an argument left out keeps the endpoint's default, unless the
	schema says it is required."""
	out = dict(values)
	for name, field in schema.items():
		if name in values:
			out[name] = field.read(values[name])
		elif field.required:
			raise InputRejected("{0} is required.", field.label)
	return out
