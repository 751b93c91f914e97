// Desk action: open portal accounts for every member of a PPK or PPS in one go, after the officer
// has seen who will get an account and who cannot (kpu_etik.portal.preview_body_invitation).
frappe.ui.form.on("Ad Hoc Body", {
	refresh(frm) {
		if (frm.is_new() || !["PPK", "PPS"].includes(frm.doc.body_type) || frm.doc.status === "Dissolved") return;
		frm.add_custom_button(__("Invite Members to the Portal"), () => {
			frappe
				.call({
					method: "kpu_etik.portal.preview_body_invitation",
					type: "GET",
					args: { body: frm.doc.name },
				})
				.then(({ message }) => confirm_invitation(frm, message));
		});
	},
});

function invitation_group(title, names, css_class) {
	const esc = frappe.utils.escape_html;
	if (!names.length) return "";
	return `<div class="kpu-invite-group ${css_class}"><p><b>${esc(title)} (${names.length})</b></p>
		<ul>${names.map((name) => `<li>${esc(name)}</li>`).join("")}</ul></div>`;
}

function confirm_invitation(frm, plan) {
	const skipped = plan.skipped.map((row) => `${row.name}: ${row.reason}`);
	const body = [
		invitation_group(__("Will get a portal account and a welcome email"), plan.invite, "invite"),
		invitation_group(__("Cannot be invited"), skipped, "skipped"),
		invitation_group(__("Already on the portal"), plan.already, "already"),
	].join("");
	const dialog = new frappe.ui.Dialog({
		title: __("Invite Members of {0} to the Portal", [frm.doc.body_name]),
		fields: [{ fieldtype: "HTML", fieldname: "plan" }],
	});
	dialog.fields_dict.plan.$wrapper.html(
		body || `<p>${frappe.utils.escape_html(__("This body has no active members."))}</p>`
	);
	if (plan.invite.length) {
		dialog.set_primary_action(__("Invite {0} Members", [plan.invite.length]), () => {
			dialog.hide();
			frappe
				.call({ method: "kpu_etik.portal.invite_body_members", args: { body: frm.doc.name }, freeze: true })
				.then(({ message }) => {
					const lines = [
						__("Invited: {0}", [message.invited.join(", ") || "-"]),
						__("Already on the portal: {0}", [message.already.join(", ") || "-"]),
						__("Not invited: {0}", [message.skipped.map((s) => `${s.name} (${s.reason})`).join(", ") || "-"]),
					];
					frappe.msgprint(lines.join("<br>"), __("Portal Accounts"));
				});
		});
	}
	dialog.set_secondary_action_label(__("Close"));
	dialog.set_secondary_action(() => dialog.hide());
	dialog.show();
}
