"""Idempotent install steps: run on install and again on every migrate."""

import json
from pathlib import Path

import frappe

from kpu_etik.core import retention
from kpu_etik.core.access import ANCESTOR_COLUMN_DOCTYPES, ANCESTOR_COLUMNS, NATION_LIST_FILTERS, ROLES
from kpu_etik.core.bodies import DEFAULT_COMPOSITION, SEAT_NO_KETUA, SEAT_REPLACEMENT, SEAT_SHORT
from kpu_etik.core.officials import DEFAULT_ELIGIBILITY, ELIGIBILITY_SOURCE, LEFT_STATUSES
from kpu_etik.core.regions import ROOT_CODE, ROOT_LEVEL, ROOT_NAME
from kpu_etik.emails import ensure_email_templates


def after_install():
	after_migrate()


def after_migrate():
	ensure_ancestor_columns()
	ensure_seat_gaps()
	ensure_search_names()
	ensure_roles()
	ensure_root_region()
	ensure_default_composition()
	ensure_eligibility_checks()
	ensure_setting_defaults()
	ensure_retention_rules()
	ensure_left_on()
	ensure_retention_indexes()
	ensure_relationships()
	ensure_sanction_types()
	ensure_workflows()
	ensure_email_templates()
	ensure_home_block()
	ensure_branding()
	ensure_module_profile()
	say_which_corrections_are_in_effect()


def say_which_corrections_are_in_effect():
	"""At every migrate, the administrator reads whether each correction of Frappe is in effect."""
	from kpu_etik import overrides

	overrides.install()
	found = overrides.check_all()
	for correction in overrides.corrections():
		problem = found.get(correction.name)
		print(
			f"kpu_etik correction {correction.name}: "
			+ (f"NOT IN EFFECT ({problem})" if problem else "in effect")
		)
	if found:
		overrides.report(found)


# The level workspaces' custom blocks: the action lists (kpu_etik.api.desk.todays_work) and the
# figures by stage and by type (the dashboard chart sources, as tables with whole names).
HOME_BLOCK = "KPU Etik Today's Work"
FIGURES_BLOCK = "KPU Etik Figures"
CUSTOM_BLOCKS = {
	HOME_BLOCK: Path(__file__).parent / "kpu_etik" / "custom_html_block" / "todays_work",
	FIGURES_BLOCK: Path(__file__).parent / "kpu_etik" / "custom_html_block" / "figures",
}


def ensure_home_block():
	"""The workspaces' custom blocks, kept as shipped: Frappe syncs workspaces from an app's files but
	not custom blocks, so their HTML, script and style are written here on every migrate."""
	for name, folder in CUSTOM_BLOCKS.items():
		shipped = {
			part: (folder / f"{folder.name}.{ext}").read_text(encoding="utf-8")
			for part, ext in (("html", "html"), ("script", "js"), ("style", "css"))
		}
		if frappe.db.exists("Custom HTML Block", name):
			block = frappe.get_doc("Custom HTML Block", name)
			if all(block.get(part) == text for part, text in shipped.items()):
				continue
			block.update(shipped)
			block.save(ignore_permissions=True)
		else:
			block = frappe.get_doc({"doctype": "Custom HTML Block", "private": 0, **shipped})
			block.insert(ignore_permissions=True, set_name=name)


# KPU's name and logo where Frappe shows its own: the sign-in page, the navbar, the website.
APP_NAME = "KPU Etik"
APP_LOGO = "/assets/kpu_etik/images/kpu-etik-logo.svg"
BRAND_HTML = (
	f'<img src="{APP_LOGO}" alt="" style="height:28px;vertical-align:middle"> '
	f'<span style="vertical-align:middle">{APP_NAME}</span>'
)
# (doctype, field, value): set when empty or still Frappe's, so an administrator's own choice stays.
BRANDING = (
	("System Settings", "app_name", APP_NAME),
	("Website Settings", "app_name", APP_NAME),
	("Website Settings", "app_logo", APP_LOGO),
	("Website Settings", "brand_html", BRAND_HTML),
	("Website Settings", "favicon", APP_LOGO),
	("Navbar Settings", "app_logo", APP_LOGO),
)


def ensure_branding():
	# Written field by field: on a site before its set-up wizard, System Settings has no language or
	# time zone yet, and a save would refuse the whole document.
	changed = False
	for doctype, field, value in BRANDING:
		if (frappe.db.get_single_value(doctype, field) or "").strip() in ("", "Frappe"):
			frappe.db.set_single_value(doctype, field, value)
			changed = True
	if changed:
		from frappe.website.utils import clear_website_cache

		clear_website_cache()


