// The home workspace's cards, charts and blocks come with the boot (kpu_etik/boot.py,
// preload_home_widgets): marking their docinfo lets frappe.model.with_doc use them without a request.
// Re-check on an upgrade: that with_doc still checks locals and frappe.model.docinfo only.
(frappe.boot.kpu_etik_preloaded || []).forEach(([doctype, name]) => {
	frappe.model.docinfo[doctype] = frappe.model.docinfo[doctype] || {};
	frappe.model.docinfo[doctype][name] = frappe.model.docinfo[doctype][name] || { preloaded: 1 };
});
