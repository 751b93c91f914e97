frappe.query_reports["Officials by Region"] = {
	filters: [
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{
			fieldname: "level",
			label: __("Level"),
			fieldtype: "Select",
			options: "\nKPU RI\nKPU Provinsi\nKPU Kabupaten/Kota\nSekretariat\nPPK\nPPS\nKPPS",
		},
	],
};