# The Desk's sidebar shows KPU staff only the app's workspaces: Frappe's Module Profile blocks every
# other module (frappe.desk.desktop.get_workspace_sidebar_items drops workspaces of blocked modules).
# Blocked modules only hide workspaces and desktop icons: permissions on their doctypes are unchanged.
MODULE_PROFILE = "KPU Etik Staff"


def app_modules() -> list[str]:
	return frappe.get_all("Module Def", filters={"app_name": "kpu_etik"}, pluck="name")


def ensure_module_profile():
	"""The profile blocks every module not of this app (recomputed at each migrate, as apps add
	modules), and the KPU staff who hold it get the new list without a User save each."""
	ours = set(app_modules())
	blocked = sorted(set(frappe.get_all("Module Def", pluck="name")) - ours)
	if frappe.db.exists("Module Profile", MODULE_PROFILE):
		profile = frappe.get_doc("Module Profile", MODULE_PROFILE)
		if sorted(row.module for row in profile.block_modules) == blocked:
			blocked = None
		else:
			profile.set("block_modules", [{"module": module} for module in blocked])
			profile.save(ignore_permissions=True)
	else:
		frappe.get_doc(
			{
				"doctype": "Module Profile",
				"module_profile_name": MODULE_PROFILE,
				"block_modules": [{"module": module} for module in blocked],
			}
		).insert(ignore_permissions=True)
	desk_roles = [role for role, (_rank, desk) in ROLES.items() if desk]
	staff = frappe.get_all(
		"Has Role",
		filters={"role": ("in", desk_roles), "parenttype": "User"},
		pluck="parent",
		distinct=True,
	)
	for user in staff:
		apply_module_profile(user, only_if_unset=blocked is None)


def apply_module_profile(user: str, only_if_unset: bool = False):
	"""Give a KPU staff account the app's Module Profile, written as its rows (as User.validate
	would copy them) rather than by a User save. A System Manager keeps every module, and an account
	with another profile keeps it."""
	current = frappe.db.get_value("User", user, "module_profile")
	if current not in (None, "", MODULE_PROFILE) or "System Manager" in frappe.get_roles(user):
		return
	if current == MODULE_PROFILE and only_if_unset:
		return
	blocked = frappe.get_all(
		"Block Module", filters={"parent": MODULE_PROFILE, "parenttype": "Module Profile"}, pluck="module"
	)
	frappe.db.delete("Block Module", {"parent": user, "parenttype": "User"})
	for idx, module in enumerate(blocked, 1):
		frappe.get_doc(
			{
				"doctype": "Block Module",
				"parent": user,
				"parenttype": "User",
				"parentfield": "block_modules",
				"module": module,
				"idx": idx,
			}
		).db_insert()
	frappe.db.set_value("User", user, "module_profile", MODULE_PROFILE, update_modified=False)
	frappe.clear_cache(user=user)


def ensure_roles():
	for role_name, (_rank, desk_access) in ROLES.items():
		if frappe.db.exists("Role", role_name):
			frappe.db.set_value("Role", role_name, "desk_access", int(desk_access), update_modified=False)
			continue
		frappe.get_doc(
			{"doctype": "Role", "role_name": role_name, "desk_access": int(desk_access), "is_custom": 0}
		).insert(ignore_permissions=True)


def ensure_root_region():
	"""The national root: provinces hang under it, and KPU RI offices sit on it."""
	if frappe.db.exists("Region", ROOT_CODE):
		return
	root = frappe.new_doc("Region")
	root.update({"code": ROOT_CODE, "region_name": ROOT_NAME, "level": ROOT_LEVEL, "is_group": 1})
	root.flags.ignore_validate = True
	root.insert(ignore_permissions=True)


def ensure_setting_defaults():
	"""Defaults of settings added after a site was made (a Single keeps no default on its own)."""
	for field, value in (("publish_sanctions", 1), ("meeting_reminder_days", 2), ("retention_enabled", 1)):
		stored = frappe.db.sql(
			"select value from `tabSingles` where doctype = 'KPU Etik Settings' and field = %s", field
		)
		if not stored:
			frappe.db.set_single_value("KPU Etik Settings", field, value)


