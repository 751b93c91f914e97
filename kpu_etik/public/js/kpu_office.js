// KPU Office: the office's signing certificate (PKCS#12) goes to the server through this dialog and is
// kept encrypted there; it is never sent back (kpu_etik.api.signing.upload_signing_certificate).
frappe.ui.form.on("KPU Office", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[1] || !frm.perm[1].write) return;
		frm.add_custom_button(__("Upload Signing Certificate"), () => {
			const dialog = new frappe.ui.Dialog({
				title: __("Upload Signing Certificate"),
				fields: [
					{
						fieldtype: "HTML",
						options: `<p>${__(
							"A .p12 or .pfx file with the signer's key and certificate chain, e.g. from BSrE. The passphrase is checked now and not kept: the signer types it again for every letter."
						)}</p><input type="file" accept=".p12,.pfx,application/x-pkcs12" data-certificate-file aria-label="${__(
							"Certificate File"
						)}">`,
					},
					{ fieldname: "passphrase", fieldtype: "Password", label: __("Passphrase"), reqd: 1 },
				],
				primary_action_label: __("Upload"),
				primary_action(values) {
					const file = dialog.$wrapper.find("[data-certificate-file]")[0].files[0];
					if (!file) {
						frappe.msgprint(__("Choose the certificate file."));
						return;
					}
					const reader = new FileReader();
					reader.onload = () =>
						frappe
							.call({
								method: "kpu_etik.api.signing.upload_signing_certificate",
								args: { office: frm.doc.name, file: reader.result, passphrase: values.passphrase },
								freeze: true,
							})
							.then(({ message }) => {
								dialog.hide();
								frm.reload_doc();
								frappe.show_alert({
									message: __("Certificate of {0}, valid until {1}", [
										message.holder,
										frappe.datetime.str_to_user(message.valid_until),
									]),
									indicator: "green",
								});
							});
					reader.readAsDataURL(file);
				},
			});
			dialog.show();
		});
	},
});
