// Sanction and Rehabilitation: render the decision letter to PDF, stamp every page, and sign it with
// the office's certified electronic signature (TTE) when the office has a signing key: the signer
// types their own PIN or passphrase here, for this letter only (it is never stored).
function issue_letter(frm, secret, otp) {
	return frappe
		.call({
			method: "kpu_etik.sanctions.sanctioning.issue_letter",
			args: { doctype: frm.doctype, name: frm.doc.name, secret: secret || null, otp: otp || null },
			freeze: true,
			freeze_message: secret ? __("Signing the letter...") : __("Issuing the letter..."),
		})
		.then((r) => {
			frm.reload_doc();
			if (r.message && r.message.signed_by) {
				frappe.show_alert({ message: __("Signed by {0}", [r.message.signed_by]), indicator: "green" });
			}
		});
}

function ask_and_issue(frm) {
	frappe
		.call({
			method: "kpu_etik.api.signing.letter_signing",
			args: { doctype: frm.doctype, name: frm.doc.name },
		})
		.then(({ message: signing }) => {
			if (!signing || !signing.signed) return issue_letter(frm);
			const fields = [
				{
					fieldtype: "HTML",
					options: `<p>${frappe.utils.escape_html(
						signing.holder
							? __("The letter is signed with the certificate of {0} ({1}).", [signing.holder, signing.method_label])
							: __("The letter is signed with the office's key: {0}.", [signing.method_label])
					)}</p>`,
				},
				{
					fieldname: "secret",
					fieldtype: "Password",
					label: __("PIN or Passphrase"),
					reqd: 1,
					description: __("Used for this signature only; never stored."),
				},
			];
			if (signing.asks_otp) {
				fields.push({ fieldname: "otp", fieldtype: "Data", label: __("One-Time Password") });
			}
			const dialog = new frappe.ui.Dialog({
				title: __("Sign and Issue the Letter"),
				fields,
				primary_action_label: __("Sign and Issue"),
				primary_action(values) {
					dialog.hide();
					issue_letter(frm, values.secret, values.otp);
				},
			});
			dialog.show();
			// a password manager must not fill a signing PIN
			dialog.$wrapper.find("input[data-fieldname=secret]").attr("autocomplete", "off");
		});
}

for (const doctype of ["Sanction", "Rehabilitation"]) {
	frappe.ui.form.on(doctype, {
		refresh(frm) {
			if (!frm.is_new() && frm.doc.letter_number) {
				frm.add_custom_button(__("Issue Stamped Letter"), () => ask_and_issue(frm));
			}
		},
	});
}