def ensure_retention_rules():
	"""A retention period for each kind of record, once each (marked as not confirmed against KPU's JRA);
	the description of each kind follows the app's."""
	settings = frappe.get_single("KPU Etik Settings")
	present = {row.kind: row for row in settings.retention_rules}
	changed = False
	for kind in retention.KINDS:
		row = present.get(kind.key)
		if not row:
			row = settings.append("retention_rules", {"kind": kind.key, "keep_months": kind.default_months})
			row.source = "Default of the app: to be confirmed against KPU's records retention schedule (JRA)."
			changed = True
		if (row.starts, row.removes) != (kind.starts, kind.removes):
			row.starts, row.removes = kind.starts, kind.removes
			changed = True
	if changed:
		settings.flags.ignore_permissions = True
		settings.save()


def ensure_left_on():
	"""Officials who left before `left_on` existed: the day of their last change of status (the
	retention of their identity counts from it). Only rows still without it: nothing on a second run."""
	statuses = ", ".join(f"'{status}'" for status in LEFT_STATUSES)
	frappe.db.sql(
		f"""update `tabOfficial` o set o.left_on = ifnull(
			(select date(max(h.changed_on)) from `tabOfficial Status Change` h where h.parent = o.name),
			date(o.modified))
		where o.status in ({statuses}) and o.left_on is null"""
	)


def ensure_retention_indexes():
	"""The retention job finds a removed address in the email queue, and queued messages about a
	record, by index (Frappe's own tables have none on these columns)."""
	for (doctype, index), fields in zip(
		RETENTION_INDEXES, (["recipient"], ["reference_doctype", "reference_name"]), strict=True
	):
		frappe.db.add_index(doctype, fields, index)


RETENTION_INDEXES = (("Email Queue Recipient", "kpu_etik_recipient"), ("Email Queue", "kpu_etik_reference"))


def ensure_default_composition():
	settings = frappe.get_single("KPU Etik Settings")
	present = {row.body_type for row in settings.composition_rules}
	missing = [rule for body_type, rule in DEFAULT_COMPOSITION.items() if body_type not in present]
	if not missing:
		return
	for rule in missing:
		settings.append(
			"composition_rules", {"body_type": rule.body_type, "members": rule.members, "ketua": rule.ketua}
		)
	settings.flags.ignore_permissions = True
	settings.save()


def ensure_ancestor_columns():
	"""Province and kabupaten/kota columns generated from `region` on the national-size tables,
	indexed with `modified` (the list's order) and with each filtered field before `modified`. They are not
	doctype fields: Frappe neither writes nor drops them, and MariaDB keeps them (see
	permissions.ancestor_condition). Adding an index to a table of six million rows takes a minute."""
	for doctype in ANCESTOR_COLUMN_DOCTYPES:
		table = f"tab{doctype}"
		columns = set(frappe.db.get_table_columns(doctype))
		for column, length in ANCESTOR_COLUMNS.values():
			if column not in columns:
				frappe.db.sql_ddl(
					f"alter table `{table}` add column `{column}` varchar({length}) "
					f"as (left(`region`, {length})) virtual"
				)
			indexes = {row.Key_name for row in frappe.db.sql(f"show index from `{table}`", as_dict=True)}
			wanted = {f"{column}_modified": f"`{column}`, `modified`"}
			for field in ANCESTOR_COLUMN_DOCTYPES[doctype]:
				# With modified last: the filtered list in its own order, and the filtered count.
				wanted[f"{column}_{field}_modified"] = f"`{column}`, `{field}`, `modified`"
			for name, parts in wanted.items():
				if name not in indexes:
					frappe.db.sql_ddl(f"alter table `{table}` add index `{name}` ({parts})")
		indexes = {row.Key_name for row in frappe.db.sql(f"show index from `{table}`", as_dict=True)}
		for field in NATION_LIST_FILTERS.get(doctype, ()):
			if f"{field}_modified" not in indexes:
				frappe.db.sql_ddl(
					f"alter table `{table}` add index `{field}_modified` (`{field}`, `modified`)"
				)


