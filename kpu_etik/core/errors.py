"""Errors and warnings raised by the framework-free core.

Every message is a fixed English template with ``{0}``-style placeholders plus its arguments, so the
Frappe layer can translate the template and then format it:
``frappe.throw(_(exc.template).format(*exc.args))``.
"""

from dataclasses import dataclass


class RuleError(ValueError):
	"""A domain rule was broken; ``template`` is the untranslated message, ``args`` its arguments."""

	def __init__(self, template: str, *args):
		super().__init__(*args)
		self.template = template
		self.args = args

	def __str__(self) -> str:
		return self.template.format(*self.args)

	def __repr__(self) -> str:
		return f"{type(self).__name__}({str(self)!r})"

	def __reduce__(self):
		# BaseException pickles as cls(*args), which would drop the template (background jobs pickle).
		return _restore, (type(self), self.template, self.args, self.__dict__.copy())


def _restore(cls, template, args, state):
	exc = cls.__new__(cls)
	RuleError.__init__(exc, template, *args)
	exc.__dict__.update(state)
	return exc


@dataclass(frozen=True)
class RuleWarning:
	"""Something the officer should look at; returned, never raised."""

	template: str
	args: tuple = ()

	def __str__(self) -> str:
		return self.template.format(*self.args)


class UploadRejected(RuleError):
	"""An uploaded file that the app does not accept (kpu_etik.core.uploads, kpu_etik.core.pdf)."""
