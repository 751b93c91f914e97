// The home workspace's action lists (kpu_etik.api.desk.todays_work): what needs action today, late
// first. Runs inside Frappe's custom block (a shadow root: `root_element`).
(function () {
	const box = root_element.querySelector(".kpu-today");
	const esc = frappe.utils.escape_html;
	const URGENCY = { late: __("Late"), today: __("Today"), soon: __("This week"), waiting: "" };
	box.innerHTML = `<div class="kpu-today-loading">${esc(__("Loading today's work…"))}</div>`;

	function item(row) {
		const slug = frappe.router.slug(row.doctype);
		const due = row.due ? `<span class="due">${esc(row.due)}</span>` : "";
		const badge = URGENCY[row.urgency]
			? `<span class="badge ${row.urgency}">${esc(URGENCY[row.urgency])}</span>`
			: "";
		return `<li class="${row.urgency}">
			<a href="/app/${slug}/${encodeURIComponent(row.name)}">${esc(row.title || row.name)}</a>
			<span class="detail">${esc(row.detail || "")}</span>${due}${badge}</li>`;
	}

	function section(list) {
		const late = list.late
			? `<span class="late-count">${esc(__("{0} late", [list.late]))}</span>`
			: "";
		const more =
			list.list_url && list.count
				? `<a class="open-all" href="${esc(list.list_url)}">${esc(
						__("Open all ({0})", [list.count])
				  )}</a>`
				: "";
		const body = list.count
			? `<ul>${list.items.map(item).join("")}</ul>`
			: `<p class="nothing">${esc(__("Nothing to do"))}</p>`;
		return `<section class="kpu-list ${list.count ? "" : "empty"}" data-list="${esc(list.key)}">
			<header><h4>${esc(list.title)} <span class="count">${list.count}</span></h4>${late}</header>
			<p class="action">${esc(list.action)}</p>${body}${more}</section>`;
	}

	frappe
		.call({ method: "kpu_etik.api.desk.todays_work", type: "GET" })
		.then((r) => {
			const data = r.message;
			box.innerHTML = `<h3>${esc(__("Today's work"))}</h3>
				<div class="kpu-lists">${data.lists.map(section).join("")}</div>`;
			box.dataset.loaded = "1";
		})
		.catch(() => {
			box.innerHTML = `<p class="nothing">${esc(
				__("Today's work could not be loaded. Reload the page.")
			)}</p>`;
			box.dataset.loaded = "error";
		});
})();
