"""The app's emails, worded in Frappe Email Templates that KPU can edit (Desk: Email Template), shipped
in Indonesian. Each template's subject and body are Jinja with the arguments named below; the values
are escaped before they reach the body, so a name typed by the public never becomes markup.

The install creates a template only when it is missing: wording changed by KPU is kept across
migrations. A template deleted by mistake is made again by the next migrate.
"""

import frappe
from frappe.utils import escape_html

WELCOME = "KPU Etik: Welcome"
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
	# Frappe's welcome email to a new account (System Settings > Welcome Email Template), sent by
	# User.send_welcome_mail_to_user with these arguments, when KPU invites PPK and PPS members.
	WELCOME: (
		"Selamat datang di KPU Etik",
		"<p>Yth. {{ first_name }},</p><p>akun Anda di KPU Etik telah dibuat oleh {{ created_by }}. "
		"Buat kata sandi Anda melalui tautan berikut, lalu masuk ke portal anggota badan ad hoc:</p>"
		'<p><a href="{{ link }}">{{ link }}</a></p>'
		"<p>Di portal Anda menyampaikan deklarasi hubungan kekerabatan, mengunggah pakta integritas "
		"dan mengonfirmasi undangan rapat. Tautan ini hanya dapat dipakai sekali.</p>",
		("first_name", "created_by", "link"),
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
	# New accounts are welcomed in Indonesian, unless the site already chose its own template.
	if not frappe.db.get_single_value("System Settings", "welcome_email_template"):
		frappe.db.set_single_value("System Settings", "welcome_email_template", WELCOME)


def _escaped(value):
	if isinstance(value, list | tuple):
		return [_escaped(item) for item in value]
	return escape_html(str(value if value is not None else "-"))


def can_send() -> bool:
	"""Whether the site has an outgoing email account (frappe.sendmail raises without one)."""
	from frappe.email.doctype.email_account.email_account import EmailAccount

	return bool(EmailAccount.find_outgoing(_raise_error=False))


def send(template: str, recipients: list[str], args: dict, **sendmail_args) -> bool:
	"""Queue the email of `template` to `recipients` with `args` (escaped), as frappe.sendmail does.
	False, and nothing queued, on a site with no outgoing email account: the work that sends it (an
	archived report, an escalation) stands without its email."""
	subject, response, arguments = TEMPLATES[template]
	missing = set(arguments) - set(args)
	if missing:
		raise KeyError(f"{template}: arguments missing: {sorted(missing)}")
	if not can_send():
		return False
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
	return True
