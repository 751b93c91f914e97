frappe.ui.form.on("Ad Hoc Body", {
	setup(frm) {
		frm.set_query("region", () => {
			const level = { PPK: "Kecamatan", PPS: "Desa/Kelurahan" }[frm.doc.body_type];
			return level ? { filters: { level } } : {};
		});
		frm.set_query("parent_body", () => {
			const parent_type = { PPS: "PPK", KPPS: "PPS" }[frm.doc.body_type];
			return { filters: { body_type: parent_type || "" } };
		});
	},
	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("Members"), () =>
				frappe.set_route("List", "Official", { ad_hoc_body: frm.doc.name })
			);
		}
	},
});
