// A person's request about their data: the file, the correction, the decision on an erasure.
frappe.ui.form.on("Data Subject Request", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.status !== "Open") return;
		const call = (method, done) =>
			frappe.call({ method: `kpu_etik.api.privacy.${method}`, args: { request: frm.doc.name }, freeze: true })
				.then((r) => { frm.reload_doc(); done && done(r.message); });
		if (frm.doc.request_type === "Access and Copy") {
			frm.add_custom_button(__("Produce the Person's Data File"), () =>
				call("produce_subject_file", (m) => frappe.show_alert({ message: __("{0} records found", [m.records_found]), indicator: "green" })));
		}
		if (frm.doc.request_type === "Correction") {
			frm.add_custom_button(__("Apply the Correction"), () =>
				call("apply_correction", (m) => frappe.show_alert({ message: __("{0} records corrected", [m.records_corrected]), indicator: "green" })));
		}
		if (["Erasure", "Restriction", "Objection"].includes(frm.doc.request_type)) {
			frm.add_custom_button(__("Decide the Request"), () =>
				frappe.confirm(__("The app checks the exceptions of the law; without one, the data is removed now. Continue?"), () =>
					call("decide_erasure")));
		}
	},
});
