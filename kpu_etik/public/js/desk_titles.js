// A document's breadcrumb reads its title (a complaint's case number, an official's name), not its
// name: Frappe v15 titles links and lists by a doctype's `title_field` when `show_title_field_in_link`
// is set, but its form breadcrumb (Breadcrumbs.set_form_breadcrumb) always writes the name, with no
// setting. Only for doctypes that ask for titles in links. Re-check on a Frappe upgrade: that
// set_form_breadcrumb still appends the document's crumb last.
if (frappe.breadcrumbs && frappe.breadcrumbs.set_form_breadcrumb) {
	const set_form_breadcrumb = frappe.breadcrumbs.set_form_breadcrumb;
	frappe.breadcrumbs.set_form_breadcrumb = function (breadcrumbs, view) {
		set_form_breadcrumb.call(this, breadcrumbs, view);
		const meta = breadcrumbs.doctype && frappe.get_meta(breadcrumbs.doctype);
		const docname = frappe.get_route().slice(2).join("/");
		const doc = meta && meta.show_title_field_in_link && frappe.get_doc(breadcrumbs.doctype, docname);
		const title = doc && !doc.__islocal && meta.title_field && doc[meta.title_field];
		if (title) {
			const crumb = this.$breadcrumbs.find("li").last();
			(crumb.find("a").length ? crumb.find("a") : crumb).text(title);
		}
	};
}
