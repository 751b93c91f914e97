"""Every whitelisted method and web page of the app reads its arguments through a schema
(kpu_etik.core.inputs), and refuses a bad one with a translated 4xx naming the field.

    @frappe.whitelist(allow_guest=True, methods=["POST"])
    @accepts(chronology=column("Complaint", "chronology", required=True), anonymous=Flag("Anonymous"))
    def submit_public_complaint(respondent_name: str, chronology: str, anonymous=0): ...

An argument annotated `str` (or `str | None`) and not named in `accepts` is text of at most 140
characters, required when it has no default; any other argument must be named, or the module fails to
import, so no endpoint of the app is left without a schema (kpu_etik/tests/test_hostile_battery.py
walks them all).
"""

import functools
import inspect
import types
from dataclasses import dataclass

import frappe
from frappe import _

from kpu_etik.core.inputs import COLUMN_LIMITS, Field, InputRejected, Text, WholeNumber, read_all
from kpu_etik.core.text import invalid_character


@dataclass(frozen=True)
class Column(Text):
	"""Text that goes into a column of a doctype: its length is the column's, its label the form's."""

	doctype: str = ""
	fieldname: str = ""

	def resolved(self) -> Text:
		df = frappe.get_meta(self.doctype).get_field(self.fieldname)
		limit = (df.fieldtype == "Data" and df.length) or COLUMN_LIMITS.get(df.fieldtype, self.max_length)
		return Text(df.label or self.label, self.required, limit)

	def read(self, value):
		return self.resolved().read(value)


@dataclass(frozen=True)
class DocumentType(Text):
	"""The name of a doctype that exists on the site (Frappe's own code imports it as a module)."""

	required: bool = True

	def convert(self, value):
		value = super().convert(value)
		if not frappe.db.exists("DocType", value):
			raise InputRejected("{0} is not a document type.", self.label)
		return value


def column(doctype: str, fieldname: str, required: bool = False) -> Column:
	label = fieldname.replace("_", " ").title()
	return Column(label, required, doctype=doctype, fieldname=fieldname)


def refuse(exc: InputRejected):
	"""The refusal in the user's language; the field's label is translated too."""
	label, *rest = exc.args
	frappe.throw(_(exc.template).format(_(label), *rest), title=_("Not Accepted"))


def _derived(name: str, parameter: inspect.Parameter) -> Field | None:
	annotation = parameter.annotation
	label = name.replace("_", " ").title()
	required = parameter.default is inspect.Parameter.empty
	if annotation is str or annotation == str | None:
		return Text(label, required)
	if annotation is int:
		return WholeNumber(label, required)
	return None


def accepts(**schema: Field):
	"""The endpoint's schema; goes under `@frappe.whitelist()`.

	Replaces Frappe v15's own argument check for the app's methods (frappe.utils.typing_validations,
	which answers in English, "Argument 'chronology' should be of type 'str'", and lets a list through
	as `str | None`): the wrapper has no annotations, so Frappe's check has nothing to do. Re-check on an
	upgrade: `validate_argument_types` in frappe.whitelist.
	"""

	def decorate(fn):
		signature = inspect.signature(fn)
		fields = dict(schema)
		for name, parameter in signature.parameters.items():
			if parameter.kind in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL) or name in fields:
				continue
			field = _derived(name, parameter)
			if field is None:
				raise TypeError(f"{fn.__module__}.{fn.__qualname__}: no schema for the argument {name!r}")
			fields[name] = field

		positional = [
			name
			for name, parameter in signature.parameters.items()
			if parameter.default is parameter.empty
			and parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
		]

		@functools.wraps(fn)
		def checked(*args, **kwargs):
			bound = signature.bind_partial(*args, **kwargs)
			for name in positional:  # left out: None, which the schema refuses if it is required
				bound.arguments.setdefault(name, None)
			try:
				values = read_all(fields, bound.arguments)
			except InputRejected as exc:
				refuse(exc)
			bound.arguments.update(values)
			return fn(*bound.args, **bound.kwargs)

		checked.__annotations__ = {}
		checked.schema = types.MappingProxyType(fields)
		return checked

	return decorate


def read_form(**schema: Field) -> frappe._dict:
	"""A web page's query arguments (frappe.form_dict) read through a schema; a page given a list
	where it expects one value (`?region=a&region=b`) gets the refusal, not a server error."""
	values = {name: frappe.form_dict.get(name) for name in schema if name in frappe.form_dict}
	try:
		return frappe._dict(read_all(schema, values))
	except InputRejected as exc:
		refuse(exc)


def _holds_invalid_character(value) -> bool:
	if isinstance(value, str):
		return invalid_character(value) is not None
	if isinstance(value, dict):
		return any(_holds_invalid_character(k) or _holds_invalid_character(v) for k, v in value.items())
	if isinstance(value, list | tuple):
		return any(_holds_invalid_character(item) for item in value)
	return False


def refuse_invalid_characters():
	"""before_request: a request whose arguments hold a NUL or a lone surrogate (which no valid text
	contains) is refused before any route reads it.

	Corrects Frappe v15, where such a value in a JSON body reaches the database driver on any route
	(`/api/resource`, `frappe.client`) and ends as a 500 whose error report itself cannot be encoded.
	Re-check on an upgrade: frappe.app.init_request (the hook runs after make_form_dict).
	"""
	if _holds_invalid_character(dict(frappe.form_dict)):
		frappe.throw(
			_("The request contains a NUL character or a character that is not valid Unicode."),
			title=_("Not Accepted"),
		)
