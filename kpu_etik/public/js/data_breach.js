// A breach: the records read through an account in a window, the notices, the closure.
frappe.ui.form.on("Data Breach", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.status === "Closed") return;
		const call = (method) =>
			frappe.call({ method: `kpu_etik.api.privacy.${method}`, args: { breach: frm.doc.name }, freeze: true })
				.then(() => frm.reload_doc());
		if (frm.doc.status === "Open") {
			frm.add_custom_button(__("Find Records in the Access Log"), () => call("find_breach_records"));
			frm.add_custom_button(__("Send the Notices"), () => call("send_breach_notices"));
		}
		if (frm.doc.status === "Notified") {
			frm.add_custom_button(__("Close the Breach"), () => call("close_breach"));
		}
	},
});
