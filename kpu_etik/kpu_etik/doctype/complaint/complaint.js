frappe.ui.form.on("Complaint", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Check Case File"), () =>
			frappe
				.call("kpu_etik.complaints.verify_case_log", { complaint: frm.doc.name })
				.then((r) =>
					frappe.msgprint({
						message: r.message.message,
						indicator: r.message.ok ? "green" : "red",
						title: __("Case File"),
					})
				)
		);
		if ((frm.doc.evidence || []).length) {
			frm.add_custom_button(__("Download Evidence"), () => {
				const dialog = new frappe.ui.Dialog({
					title: __("Download Evidence"),
					fields: [
						{
							fieldname: "row",
							fieldtype: "Select",
							label: __("File"),
							reqd: 1,
							options: frm.doc.evidence.map((row) => ({
								value: row.name,
								label: `${row.idx}. ${row.description || row.file.split("/").pop()}`,
							})),
						},
					],
					primary_action_label: __("Download"),
					primary_action({ row }) {
						// The server checks the file's SHA-256 before sending it.
						window.open(
							`/api/method/kpu_etik.complaints.download_evidence?complaint=${encodeURIComponent(
								frm.doc.name
							)}&row=${encodeURIComponent(row)}`
						);
						dialog.hide();
					},
				});
				dialog.show();
			});
		}
	},
});
