"""Measures of a page in the browser, for test_pages_audit.py: axe-core violations, bytes transferred
and time to usable on an emulated slow link, the widest element, visible keyboard focus and the
visible text (for the English detector in english.py).

How each is measured:

- axe-core (from the npm registry, major version pinned in AXE_PACKAGE; scripts/test.sh installs it
  into test-artifacts/axe, else axe_source() does) is injected with execute_script and run with the
  WCAG 2.0/2.1 A and AA tags; violations are counted by impact.
- The load: Chrome's own network emulation through the DevTools protocol (LINK: 1.6 Mbit/s down,
  150 ms latency), the browser cache disabled. Bytes are the sum of `encodedDataLength` of every
  response (headers included) in Chrome's performance log, from the navigation until the network
  has been quiet for QUIET seconds. Time to usable is the later of DOMContentLoaded's end and the
  first contentful paint, from the navigation's start (redirects included).
- Frappe's development server does not compress; production does (bench's nginx: gzip level 5 for
  HTML, CSS, JavaScript, JSON, SVG... from 256 bytes). GzipProxy puts that compression in front of
  the test server, so the figures are what a phone receives in production.
- Widest: `document.documentElement.scrollWidth` (or the layout viewport, when a page without
  width=device-width is laid out 980 px wide) against the screen; when wider, the element reaching
  furthest right that no scrolling or clipping box contains is named.
- Visible focus: Tab through the first FOCUS_STEPS controls (from the top of the page, transitions
  off); each must show, on itself, its ::before/::after or its parent (:focus-within rings), an
  outline or a box-shadow it has not unfocused, an underline or a thicker border, or a border,
  background or text colour at 3:1 contrast or more against its unfocused colour (WCAG 1.4.11's
  ratio). A faint shade, such as Frappe's grey input background, does not count.
"""

