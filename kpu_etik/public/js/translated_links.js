// Values of a translated doctype (Workflow State among them) in the user's language on read-only
// fields too. Frappe v15 translates them in lists, indicators and editable link fields, but a
// read-only Link (a document's stage, "Closed - Proven") is drawn by formatters.Link as stored;
// that formatter applies frappe.form.link_formatters first, which is Frappe's own extension point.
// Re-check on an upgrade: that formatters.Link still calls link_formatters for a read-only field.
(frappe.boot.translated_doctypes || []).forEach((doctype) => {
	if (!frappe.form.link_formatters[doctype]) {
		frappe.form.link_formatters[doctype] = (value) => (value ? __(value) : value);
	}
});
