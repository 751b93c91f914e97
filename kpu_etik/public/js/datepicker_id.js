// Indonesian for Frappe's date picker (air-datepicker). Frappe's date control picks the locale named
// by the user's language from $.fn.datepicker.language and falls back to English when it has none;
// Frappe v15 ships no "id" locale, so this registers it (the same shape as air-datepicker's own).
(function ($) {
	if (!$ || !$.fn || !$.fn.datepicker || $.fn.datepicker.language.id) return;
	$.fn.datepicker.language.id = {
		days: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
		daysShort: ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
		daysMin: ["Mg", "Sn", "Sl", "Rb", "Km", "Jm", "Sb"],
		months: [
			"Januari",
			"Februari",
			"Maret",
			"April",
			"Mei",
			"Juni",
			"Juli",
			"Agustus",
			"September",
			"Oktober",
			"November",
			"Desember",
		],
		monthsShort: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
		today: "Hari ini",
		clear: "Kosongkan",
		dateFormat: "dd-mm-yyyy",
		timeFormat: "hh:ii",
		firstDay: 1,
	};
})(window.jQuery);
