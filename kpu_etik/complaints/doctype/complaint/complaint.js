frappe.ui.form.on("Complaint", {
	refresh(frm) {
		if (frm.is_new()) return;
		// Reading the complainant's identity is written to the Identity Access Log.
		if (frm.perm[2] && frm.perm[2].read) {
			frm.set_intro(__("Opening this complaint with the complainant's identity is recorded in the Identity Access Log."), "orange");
		}
		// Lateness is decided on the server (Complaint.onload), by the rule of the home's late lists;
		// shown last, so the box is red when the intro above is shown too.
		const late = (frm.doc.__onload || {}).days_late;
		if (late > 0) {
			frm.dashboard.set_headline_alert(
				`<span class="kpu-late" data-days-late="${cint(late)}">${frappe.utils.escape_html(
					__("Late: the deadline of the stage {0} was {1} ({2} days ago).", [
						__(frm.doc.workflow_state),
						frappe.datetime.str_to_user(frm.doc.stage_deadline),
						cint(late),
					])
				)}</span>`,
				"red"
			);
		}
		frm.add_custom_button(__("Check Case File"), () =>
			frappe
				.call("kpu_etik.complaints.handling.verify_case_log", { complaint: frm.doc.name })
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
							`/api/method/kpu_etik.complaints.handling.download_evidence?complaint=${encodeURIComponent(
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

frappe.ui.form.on("Complaint", {
	refresh(frm) {
		const respondents = (frm.doc.respondents || []).filter((row) => row.official);
		if (frm.doc.workflow_state === "Closed - Proven") {
			frm.add_custom_button(__("Create Sanction"), () => {
				frappe.prompt(
					{
						fieldname: "official",
						fieldtype: "Select",
						label: __("Official"),
						options: respondents.map((row) => row.official),
						reqd: 1,
					},
					({ official }) =>
						frappe
							.call("kpu_etik.sanctions.sanctioning.make_sanction", { complaint: frm.doc.name, official })
							.then((r) => frappe.new_doc("Sanction", r.message))
				);
			});
		}
		if (frm.doc.workflow_state === "Closed - Not Proven") {
			frm.add_custom_button(__("Create Rehabilitation"), () =>
				frappe.new_doc("Rehabilitation", {
					complaint: frm.doc.name,
					official: respondents.length ? respondents[0].official : null,
				})
			);
		}
	},
});
