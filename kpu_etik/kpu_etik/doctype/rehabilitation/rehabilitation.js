frappe.ui.form.on("Rehabilitation", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.letter_number) {
			frm.add_custom_button(__("Issue Stamped Letter"), () =>
				frappe
					.call("kpu_etik.sanctions.issue_letter", { doctype: frm.doctype, name: frm.doc.name })
					.then(() => frm.reload_doc())
			);
		}
	},
});