import gzip
import http.client
import json
import os
import subprocess
import threading
import time
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
AXE_PACKAGE = "axe-core@4"
AXE_DIR = Path(os.environ.get("KPU_AXE_DIR", REPO / "test-artifacts" / "axe"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = ("critical", "serious", "moderate", "minor")

# 1.6 Mbit/s = 200,000 bytes/s down; the DevTools protocol takes bytes per second and milliseconds.
LINK = {"offline": False, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 100_000}
NO_LINK_LIMIT = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
QUIET = 0.6
FOCUS_STEPS = 15

MAX_BYTES = 60 * 1024
MAX_MS = 2000
PHONE_WIDTH = 360

# Filled by the tests, printed and written by conftest's pytest_terminal_summary.
ROWS: list[dict] = []
DESK_ROWS: list[dict] = []


# --- axe-core --------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def axe_source() -> str:
	script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
	if not script.exists():
		subprocess.run(
			["npm", "install", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund", "--silent", AXE_PACKAGE],
			check=True,
			timeout=300,
		)
	return script.read_text(encoding="utf-8")


AXE_RUN = """
const [tags, done] = arguments;
axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
	.then((r) => done({violations: r.violations.map((v) => ({
		id: v.id, impact: v.impact, nodes: v.nodes.length,
		target: v.nodes.length ? v.nodes[0].target.join(' ') : ''}))}))
	.catch((e) => done({error: String(e)}));
"""


def run_axe(driver) -> dict:
	"""{"counts": {impact: violations}, "violations": [{id, impact, nodes, target}]}"""
	if not driver.execute_script("return !!window.axe"):
		driver.execute_script(axe_source())
	driver.set_script_timeout(60)
	result = driver.execute_async_script(AXE_RUN, AXE_TAGS)
	if "error" in result:
		raise RuntimeError(f"axe-core failed: {result['error']}")
	counts = dict.fromkeys(IMPACTS, 0)
	for violation in result["violations"]:
		counts[violation["impact"] or "minor"] += 1
	return {"counts": counts, "violations": result["violations"]}


def describe_violations(violations, impacts=("critical", "serious")) -> str:
	return "; ".join(
		f"{v['impact']} {v['id']} ({v['nodes']}x, first: {v['target']})"
		for v in violations
		if v["impact"] in impacts
	)


# --- the load on the emulated link -----------------------------------------------------------------
TIMING = """
const nav = performance.getEntriesByType('navigation')[0];
const fcp = performance.getEntriesByName('first-contentful-paint')[0];
return {dcl: nav ? nav.domContentLoadedEventEnd : null, load: nav ? nav.loadEventEnd : null,
	fcp: fcp ? fcp.startTime : null, url: location.href};
"""


def measure_load(driver, url: str, limit: float = 60) -> dict:
	"""Open url on the emulated link with an empty cache: bytes, requests, ms to usable."""
	driver.execute_cdp_cmd("Network.enable", {})
	driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
	driver.execute_cdp_cmd("Network.emulateNetworkConditions", LINK)
	driver.get_log("performance")  # drop what came before
	try:
		driver.get(url)
		responses = settle(driver, limit)
	finally:
		driver.execute_cdp_cmd("Network.emulateNetworkConditions", NO_LINK_LIMIT)
	timing = driver.execute_script(TIMING)
	usable = max(timing["dcl"] or 0, timing["fcp"] or 0)
	heaviest = sorted(responses.values(), key=lambda r: -r["bytes"])[:3]
	return {
		"bytes": sum(r["bytes"] for r in responses.values()),
		"requests": len(responses),
		"ms": round(usable),
		"load_ms": round(timing["load"] or 0),
		"heaviest": [(r["url"], r["bytes"]) for r in heaviest],
		"url": timing["url"],
	}


def settle(driver, limit: float) -> dict:
	"""Read the performance log until no request is open and none started for QUIET seconds.
	{request id: {"url", "bytes"}} of every network response (data: URLs left out)."""
	responses, open_requests = {}, set()
	deadline, last_event = time.monotonic() + limit, time.monotonic()
	while time.monotonic() < deadline:
		entries = driver.get_log("performance")
		for entry in entries:
			message = json.loads(entry["message"])["message"]
			method, params = message["method"], message.get("params", {})
			if method == "Network.requestWillBeSent":
				if params["request"]["url"].startswith("data:"):
					continue
				redirect = params.get("redirectResponse")
				if redirect:  # the redirect's own response, under the same request id
					key = f"{params['requestId']}:{redirect['url']}"
					responses[key] = {"url": redirect["url"], "bytes": redirect.get("encodedDataLength", 0)}
				open_requests.add(params["requestId"])
				responses.setdefault(params["requestId"], {"url": params["request"]["url"], "bytes": 0})
				responses[params["requestId"]]["url"] = params["request"]["url"]
			elif method in ("Network.loadingFinished", "Network.loadingFailed"):
				if params["requestId"] in open_requests:
					open_requests.discard(params["requestId"])
					responses[params["requestId"]]["bytes"] = int(params.get("encodedDataLength", 0))
		if entries:
			last_event = time.monotonic()
		elif not open_requests and time.monotonic() - last_event >= QUIET:
			break
		time.sleep(0.1)
	return responses


class _ProxyHandler(BaseHTTPRequestHandler):
	protocol_version = "HTTP/1.1"
	HOP_BY_HOP = frozenset(
		("connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade")
	)
	# bench's nginx template: gzip_types, plus text/html (always) and text/javascript (the same files).
	COMPRESSED = (
		"text/html",
		"text/css",
		"text/plain",
		"text/javascript",
		"text/x-component",
		"application/javascript",
		"application/json",
		"application/xml",
		"application/xhtml+xml",
		"application/atom+xml",
		"application/rss+xml",
		"application/x-web-app-manifest+json",
		"application/vnd.ms-fontobject",
		"application/x-font-ttf",
		"application/font-woff",
		"font/opentype",
		"image/svg+xml",
		"image/x-icon",
	)

	def log_message(self, *args):
		pass

	def forward(self):
		length = int(self.headers.get("Content-Length") or 0)
		body = self.rfile.read(length) if length else None
		headers = {k: v for k, v in self.headers.items() if k.lower() not in self.HOP_BY_HOP}
		headers["Accept-Encoding"] = "identity"
		upstream = http.client.HTTPConnection(*self.server.upstream, timeout=120)
		try:
			upstream.request(self.command, self.path, body=body, headers=headers)
			response = upstream.getresponse()
			data = response.read()
		finally:
			upstream.close()
		kind = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
		compress = (
			"gzip" in (self.headers.get("Accept-Encoding") or "")
			and not response.getheader("Content-Encoding")
			and kind in self.COMPRESSED
			and len(data) >= 256
			and self.command != "HEAD"
		)
		if compress:
			data = gzip.compress(data, compresslevel=5, mtime=0)
		self.send_response_only(response.status, response.reason)
		for name, value in response.getheaders():
			if name.lower() not in self.HOP_BY_HOP and name.lower() != "content-length":
				self.send_header(name, value)
		if compress:
			self.send_header("Content-Encoding", "gzip")
			self.send_header("Vary", "Accept-Encoding")
		no_body = self.command == "HEAD" or response.status in (204, 304) or 100 <= response.status < 200
		if not no_body:
			self.send_header("Content-Length", str(len(data)))
		self.end_headers()
		if not no_body:
			self.wfile.write(data)

	do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = forward


class GzipProxy:
	"""Production's gzip in front of Frappe's development server: `with GzipProxy(url) as proxied:`."""

	def __init__(self, upstream_url: str):
		parts = urlsplit(upstream_url)
		self.server = ThreadingHTTPServer(("127.0.0.1", 0), _ProxyHandler)
		self.server.daemon_threads = True
		self.server.upstream = (parts.hostname, parts.port or 80)
		self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

	def __enter__(self) -> str:
		threading.Thread(target=self.server.serve_forever, daemon=True).start()
		return self.url

	def __exit__(self, *exc):
		self.server.shutdown()
		self.server.server_close()


# --- layout, focus and text ------------------------------------------------------------------------
DESCRIBE = """
function describe(el) {
	const parts = [];
	for (let node = el; node && node.nodeType === 1 && parts.length < 3; node = node.parentElement) {
		let part = node.tagName.toLowerCase();
		if (node.id) { parts.unshift(part + '#' + node.id); break; }
		const name = node.getAttribute('name');
		const classes = [...node.classList].slice(0, 2);
		if (name) part += `[name="${name}"]`;
		else if (classes.length) part += '.' + classes.join('.');
		parts.unshift(part);
	}
	return parts.join(' > ');
}
"""

WIDEST = (
	DESCRIBE
	+ """
const viewport = window.innerWidth, page = document.documentElement.scrollWidth;
// A phone lays out a page without width=device-width 980 px wide: measure against the screen.
const limit = Math.min(viewport, screen.width);
let widest = null, right = limit + 1;
if (page > limit + 1) {
	for (const el of document.body.querySelectorAll('*')) {
		const box = el.getBoundingClientRect();
		if (!box.width || box.right + window.scrollX <= right) continue;
		let contained = false;  // inside a box that scrolls or clips it: not the page's overflow
		for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
			if (getComputedStyle(up).overflowX !== 'visible') { contained = true; break; }
		}
		if (!contained && getComputedStyle(el).position !== 'fixed') {
			widest = el; right = box.right + window.scrollX;
		}
	}
}
let name = widest ? describe(widest) : '';
const meta = document.querySelector('meta[name=viewport]');
if (!meta || !/width\\s*=\\s*device-width/.test(meta.content)) name = 'no width=device-width' + (name ? '; ' + name : '');
return {page: Math.max(page, viewport), viewport: viewport, widest: name, right: Math.round(right)};
"""
)


def widest(driver) -> dict:
	"""{"page": scrollWidth, "viewport": innerWidth, "widest": selector when wider, "right": px}"""
	return driver.execute_script(WIDEST)


FOCUS_LOOK = (
	DESCRIBE
	+ """
const [step, last] = arguments;
const PROPS = ['outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow', 'borderTopColor',
	'borderBottomColor', 'borderBottomWidth', 'backgroundColor', 'color', 'textDecorationLine'];
function look(el) {
	const out = {'': getComputedStyle(el), '::before': getComputedStyle(el, '::before'),
		'::after': getComputedStyle(el, '::after')};
	if (el.parentElement) out['parent'] = getComputedStyle(el.parentElement);
	for (const where in out) out[where] = Object.fromEntries(PROPS.map((p) => [p, out[where][p]]));
	return out;
}
function rgb(colour) {  // [r, g, b] composited over white
	const [r, g, b, a = 1] = (colour.match(/[\\d.]+/g) || [255, 255, 255]).map(Number);
	return [r, g, b].map((c) => c * a + 255 * (1 - a));
}
function contrast(one, two) {
	const lum = (c) => {
		const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
		return 0.2126 * r + 0.7152 * g + 0.0722 * b;
	};
	const [a, b] = [lum(one), lum(two)].sort((x, y) => y - x);
	return (a + 0.05) / (b + 0.05);
}
function changes(focused, unfocused) {
	const seen = [];
	for (const where in focused) {
		const f = focused[where], u = unfocused[where], name = (p) => (where ? where + ' ' : '') + p;
		const outline = (s) => s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && rgb(s.outlineColor) + '' !== '255,255,255';
		if (outline(f) && (!outline(u) || f.outlineColor !== u.outlineColor || f.outlineWidth !== u.outlineWidth))
			seen.push(name('outline'));
		if (f.boxShadow !== 'none' && f.boxShadow !== u.boxShadow) seen.push(name('box-shadow'));
		if (f.textDecorationLine.includes('underline') && !u.textDecorationLine.includes('underline'))
			seen.push(name('underline'));
		if (parseFloat(f.borderBottomWidth) >= parseFloat(u.borderBottomWidth) + 1) seen.push(name('thicker border'));
		// A colour change counts from 3:1 against the unfocused colour (WCAG 1.4.11's ratio).
		for (const p of ['borderTopColor', 'borderBottomColor', 'backgroundColor', 'color'])
			if (contrast(f[p], u[p]) >= 3) seen.push(name(p));
	}
	return seen;
}
if (step === 0) {
	const style = document.createElement('style');
	style.id = 'kpu-audit-no-transitions';
	style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
	document.head.appendChild(style);
	window.__kpuFocus = [];
}
let el = document.activeElement;
while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
const seen = window.__kpuFocus;
if (step === 0) {  // a control focused on load (autofocus) is checked too
	if (el && el !== document.body && el !== document.documentElement)
		seen.push({el: el, focused: look(el), name: describe(el)});
	return {done: false};
}
const previous = seen.length ? seen[seen.length - 1] : null;
// Tab moves within a date input's parts: the same control, still focused.
const same = previous && previous.el === el;
if (previous && !same) previous.unfocused = look(previous.el);
const done = !el || el === document.body || el === document.documentElement || (seen.length && seen[0].el === el);
if (!done && !same) seen.push({el: el, focused: look(el), name: describe(el)});
if (done || seen.length > last || step >= 3 * last) {
	document.getElementById('kpu-audit-no-transitions').remove();
	return {done: true, controls: seen.filter((c) => c.unfocused)
		.map((c) => ({name: c.name, changed: changes(c.focused, c.unfocused)}))};
}
return {done: false};
"""
)


def focus_check(driver, steps: int = FOCUS_STEPS) -> dict:
	"""Tab through the first controls from the top of the page. {"checked", "invisible": [names],
	"how": {name: changed properties}}."""
	from selenium.webdriver.common.action_chains import ActionChains
	from selenium.webdriver.common.keys import Keys

	driver.execute_script(FOCUS_LOOK, 0, steps)  # before the first Tab: nothing focused yet
	result = {"done": False}
	for step in range(1, 3 * steps + 1):  # a date input takes three Tabs
		ActionChains(driver).send_keys(Keys.TAB).perform()
		result = driver.execute_script(FOCUS_LOOK, step, steps)
		if result["done"]:
			break
	controls = result.get("controls", [])
	return {
		"checked": len(controls),
		"invisible": [c["name"] for c in controls if not c["changed"]],
		"how": {c["name"]: c["changed"] for c in controls},
	}


VISIBLE_TEXT = """
function shown(el) {
	if (!el.getClientRects().length) return false;
	const style = getComputedStyle(el);
	return style.visibility !== 'hidden' && style.opacity !== '0';
}
const parts = [document.title, document.body.innerText];
const roots = [document];
for (let i = 0; i < roots.length; i++) {
	for (const el of roots[i].querySelectorAll('*')) {
		if (el.shadowRoot) {
			roots.push(el.shadowRoot);
			for (const child of el.shadowRoot.children)
				if (!['STYLE', 'SCRIPT', 'TEMPLATE', 'LINK'].includes(child.tagName) && shown(child))
					parts.push(child.innerText);
		}
		if (!shown(el)) continue;
		for (const name of ['placeholder', 'title', 'aria-label', 'alt']) {
			const value = el.getAttribute(name);
			if (value) parts.push(value);
		}
		if (el.matches('input[type=submit], input[type=button], input[type=reset]')) parts.push(el.value);
	}
}
return parts.join('\\n');
"""


def visible_text(driver) -> str:
	"""What a user reads: the page title, the rendered text (shadow roots too), and the placeholder,
	title, aria-label and alt of shown elements and the labels of input buttons."""
	return driver.execute_script(VISIBLE_TEXT)


# --- the table -------------------------------------------------------------------------------------
COLUMNS = (
	"page",
	"critical",
	"serious",
	"moderate",
	"minor",
	"KB transferred",
	"ms to usable",
	"widest px",
	"focus",
	"English words found",
)


def table(rows: list[dict]) -> str:
	lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
	for row in rows:
		cells = [
			row["page"],
			*(str(row["axe"][impact]) for impact in IMPACTS),
			f"{row['bytes'] / 1024:.1f}",
			str(row["ms"]),
			str(row["widest"]) + (f" ({row['widest_element']})" if row["widest_element"] else ""),
			"ok"
			if not row["focus_invisible"]
			else f"{len(row['focus_invisible'])} of {row['focus_checked']} unseen",
			", ".join(row["english"][:8]) + (" …" if len(row["english"]) > 8 else "") or "-",
		]
		lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
	return "\n".join(lines)


def desk_table(rows: list[dict]) -> str:
	lines = ["| Desk page | English words found |", "|---|---|"]
	for row in rows:
		lines.append(f"| {row['page']} | {', '.join(row['english']) or '-'} |")
	return "\n".join(lines)


def targets() -> str:
	return (
		f"Targets at {PHONE_WIDTH} px: 0 critical, 0 serious, <= {MAX_BYTES // 1024} KB transferred"
		f" (gzip as in production), <= {MAX_MS} ms to usable on {LINK['downloadThroughput'] * 8 / 1e6:g}"
		f" Mbit/s with {LINK['latency']} ms latency, widest <= {PHONE_WIDTH} px, visible focus, no English."
	)
