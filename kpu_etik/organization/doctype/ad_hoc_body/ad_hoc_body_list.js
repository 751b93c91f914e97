// A body whose period has ended reads "Term Ended" in the list and on the form, whatever its stored
// status (core.bodies.shown_status, the same rule; AdHocBody.onload sends the server's reading).
frappe.listview_settings["Ad Hoc Body"] = {
	add_fields: ["status", "period_end"],
	get_indicator(doc) {
		const ended = doc.__onload ? doc.__onload.term_ended : doc.period_end && doc.period_end < frappe.datetime.get_today();
		if (doc.status !== "Dissolved" && ended) {
			return [__("Term Ended"), "gray", `period_end,<,${frappe.datetime.get_today()}|status,!=,Dissolved`];
		}
		const colors = { Forming: "orange", Active: "green", Dissolved: "red" };
		return [__(doc.status), colors[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
