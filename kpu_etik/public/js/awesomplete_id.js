// The screen-reader status of Frappe's autocomplete (the search bar, link fields) in the user's
// language. Awesomplete 1.1.5, bundled in Frappe v15, writes it in English with no way to translate:
// "Begin typing for results." when created, then "No results found", "3 results found" and
// "<item>, list item 1 of 3". Its element factory (Awesomplete.$.create) and its prototype are the
// same objects Frappe's bundled copy uses, so wrapping them reaches every instance. Re-check on a
// Frappe upgrade: that the status is still created with role "status" and set in evaluate and goto.
(function (Awesomplete) {
	if (!Awesomplete || !Awesomplete.$ || !Awesomplete.$.create || Awesomplete.kpu_translated) return;
	Awesomplete.kpu_translated = true;

	const patterns = [
		[/^Begin typing for results\.$/, () => __("Begin typing for results.")],
		[
			/^Type (\d+) or more characters for results\.$/,
			(m) => __("Type {0} or more characters for results.", [m[1]]),
		],
		[/^No results found$/, () => __("No results found")],
		[/^(\d+) results found$/, (m) => __("{0} results found", [m[1]])],
		[/^([\s\S]*), list item (\d+) of (\d+)$/, (m) => __("{0}, list item {1} of {2}", [m[1], m[2], m[3]])],
	];
	function translated(text) {
		for (const [pattern, translate] of patterns) {
			const match = pattern.exec(text || "");
			if (match) return translate(match);
		}
		return text;
	}

	const create = Awesomplete.$.create;
	Awesomplete.$.create = function (tag, options) {
		if (options && options.role === "status" && options.textContent) {
			options = Object.assign({}, options, { textContent: translated(options.textContent) });
		}
		return create.call(this, tag, options);
	};

	for (const method of ["evaluate", "goto"]) {
		const original = Awesomplete.prototype[method];
		Awesomplete.prototype[method] = function () {
			const result = original.apply(this, arguments);
			if (this.status) this.status.textContent = translated(this.status.textContent);
			return result;
		};
	}
})(window.Awesomplete);
