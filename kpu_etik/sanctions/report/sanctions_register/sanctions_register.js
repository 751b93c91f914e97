frappe.query_reports["Sanctions Register"] = {
	filters: [
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{ fieldname: "sanction_type", label: __("Sanction"), fieldtype: "Link", options: "Sanction Type" },
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date" },
	],
};
