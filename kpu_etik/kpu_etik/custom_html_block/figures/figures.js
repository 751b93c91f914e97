// The level workspaces' figures: complaints by stage, in the order of the process, and sanctions by
// type, in the order of the ladder (the dashboard chart sources, counted within the user's regions).
// A table with the whole name of each stage: frappe-charts cuts an x-axis label to about nine letters
// on a 1280 px page ("Verif ..."), and its legends to eighteen. Runs in a custom block (`root_element`).
(function () {
	const box = root_element.querySelector(".kpu-figures");
	const esc = frappe.utils.escape_html;
	const FIGURES = [
		{
			title: __("Complaints by Stage"),
			method: "kpu_etik.kpu_etik.dashboard_chart_source.complaints_by_stage.complaints_by_stage.get",
			key: "complaints",
			doctype: "Complaint",
		},
		{
			title: __("Sanctions by Type"),
			method: "kpu_etik.kpu_etik.dashboard_chart_source.sanctions_by_type.sanctions_by_type.get",
			key: "sanctions",
			doctype: "Sanction",
		},
	];
	box.innerHTML = `<div class="kpu-figures-loading">${esc(__("Loading…"))}</div>`;

	function table(figure, data) {
		const values = data.datasets[0].values;
		const most = Math.max(1, ...values);
		const rows = data.labels
			.map((label, i) => {
				const width = Math.round((values[i] / most) * 100);
				return `<tr><th scope="row">${esc(label)}</th>
					<td class="bar" aria-hidden="true"><span class="${values[i] ? "" : "zero"}" style="width: ${width}%"></span></td>
					<td class="count">${values[i]}</td></tr>`;
			})
			.join("");
		return `<section class="kpu-figure" data-figure="${figure.key}"><table>
			<caption>${esc(figure.title)}</caption><tbody>${rows}</tbody></table></section>`;
	}

	// Only the figures of what the user may read (an operator reads no sanctions).
	const shown = FIGURES.filter((figure) => frappe.model.can_read(figure.doctype));
	if (!shown.length) {
		box.innerHTML = "";
		box.dataset.loaded = "1";
		return;
	}
	Promise.all(shown.map((figure) => frappe.xcall(figure.method, { filters: {} })))
		.then((results) => {
			box.innerHTML = shown.map((figure, i) => table(figure, results[i])).join("");
			box.dataset.loaded = "1";
		})
		.catch(() => {
			box.innerHTML = `<p class="kpu-figures-loading">${esc(
				__("The figures could not be loaded. Reload the page.")
			)}</p>`;
			box.dataset.loaded = "error";
		});
})();
