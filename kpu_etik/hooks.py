from kpu_etik.core.access import ABOUT_A_DOCUMENT, CHILD_DOCTYPES, SCOPED_DOCTYPES

app_name = "kpu_etik"
app_title = "KPU Etik"
app_publisher = "KPU Etik developers"
app_description = "Ethics enforcement for Indonesia's election organizers"
app_email = "dev@kpu-etik.invalid"
app_license = "mit"

# Desk: "Grant Role at Region" on the User form; "Issue Stamped Letter" on sanctions and rehabilitations.
doctype_js = {
	"User": "public/js/user.js",
	"Ad Hoc Body": "public/js/ad_hoc_body.js",
	"Sanction": ["public/js/letter.js", "public/js/translated_links.js"],
	"Rehabilitation": "public/js/letter.js",
	# The office's signing certificate: uploaded through a dialog, never sent back (api/signing.py).
	"KPU Office": "public/js/kpu_office.js",
	# The stage of a document in the user's language, read-only too (see translated_links.js).
	"Complaint": "public/js/translated_links.js",
	"Kinship Declaration": "public/js/translated_links.js",
	# A person's request about their data, and a breach: their actions (api/privacy.py).
	"Data Subject Request": "public/js/data_subject_request.js",
	"Data Breach": "public/js/data_breach.js",
}

# The home workspace's widgets from the boot, without a request each (see boot.py).
# The date picker in Indonesian (air-datepicker has no "id" locale in Frappe v15); a document's
# breadcrumb by its title (desk_titles.js); the autocomplete's screen-reader status in Indonesian
# (awesomplete_id.js).
app_include_js = [
	"/assets/kpu_etik/js/home_widgets.js",
	"/assets/kpu_etik/js/datepicker_id.js",
	"/assets/kpu_etik/js/desk_titles.js",
	"/assets/kpu_etik/js/awesomplete_id.js",
]

# Installation: roles, the national root region, default settings, relationships and workflows
# (idempotent).
after_install = "kpu_etik.install.after_install"
after_migrate = "kpu_etik.install.after_migrate"
before_uninstall = "kpu_etik.install.before_uninstall"

# Region scope on every path that lists or opens a record (Desk, REST, frappe.client, reports).
permission_query_conditions = {
	**{doctype: "kpu_etik.permissions.get_permission_query_conditions" for doctype in SCOPED_DOCTYPES},
	# Child-table rows only through a parent the user reaches.
	**{doctype: "kpu_etik.permissions.child_row_conditions" for doctype in CHILD_DOCTYPES},
	# Frappe's records about a document (files, comments, history, tags...) only with that document.
	**{doctype: "kpu_etik.permissions.about_document_conditions" for doctype in ABOUT_A_DOCUMENT},
}
has_permission = {
	**{doctype: "kpu_etik.permissions.has_permission" for doctype in SCOPED_DOCTYPES},
	**{doctype: "kpu_etik.permissions.about_document_permission" for doctype in ABOUT_A_DOCUMENT},
}

doc_events = {
	**{doctype: {"validate": "kpu_etik.permissions.validate_region_reach"} for doctype in SCOPED_DOCTYPES},
	# Every file of the app's documents, on every path, checked by content (see uploads.py).
	"File": {"validate": "kpu_etik.uploads.validate_file"},
	# Text fields of the app's documents hold plain text (see plain_text.py).
	"*": {"before_validate": "kpu_etik.plain_text.clean_document"},
	# History keeps no value of a field read at a permission level of its own (see history.py).
	"Version": {"before_insert": "kpu_etik.history.redact_version"},
	# A portal member's deletion request, once Frappe has done it: the retention job's full removal.
	# A member's own download or deletion request: recorded for their KPU office, with its deadline.
	"Personal Data Deletion Request": {
		"after_insert": "kpu_etik.privacy.requests.record_portal_request",
		"on_change": "kpu_etik.privacy.requests.after_portal_deletion",
	},
	"Personal Data Download Request": {"after_insert": "kpu_etik.privacy.requests.record_portal_request"},
}

# Every change of Frappe's own behaviour that no hook can make is in kpu_etik/overrides/, one module
# per mechanism: installed in every web request, job and test run, and checked once per process; a
# request that touches the app is refused when a correction guarding personal data is not in effect.
before_request = [
	"kpu_etik.overrides.install",
	"kpu_etik.overrides.guard_request",
	"kpu_etik.inputs.refuse_invalid_characters",
	# Rate limits see the client's own address, not what it claims in X-Forwarded-For.
	"kpu_etik.overrides.client_address.set_client_address",
	# Guests read the site's language (Indonesian), whatever their browser asks for.
	"kpu_etik.overrides.site_language.speak_to_guests_in_the_site_language",
]
before_job = ["kpu_etik.overrides.install", "kpu_etik.overrides.site_language.speak_the_site_language"]
# Private files and the app's downloads are served as attachments, never sniffed (see uploads.py).
before_tests = ["kpu_etik.overrides.install"]

