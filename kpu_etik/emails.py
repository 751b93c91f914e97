"""The app's emails, worded in Frappe Email Templates that KPU can edit (Desk: Email Template), shipped
in Indonesian. Each template's subject and body are Jinja with the arguments named below; the values
are escaped before they reach the body, so a name typed by the public never becomes markup.

The install creates a template only when it is missing: wording changed by KPU is kept across
migrations. A template deleted by mistake is made again by the next migrate.
"""

import frappe
from frappe.utils import escape_html

WELCOME = "KPU Etik: Welcome"
BREACH_PERSON = "KPU Etik: Breach Notice to a Person"
BREACH_AUTHORITY = "KPU Etik: Breach Notice to the Authority"
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
	# A personal data breach (UU 27/2022): to each person whose data was read, and to the authority,
	# within 3 x 24 hours of finding it. The Data Breach form chooses these or other templates.
	BREACH_PERSON: (
		"Pemberitahuan kegagalan pelindungan data pribadi Anda",
		"<p>Yth. {{ person }},</p><p>KPU memberitahukan bahwa data pribadi Anda ({{ fields }}) "
		"terungkap dalam suatu kegagalan pelindungan data pribadi yang diketahui pada {{ found_on }}.</p>"
		"<p>Yang terjadi: {{ what }}</p><p>Yang kami lakukan: {{ measures }}</p>"
		"<p>Untuk pertanyaan, hubungi pejabat pelindungan data pribadi KPU: {{ contact }}.</p>",
		("person", "fields", "found_on", "what", "measures", "contact"),
	),
	BREACH_AUTHORITY: (
		"Pemberitahuan kegagalan pelindungan data pribadi: {{ title }}",
		"<p>KPU memberitahukan kegagalan pelindungan data pribadi yang diketahui pada {{ found_on }}.</p>"
		"<p>Yang terungkap: {{ what }} ({{ people }} orang, {{ records }} catatan).</p>"
		"<p>Penanganan dan pemulihan: {{ measures }}</p><p>Narahubung: {{ contact }}.</p>",
		("title", "found_on", "what", "people", "records", "measures", "contact"),
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


def send(
	template: str, recipients: list[str], args: dict, worded_by: str | None = None, **sendmail_args
) -> bool:
	"""Queue the email of `template` to `recipients` with `args` (escaped), as frappe.sendmail does.
	False, and nothing queued, on a site with no outgoing email account: the work that sends it (an
	archived report, an escalation) stands without its email. `worded_by` names another Email
	Template (chosen on a form) that words the same email with the same arguments."""
	subject, response, arguments = TEMPLATES[template]
	missing = set(arguments) - set(args)
	if missing:
		raise KeyError(f"{template}: arguments missing: {sorted(missing)}")
	if not can_send():
		return False
	if frappe.db.exists("Email Template", worded_by or template):
		doc = frappe.get_cached_doc("Email Template", worded_by or template)
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