def ensure_search_names(batch: int = 20000):
	"""Every official's search words (core.name_search), then their full-text index, built with no
	stop words ("the", "who" and "and" are not names here). The words are kept by the form and the
	roster import; this fills the rows written before the field existed, a batch at a time in name
	order, each batch committed: killed half-way, the next migrate goes on from where it stopped.
	On a site of five million officials the whole migrate that first made them (the words of every
	name, this index and the five list indexes of ensure_ancestor_columns) took 13 minutes on two
	cores, with another benchmark running."""
	from kpu_etik.core.name_search import search_words
	from kpu_etik.overrides.name_search import INDEX

	# Asked once (a scan when none is missing), then a batch at a time on the primary key: a migrate
	# after a test's writes, or with nothing to fill, writes and commits nothing.
	missing = frappe.db.sql("select 1 from `tabOfficial` where search_name is null limit 1")
	last = ""
	while missing:
		rows = frappe.db.sql(
			"""select name, full_name from `tabOfficial` where name > %s and search_name is null
			order by name limit %s""",
			(last, batch),
		)
		if not rows:
			break
		last = rows[-1][0]
		# Through the cursor: Frappe refuses DDL after a write, though a temporary table commits nothing.
		frappe.db.sql("select 1")
		frappe.db._cursor.execute("drop temporary table if exists `kpu_search_names`")
		frappe.db._cursor.execute(
			"create temporary table `kpu_search_names` (name varchar(140) primary key, words varchar(280))"
		)
		frappe.db.sql(
			"insert into `kpu_search_names` values " + ", ".join(["(%s, %s)"] * len(rows)),
			[value for name, full_name in rows for value in (name, search_words(full_name))],
		)
		frappe.db.sql(
			"""update `tabOfficial` o join `kpu_search_names` s on s.name = o.name
			set o.search_name = s.words"""
		)
		frappe.db.commit()
	if not frappe.db.has_index("tabOfficial", INDEX):
		frappe.db.sql("set session innodb_ft_enable_stopword = 0")
		frappe.db.sql_ddl(f"alter table `tabOfficial` add fulltext index `{INDEX}` (`search_name`)")


SEAT_GAPS = (
	"if(`status` = 'Dissolved', 0, "
	f"(ifnull(`member_count`, 0) < ifnull(`required_members`, 0)) * {SEAT_SHORT} "
	f"+ (ifnull(`ketua_count`, 0) = 0) * {SEAT_NO_KETUA} "
	f"+ (ifnull(`needs_replacement`, 0) = 1) * {SEAT_REPLACEMENT})"
)


def ensure_seat_gaps():
	"""Ad Hoc Body's open seats as flags (core.bodies.SEAT_*), a generated column indexed alone and
	under the province and kabupaten/kota columns: the bodies to fill in a region are an index range.
	Like the ancestor columns, not a doctype field: Frappe neither writes nor drops it."""
	table = "tabAd Hoc Body"
	if "seat_gaps" not in frappe.db.get_table_columns("Ad Hoc Body"):
		frappe.db.sql_ddl(f"alter table `{table}` add column `seat_gaps` tinyint as ({SEAT_GAPS}) virtual")
	indexes = {row.Key_name for row in frappe.db.sql(f"show index from `{table}`", as_dict=True)}
	wanted = {"seat_gaps": "`seat_gaps`"}
	for column, _length in ANCESTOR_COLUMNS.values():
		wanted[f"{column}_seat_gaps"] = f"`{column}`, `seat_gaps`"
	for name, parts in wanted.items():
		if name not in indexes:
			frappe.db.sql_ddl(f"alter table `{table}` add index `{name}` ({parts})")


def ensure_eligibility_checks():
	"""The eligibility checks of the domain brief, once; KPU changes them in the settings after that."""
	settings = frappe.get_single("KPU Etik Settings")
	if settings.eligibility_checks:
		return
	for check in DEFAULT_ELIGIBILITY:
		settings.append(
			"eligibility_checks",
			{
				"check": check.check,
				"enabled": int(check.enabled),
				"effect": check.effect,
				"years": check.years,
				"body_types": ", ".join(check.body_types),
				"verified": int(check.verified),
				"source": ELIGIBILITY_SOURCE,
			},
		)
	settings.flags.ignore_permissions = True
	settings.save()


# (name, kind, degree, is_spouse): the regulation sets no degree, so this is a starting list KPU
# extends; one KPU office applied spouse, parents, children and siblings, civil society asked for
# in-laws too.
DEFAULT_RELATIONSHIPS = (
	("Suami/Istri", "Marriage", 1, 1),
	("Ayah/Ibu Kandung", "Blood", 1, 0),
	("Anak Kandung", "Blood", 1, 0),
	("Saudara Kandung", "Blood", 2, 0),
	("Kakek/Nenek", "Blood", 2, 0),
	("Cucu", "Blood", 2, 0),
	("Paman/Bibi", "Blood", 3, 0),
	("Keponakan", "Blood", 3, 0),
	("Sepupu", "Blood", 4, 0),
	("Ayah/Ibu Mertua", "Marriage", 1, 0),
	("Menantu", "Marriage", 1, 0),
	("Ipar", "Marriage", 2, 0),
)


