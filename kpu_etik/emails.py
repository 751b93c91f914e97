"""The app's emails, worded in Frappe Email Templates that KPU can edit (Desk: Email Template), shipped
in Indonesian. Each template's subject and body are Jinja with the arguments named below; the values
are escaped before they reach the body, so a name typed by the public never becomes markup.

The install creates a template only when it is missing: wording changed by KPU is kept across
migrations. A template deleted by mistake is made again by the next migrate.
"""

import frappe
from frappe.utils import escape_html

# name: (subject, body, arguments)
TEMPLATES = {
	"KPU Etik: Complaint Overdue": (
		"Pengaduan {{ case }} melewati tenggat: {{ stage }}",
		"<p>Tahap {{ stage }} pengaduan {{ case }} telah melewati tenggatnya pada {{ deadline }}.</p>"
		"<p>Pengaduan ini dieskalasi ke KPU Provinsi.</p>",
		("case", "stage", "deadline"),
	),
	"KPU Etik: Complaint Due": (
		"Pengaduan {{ case }}: {{ stage }} jatuh tempo {{ deadline }}",
		"<p>Tahap {{ stage }} pengaduan {{ case }} jatuh tempo pada {{ deadline }}.</p>",
		("case", "stage", "deadline"),
	),
	"KPU Etik: Declaration Reminder": (
		"Pengingat: deklarasi hubungan kekerabatan jatuh tempo {{ deadline }}",
		"<p>Yth. {{ official }},</p><p>deklarasi hubungan kekerabatan Anda untuk {{ round }} belum "
		"disampaikan. Batas waktunya {{ deadline }}.</p>",
		("official", "round", "deadline"),
	),
	"KPU Etik: Undeclared Officials": (
		"{{ count }} penyelenggara belum menyampaikan deklarasi untuk {{ round }}",
		"<p>Penyelenggara berikut belum menyampaikan deklarasi hubungan kekerabatan untuk {{ round }}:</p>"
		"<ul>{% for official in officials %}<li>{{ official }}</li>{% endfor %}</ul>",
		("count", "round", "officials"),
	),
	"KPU Etik: Meeting Reminder": (
		"Pengingat undangan: {{ topic }}",
		"<p>{{ topic }} di {{ place }}, {{ starts_on }}.</p>",
		("topic", "place", "starts_on"),
	),
	"KPU Etik: Compliance Report": (
		"Laporan kepatuhan {{ office }}: {{ period_start }}",
		"<p>Laporan kepatuhan {{ office }} untuk {{ period_start }} sampai {{ period_end }} terlampir.</p>",
		("office", "period_start", "period_end"),
	),
}


def ensure_email_templates():
	"""after_install / after_migrate: the missing templates, in Indonesian."""
	for name, (subject, response, _arguments) in TEMPLATES.items():
		if not frappe.db.exists("Email Template", name):
			frappe.get_doc(
				{
					"doctype": "Email Template",
					"name": name,
					"subject": subject,
					"use_html": 1,
					"response_html": response,
					"response": response,
				}
			).insert(ignore_permissions=True)


def _escaped(value):
	if isinstance(value, list | tuple):
		return [_escaped(item) for item in value]
	return escape_html(str(value if value is not None else "-"))


def send(template: str, recipients: list[str], args: dict, **sendmail_args):
	"""Queue the email of `template` to `recipients` with `args` (escaped), as frappe.sendmail does."""
	subject, response, arguments = TEMPLATES[template]
	missing = set(arguments) - set(args)
	if missing:
		raise KeyError(f"{template}: arguments missing: {sorted(missing)}")
	if frappe.db.exists("Email Template", template):
		doc = frappe.get_cached_doc("Email Template", template)
		subject = doc.subject or subject
		response = (doc.response_html if doc.use_html else doc.response) or response
	# The body is HTML: its values are escaped. The subject is plain text: one line.
	values = {key: _escaped(value) for key, value in args.items()}
	line = {key: " ".join(str(value).split()) for key, value in args.items()}
	frappe.sendmail(
		recipients=recipients,
		subject=frappe.render_template(subject, line),
		message=frappe.render_template(response, values),
		**sendmail_args,
	)
