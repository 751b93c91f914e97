from frappe import _

no_cache = 1


def get_context(context):
	context.title = _("Complaint Status")
	return context
