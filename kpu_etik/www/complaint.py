from frappe import _

no_cache = 1


def get_context(context):
	context.title = _("File a Complaint")
	context.no_breadcrumbs = True
	return context
