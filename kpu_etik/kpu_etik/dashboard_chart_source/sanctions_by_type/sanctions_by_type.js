// The Desk's config of the dashboard chart source "Sanctions by Type" (loaded by the chart widget).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Sanctions by Type"] = {
	method: "kpu_etik.kpu_etik.dashboard_chart_source.sanctions_by_type.sanctions_by_type.get",
	filters: [
		{ fieldname: "region", label: __("Region"), fieldtype: "Link", options: "Region" },
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date" },
	],
};
