from frappe import _

from kpu_etik.core.inputs import Text
from kpu_etik.inputs import read_form
from kpu_etik.sanctions import letters

no_cache = 1


def get_context(context):
	"""The public check of a decision letter: opened from the QR code printed on every page (number
	and code filled in), or typed from the stamp."""
	args = read_form(number=Text("Letter Number"), code=Text("Verification Code", max_length=64))
	context.number, context.code = args.number or "", args.code or ""
	context.standing = letters.check(context.number, context.code) if context.number else None
	context.checked = bool(context.number)
	context.title = _("Check a Decision Letter")
	return context
