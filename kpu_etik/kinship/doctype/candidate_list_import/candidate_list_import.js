frappe.ui.form.on("Candidate List Import", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.import_file && frm.doc.status !== "Queued") {
			frm.add_custom_button(__("Import and Screen"), () =>
				frappe
					.call("kpu_etik.kinship.doctype.candidate_list_import.candidate_list_import.start_import", {
						name: frm.doc.name,
					})
					.then(() => frm.reload_doc())
			);
		}
	},
});
