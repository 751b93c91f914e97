frappe.ui.form.on("Region", {
	refresh(frm) {
		frm.set_df_property("code", "read_only", !frm.is_new());
	},
});
