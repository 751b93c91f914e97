frappe.query_reports["Kinship Declaration Coverage"] = {
	filters: [
		{
			fieldname: "round",
			label: __("Declaration Round"),
			fieldtype: "Link",
			options: "Kinship Declaration Round",
		},
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{ fieldname: "only_missing", label: __("Only Officials Not Declared"), fieldtype: "Check" },
	],
};
