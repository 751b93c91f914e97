frappe.views.calendar["Coordination Meeting"] = {
	field_map: { start: "starts_on", end: "ends_on", id: "name", title: "topic", allDay: 0 },
	filters: [{ fieldtype: "Link", fieldname: "region", options: "Region", label: __("Organizing Office") }],
	get_events_method: "frappe.desk.calendar.get_events",
};
