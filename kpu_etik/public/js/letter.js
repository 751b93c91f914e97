// Sanction and Rehabilitation: render the decision letter to PDF and stamp every page.
for (const doctype of ["Sanction", "Rehabilitation"]) {
	frappe.ui.form.on(doctype, {
		refresh(frm) {
			if (!frm.is_new() && frm.doc.letter_number) {
				frm.add_custom_button(__("Issue Stamped Letter"), () =>
					frappe
						.call("kpu_etik.sanctions.sanctioning.issue_letter", { doctype: frm.doctype, name: frm.doc.name })
						.then(() => frm.reload_doc())
				);
			}
		},
	});
}