def ensure_relationships():
	for name, kind, degree, is_spouse in DEFAULT_RELATIONSHIPS:
		if not frappe.db.exists("Kinship Relationship", name):
			frappe.get_doc(
				{
					"doctype": "Kinship Relationship",
					"relationship_name": name,
					"kind": kind,
					"degree": degree,
					"is_spouse": is_spouse,
				}
			).insert(ignore_permissions=True)


def ensure_sanction_types():
	from kpu_etik.core.sanctions import DEFAULT_LADDER

	effects = {"none": "Warning", "suspension": "Suspension", "dismissal": "Dismissal"}
	for step in DEFAULT_LADDER:
		if not frappe.db.exists("Sanction Type", step.name):
			frappe.get_doc(
				{
					"doctype": "Sanction Type",
					"sanction_type_name": step.name,
					"rank": step.rank,
					"effect": effects[step.effect],
					"requires_guidance": int(step.effect == "none"),
				}
			).insert(ignore_permissions=True)


WORKFLOW_STATE_STYLES = {
	"Draft": "",
	"Submitted": "Primary",
	"Returned": "Warning",
	"Verified": "Info",
	"Announced": "Success",
	"Received": "Primary",
	"Administrative Verification": "Info",
	"Rejected": "Danger",
	"Clarification": "Info",
	"Examination": "Warning",
	"Plenary": "Warning",
	"Closed - Proven": "Danger",
	"Closed - Not Proven": "Success",
	"Forwarded": "Inverse",
	"Set Aside": "Inverse",
	"Approved in Plenary": "Info",
	"In Force": "Danger",
	"Ended": "",
	"Cancelled": "Inverse",
}


def ensure_workflows():
	"""Workflows are not synced from module folders by Frappe: load ours from workflow/*/*.json."""
	for state, style in WORKFLOW_STATE_STYLES.items():
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
			).insert(ignore_permissions=True)
	for path in sorted(Path(__file__).parent.glob("*/workflow/*/*.json")):
		definition = json.loads(path.read_text(encoding="utf-8"))
		for transition in definition["transitions"]:
			if not frappe.db.exists("Workflow Action Master", transition["action"]):
				frappe.get_doc(
					{"doctype": "Workflow Action Master", "workflow_action_name": transition["action"]}
				).insert(ignore_permissions=True)
		if frappe.db.exists("Workflow", definition["name"]):
			workflow = frappe.get_doc("Workflow", definition["name"])
			workflow.set("states", [])
			workflow.set("transitions", [])
			workflow.update(definition)
			workflow.save(ignore_permissions=True)
		else:
			frappe.get_doc(definition).insert(ignore_permissions=True)


def before_uninstall():
	"""Roles are not tables: remove them (and their assignments) ourselves."""
	for path in Path(__file__).parent.glob("*/workflow/*/*.json"):
		name = json.loads(path.read_text(encoding="utf-8"))["name"]
		if frappe.db.exists("Workflow", name):
			frappe.delete_doc("Workflow", name, ignore_permissions=True, force=True)
	for block in CUSTOM_BLOCKS:
		if frappe.db.exists("Custom HTML Block", block):
			frappe.delete_doc("Custom HTML Block", block, ignore_permissions=True, force=True)
	for role_name in ROLES:
		frappe.db.delete("Has Role", {"role": role_name})
		frappe.db.delete("Custom DocPerm", {"role": role_name})
		if frappe.db.exists("Role", role_name):
			frappe.delete_doc("Role", role_name, ignore_permissions=True, force=True)
	frappe.cache.delete_value("kpu_etik:user_regions")
	for doctype, index in RETENTION_INDEXES:
		if frappe.db.has_index(f"tab{doctype}", index):
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{index}`")


def complete_site_setup(language: str = "id"):
	"""Skip Frappe's setup wizard for a KPU site: Indonesian, Indonesia, Western Indonesia Time."""
	settings = frappe.get_single("System Settings")
	settings.update(
		{
			"language": language,
			"country": "Indonesia",
			"time_zone": settings.time_zone or "Asia/Jakarta",
			"date_format": "dd-mm-yyyy",
			"setup_complete": 1,
			# No Python traceback in any error response (guests and members included); the Error Log
			# keeps them for the administrator. Frappe's development server (bench start) still shows
			# them, for developers.
			"allow_error_traceback": 0,
		}
	)
	settings.flags.ignore_permissions = True
	settings.save()
	frappe.db.commit()
