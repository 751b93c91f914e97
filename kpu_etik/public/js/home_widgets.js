// The first workspace after signing in (each KPU user's home), drawn without needless waits.
// See docs/frappe-corrections.md; re-check both parts on a Frappe upgrade.

// 1. The home workspace's cards, charts and blocks come with the boot (kpu_etik/boot.py,
// preload_home_widgets): marking their docinfo lets frappe.model.with_doc use them without a
// request. Re-check: that with_doc still checks locals and frappe.model.docinfo only.
(frappe.boot.kpu_etik_preloaded || []).forEach(([doctype, name]) => {
	frappe.model.docinfo[doctype] = frappe.model.docinfo[doctype] || {};
	frappe.model.docinfo[doctype][name] = frappe.model.docinfo[doctype][name] || { preloaded: 1 };
});

// 2. Editor.js 2.26, which draws Frappe's workspaces, waits a fixed 500 ms after it is ready before
// drawing the first workspace's blocks (Core: setTimeout(render, 500)); later workspaces reuse the
// editor and draw at once. While the first editor starts, its one 500 ms timer runs at once.
// Re-check: the Editor.js version Frappe bundles, that its Core still makes that single timer, and
// that Workspace.initialize_editorjs still creates the editor as this.editor.
if (frappe.views && frappe.views.Workspace) {
	const initialize_editorjs = frappe.views.Workspace.prototype.initialize_editorjs;
	frappe.views.Workspace.prototype.initialize_editorjs = function (...args) {
		const set_timeout = window.setTimeout;
		const restore = () => {
			if (window.setTimeout !== set_timeout) window.setTimeout = set_timeout;
		};
		window.setTimeout = function (callback, delay, ...rest) {
			if (delay === 500) {
				restore();
				return set_timeout.call(window, callback, 0, ...rest);
			}
			return set_timeout.call(window, callback, delay, ...rest);
		};
		try {
			return initialize_editorjs.apply(this, args);
		} finally {
			// Whatever happens to the editor, the browser's own timer is back within a second.
			set_timeout.call(window, restore, 1000);
			this.editor && this.editor.isReady && this.editor.isReady.then(restore, restore);
		}
	};
}
