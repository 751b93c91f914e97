// Desk action: open portal accounts for every member of a PPK or PPS in one go.
frappe.ui.form.on("Ad Hoc Body", {
	refresh(frm) {
		if (frm.is_new() || !["PPK", "PPS"].includes(frm.doc.body_type) || frm.doc.status === "Dissolved") return;
		frm.add_custom_button(__("Invite Members to the Portal"), () => {
			frappe.confirm(
				__("Open a portal account for every active member of {0} who has an email, and send each a welcome email?", [frm.doc.body_name]),
				() =>
					frappe
						.call({ method: "kpu_etik.portal.invite_body_members", args: { body: frm.doc.name }, freeze: true })
						.then(({ message }) => {
							const lines = [
								__("Invited: {0}", [message.invited.join(", ") || "-"]),
								__("Already on the portal: {0}", [message.already.join(", ") || "-"]),
								__("Not invited: {0}", [message.skipped.map((s) => `${s.name} (${s.reason})`).join(", ") || "-"]),
							];
							frappe.msgprint(lines.join("<br>"), __("Portal Accounts"));
						})
			);
		});
	},
});
