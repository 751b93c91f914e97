frappe.treeview_settings["Region"] = {
	breadcrumb: "KPU Etik",
	title: __("Regions"),
	get_tree_nodes: "frappe.desk.treeview.get_children",
	fields: [
		{ fieldtype: "Data", fieldname: "code", label: __("Code"), reqd: true },
		{ fieldtype: "Data", fieldname: "region_name", label: __("Region Name"), reqd: true },
	],
	ignore_fields: ["parent_region", "level"],
};
