// The Desk's config of the dashboard chart source "Complaints by Stage" (loaded by the chart widget).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Complaints by Stage"] = {
	method: "kpu_etik.kpu_etik.dashboard_chart_source.complaints_by_stage.complaints_by_stage.get",
	filters: [
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date" },
	],
};
