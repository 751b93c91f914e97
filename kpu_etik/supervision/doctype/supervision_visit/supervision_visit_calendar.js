frappe.views.calendar["Supervision Visit"] = {
	field_map: { start: "planned_on", end: "planned_on", id: "name", title: "visited_body", allDay: 1 },
	filters: [{ fieldtype: "Link", fieldname: "region", options: "Region", label: __("Region") }],
	get_events_method: "frappe.desk.calendar.get_events",
};
