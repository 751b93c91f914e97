// Desk action: grant this user a KPU role over a region (and everything below it).
frappe.ui.form.on("User", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_create("Region Access")) return;
		frm.add_custom_button(__("Grant Role at Region"), () => {
			const dialog = new frappe.ui.Dialog({
				title: __("Grant Role at Region"),
				fields: [
					{
						fieldname: "role",
						fieldtype: "Select",
						label: __("Role"),
						reqd: 1,
						options: [
							"KPU RI User",
							"KPU Provinsi User",
							"KPU Kabkota Legal Officer",
							"KPU Kabkota Operator",
							"KPU Secretariat",
							"PPK Member",
							"PPS Member",
						],
					},
					{ fieldname: "region", fieldtype: "Link", options: "Region", label: __("Region"), reqd: 1 },
				],
				primary_action_label: __("Grant"),
				primary_action(values) {
					frappe
						.call("kpu_etik.organization.doctype.region_access.region_access.grant_region_role", {
							user: frm.doc.name,
							role: values.role,
							region: values.region,
						})
						.then(() => {
							dialog.hide();
							frappe.show_alert({ message: __("Access granted"), indicator: "green" });
							frm.reload_doc();
						});
				},
			});
			dialog.show();
		});
	},
});
