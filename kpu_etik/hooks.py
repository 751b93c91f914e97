app_name = "kpu_etik"
app_title = "KPU Etik"
app_publisher = "KPU Etik developers"
app_description = "Ethics enforcement for Indonesia's election organizers"
app_email = "dev@kpu-etik.invalid"
app_license = "mit"

# Desk: the "Grant Role at Region" action on the User form.
doctype_js = {"User": "public/js/user.js"}

# Installation: roles, the national root region and default settings (idempotent).
after_install = "kpu_etik.install.after_install"
after_migrate = "kpu_etik.install.after_migrate"
before_uninstall = "kpu_etik.install.before_uninstall"

# Region scope on every path that lists or opens a record (Desk, REST, frappe.client, reports).
permission_query_conditions = {
	"Official": "kpu_etik.permissions.get_permission_query_conditions",
	"Ad Hoc Body": "kpu_etik.permissions.get_permission_query_conditions",
	"Polling Station": "kpu_etik.permissions.get_permission_query_conditions",
	"Region Access": "kpu_etik.permissions.get_permission_query_conditions",
}
has_permission = {
	"Official": "kpu_etik.permissions.has_permission",
	"Ad Hoc Body": "kpu_etik.permissions.has_permission",
	"Polling Station": "kpu_etik.permissions.has_permission",
	"Region Access": "kpu_etik.permissions.has_permission",
}

doc_events = {
	"Official": {"validate": "kpu_etik.permissions.validate_region_reach"},
	"Ad Hoc Body": {"validate": "kpu_etik.permissions.validate_region_reach"},
	"Polling Station": {"validate": "kpu_etik.permissions.validate_region_reach"},
	"Region Access": {"validate": "kpu_etik.permissions.validate_region_reach"},
	"File": {"validate": "kpu_etik.kpu_etik.doctype.official.official.validate_uploaded_file"},
}

override_whitelisted_methods = {"frappe.client.get_count": "kpu_etik.permissions.get_count"}
