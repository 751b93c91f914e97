frappe.ui.form.on("Kinship Declaration", {
	setup(frm) {
		frm.set_query("official", () => ({ filters: { status: "Active" } }));
		frm.set_query("round", () => ({ filters: { is_open: 1 } }));
	},
});
