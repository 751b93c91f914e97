frappe.ui.form.on("Coordination Meeting", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.recurrence_rule && frm.doc.repeat_until) {
			frm.add_custom_button(__("Create the Series"), () =>
				frappe
					.call("kpu_etik.supervision.meetings.generate_series", { meeting: frm.doc.name })
					.then((r) => frappe.msgprint(__("{0} meetings created.", [r.message.length])))
			);
		}
	},
});
