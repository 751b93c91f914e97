frappe.ui.form.on("Official", {
	setup(frm) {
		frm.set_query("ad_hoc_body", () => {
			const body_type = ["PPK", "PPS", "KPPS"].includes(frm.doc.level) ? frm.doc.level : null;
			return { filters: body_type ? { body_type } : { body_type: ["in", ["PPK", "PPS"]] } };
		});
		frm.set_query("office_region", () => {
			const level = { "KPU Provinsi": "Provinsi", "KPU Kabupaten/Kota": "Kabupaten/Kota" }[frm.doc.level];
			return level ? { filters: { level } } : {};
		});
	},
	refresh(frm) {
		// Reading a NIK in full is written to the Identity Access Log.
		if (!frm.is_new() && frm.perm[1] && frm.perm[1].read) {
			frm.set_intro(__("Opening this record with the NIK is recorded in the Identity Access Log."), "orange");
		}
	},
});
