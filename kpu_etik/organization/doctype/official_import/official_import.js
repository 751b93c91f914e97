const OFFICIAL_IMPORT = "kpu_etik.organization.doctype.official_import.official_import";

frappe.ui.form.on("Official Import", {
	setup(frm) {
		frappe.realtime.on("official_import_progress", (data) => {
			if (data.name !== frm.doc.name) return;
			const percent = data.total ? Math.floor((100 * data.done) / data.total) : 0;
			frm.dashboard.show_progress(
				__("Rows"),
				percent,
				__("{0} of {1} rows: {2}", [data.done, data.total || "?", data.summary])
			);
			if (data.total && data.done >= data.total) {
				setTimeout(() => frm.reload_doc(), 1500);
			}
		});
	},
	import_kind(frm) {
		frm.trigger("refresh");
	},
	refresh(frm) {
		const template = (language) =>
			window.open(
				`/api/method/${OFFICIAL_IMPORT}.download_template?language=${language}&kind=` +
					encodeURIComponent(frm.doc.import_kind || "Roster")
			);
		frm.add_custom_button(__("Indonesian"), () => template("id"), __("Template"));
		frm.add_custom_button(__("English"), () => template("en"), __("Template"));
		const running = ["Queued", "Checking", "Importing"].includes(frm.doc.status);
		if (frm.is_new() || !frm.doc.import_file || running) return;
		const start = (dry_run) =>
			frappe
				.call(`${OFFICIAL_IMPORT}.start`, { name: frm.doc.name, dry_run })
				.then(() => frm.reload_doc());
		frm.add_custom_button(__("Check File"), () => start(1));
		frm.add_custom_button(__("Import"), () => start(0)).addClass("btn-primary");
	},
});