after_request = ["kpu_etik.uploads.serve_files_as_downloads", "kpu_etik.overrides.replica.remember_own_write"]

# A link field's search for an official: by name from the full-text index (api.desk.search_officials).
standard_queries = {"Official": "kpu_etik.api.desk.search_officials"}

override_whitelisted_methods = {
	"frappe.client.get_count": "kpu_etik.permissions.get_count",
	"frappe.client.get_password": "kpu_etik.permissions.get_password",
	"frappe.desk.search.search_link": "kpu_etik.permissions.search_link",
	# The list sidebar's counts on the national tables: within a second, or kept with their time.
	"frappe.desk.listview.get_group_by_count": "kpu_etik.api.desk.group_by_count",
	"frappe.desk.reportview.get_sidebar_stats": "kpu_etik.api.desk.sidebar_stats",
	"frappe.desk.search.search_widget": "kpu_etik.permissions.search_widget",
	"frappe.utils.print_format.download_pdf": "kpu_etik.overrides.pdf.download_pdf",
}

scheduler_events = {
	"weekly": ["kpu_etik.supervision.compliance.send_weekly_reports"],
	"monthly": ["kpu_etik.supervision.compliance.send_monthly_reports"],
	"daily": [
		"kpu_etik.complaints.handling.watch_deadlines",
		"kpu_etik.sanctions.sanctioning.apply_sanction_effects",
		"kpu_etik.supervision.meetings.send_meeting_reminders",
	],
	# Over every official or member of the nation: on the long queue (`workers.long.timeout` in the
	# bench's common_site_config, see docs/deployment.md), never behind a user's short jobs.
	"daily_long": [
		"kpu_etik.kinship.declarations.send_declaration_reminders",
		"kpu_etik.supervision.meetings.refresh_visit_states",
		"kpu_etik.portal.end_memberships",
		# Personal data past its retention period (UU 27/2022), in batches (see privacy/retention.py).
		"kpu_etik.privacy.retention.run_daily",
	],
}

# A portal member's own records in Frappe's Personal Data Download Request (/request-data) and
# Deletion Request (/request-for-account-deletion, approved by a System Manager, who first checks the
# exceptions of UU 27/2022 in the Data Subject Request's rules): the official records of their account.
user_data_fields = [
	{
		"doctype": "Official",
		"filter_by": "user",
		# Frappe writes "[REDACTED]" or a unique address here, which a 16-digit NIK column cannot take:
		# the NIK and the rest go when the request is done (privacy.requests.after_portal_deletion).
		"redact_fields": ["birth_date", "mobile_no", "email", "address"],
	},
]

# Code of ethics articles, shipped with a `verified` flag each.
fixtures = [{"doctype": "Code Article"}]

# Print formats write dates the Indonesian way.
# Each KPU role lands on its level's workspace.
boot_session = "kpu_etik.boot.land_on_home_workspace"

jinja = {"methods": ["kpu_etik.core.dates.format_indonesian_date", "kpu_etik.sanctions.letters.decree"]}

# A citizen who opens the site's address lands on the app's public page. A redirect of "/" only, not
# the `home_page` hook: that hook would also change where Frappe sends a signed-in website user
# (`get_home_page`, "me"), which Frappe's own tests and its password reset rely on.
website_redirects = [{"source": "/", "target": "/kpu-etik", "redirect_http_status": 302}]

# PPK and PPS members land on their portal home after signing in, and find it in the portal menu.
role_home_page = {"PPK Member": "member-portal", "PPS Member": "member-portal"}
standard_portal_menu_items = [
	{"title": "Member Portal", "route": "/member-portal", "role": "PPS Member"},
	{"title": "Member Portal", "route": "/member-portal", "role": "PPK Member"},
	{"title": "Kinship Declaration", "route": "/kinship-declaration", "role": "PPS Member"},
	{"title": "Kinship Declaration", "route": "/kinship-declaration", "role": "PPK Member"},
	{"title": "Supervision Visits", "route": "/supervision-visits", "role": "PPS Member"},
	{"title": "Supervision Visits", "route": "/supervision-visits", "role": "PPK Member"},
]
# The public and member pages and the sign-in page are drawn in the app's own light shell, not in
# Frappe's website shell (see kpu_etik/pages/__init__.py).
page_renderer = ["kpu_etik.pages.LightPage"]
