frappe.ui.form.on("Supervision Visit", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.findings && !frm.doc.complaint) {
			frm.add_custom_button(__("Make Temuan Complaint"), () =>
				frappe.prompt(
					{ fieldname: "official", fieldtype: "Link", options: "Official", label: __("Official"), reqd: 1,
						get_query: () => ({ filters: { ad_hoc_body: frm.doc.visited_body } }) },
					({ official }) =>
						frappe
							.call("kpu_etik.supervision.meetings.make_temuan", { visit: frm.doc.name, official })
							.then((r) => frappe.set_route("Form", "Complaint", r.message))
				)
			);
		}
	},
});
