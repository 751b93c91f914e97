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
});
