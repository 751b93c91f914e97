"""Collect the English strings kpu_etik shows to users, for the translation files (no Frappe needed).

``collect()`` maps every translatable source string to the places it comes from:

- DocType JSON: the doctype name and description, each field's label and description, and each
  line of a Select field's options; Report JSON: the report name; Workspace JSON: its label and
  title and the labels of its cards, links and shortcuts.
- Workflow JSON (``kpu_etik/<module>/workflow/*/*.json``): its states' ``state`` and its transitions'
  ``action``; Frappe shows both translated.
- The first argument of ``_()`` in Python and of ``__()`` in JavaScript, when it is a literal.
- Jinja templates (``kpu_etik/www/**/*.html`` and ``kpu_etik/templates/**/*.html``): the literal first
  argument of ``_()`` inside ``{{ }}`` and ``{% %}`` tags (comments and ``{% raw %}`` blocks are
  skipped), and of ``__()`` in inline ``<script>`` code.
- The message templates of the framework-free core (``kpu_etik/core``): the first argument of a
  call to an ``...Error`` / ``...Rejected`` class or ``RuleWarning``; the Frappe layer shows them as
  ``_(exc.template).format(*exc.args)``. Outside the core, literal templates passed to the core's own
  exception classes are collected too.
- The role names (``ROLES`` in ``kpu_etik/core/access.py``) and the module/workspace name.

Strings without a letter outside their ``{...}`` placeholders are left out. Sources are stripped
of surrounding whitespace, as Frappe's ``_()`` does before looking them up.
"""

import ast
import builtins
import csv
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "kpu_etik"
CORE = APP / "core"
TRANSLATIONS = APP / "translations"
FIXED_SOURCES = {"KPU Etik": "module and workspace name"}

# {{ and }} are literal braces in a format string, not placeholders.
_ESCAPED_BRACES = re.compile(r"\{\{|\}\}")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")

# __("..."), __('...') and `...` without ${...}; not foo__(...) or obj.__(...).
_JS_CALL = re.compile(
	r"""(?<![\w$.])__\(\s*(?:
		"(?P<double>(?:[^"\\\n]|\\.)*)"
		|'(?P<single>(?:[^'\\\n]|\\.)*)'
		|`(?P<backtick>(?:[^`\\$]|\\[\s\S]|\$(?!\{))*)`
	)""",
	re.VERBOSE,
)
_JS_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_JS_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_BUILTIN_NAMES = frozenset(dir(builtins))

# Jinja: comments and {% raw %} blocks are not rendered; a {{ }} or {% %} tag ends at the first
# closing delimiter outside a string literal.
_JINJA_SKIPPED = re.compile(r"\{#.*?#\}|\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_JINJA_STRING = r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'"""
_JINJA_TAG = re.compile(
	rf"""\{{\{{(?P<expression>(?:{_JINJA_STRING}|[^"'])*?)\}}\}}"""
	rf"""|\{{%(?P<statement>(?:{_JINJA_STRING}|[^"'])*?)%\}}""",
	re.DOTALL,
)
# _("...") or _('...') with a literal first argument; not foo_(...), obj._(...) or _(a + "b").
_JINJA_CALL = re.compile(
	r"""(?<![\w.])_\(\s*(?:"(?P<double>(?:[^"\\]|\\.)*)"|'(?P<single>(?:[^'\\]|\\.)*)')\s*[,)]"""
)
_HTML_SCRIPT = re.compile(r"<script\b[^>]*>(?P<code>.*?)</script\s*>", re.DOTALL | re.IGNORECASE)


def placeholders(text: str) -> Counter:
	"""The ``{...}`` placeholders of a message, format spec and conversion included, as a multiset."""
	return Counter(_PLACEHOLDER.findall(_ESCAPED_BRACES.sub("", text)))


def is_translatable(text: str) -> bool:
	"""False for strings that are only placeholders, numbers or punctuation."""
	return any(c.isalpha() for c in _PLACEHOLDER.sub("", _ESCAPED_BRACES.sub("", text)))


def relative(path: Path) -> str:
	return path.relative_to(ROOT).as_posix()


def doctype_strings():
	"""(source, where) for the DocType and Report JSON files."""
	for path in sorted(APP.glob("*/doctype/*/*.json")):
		meta = json.loads(path.read_text(encoding="utf-8"))
		if meta.get("doctype") != "DocType":
			continue
		where = relative(path)
		yield meta.get("name"), f"{where}: name"
		yield meta.get("description"), f"{where}: description"
		for field in meta.get("fields") or []:
			fieldname = field.get("fieldname")
			yield field.get("label"), f"{where}: {fieldname}.label"
			yield field.get("description"), f"{where}: {fieldname}.description"
			if field.get("fieldtype") == "Select" and isinstance(field.get("options"), str):
				for option in field["options"].split("\n"):
					yield option, f"{where}: {fieldname}.options"
	for path in sorted(APP.glob("*/report/*/*.json")):
		meta = json.loads(path.read_text(encoding="utf-8"))
		if meta.get("doctype") == "Report":
			yield meta.get("name"), f"{relative(path)}: name"


def workspace_strings():
	"""(source, where) for Workspace JSON: its label and title, card and link labels, shortcut labels."""
	for path in sorted(APP.glob("*/workspace/*/*.json")):
		meta = json.loads(path.read_text(encoding="utf-8"))
		if meta.get("doctype") != "Workspace":
			continue
		where = relative(path)
		yield meta.get("label"), f"{where}: label"
		yield meta.get("title"), f"{where}: title"
		for table in ("links", "shortcuts", "number_cards", "charts", "quick_lists", "custom_blocks"):
			for row in meta.get(table) or []:
				yield row.get("label"), f"{where}: {table}.label"


def workflow_strings():
	"""(source, where) for Workflow JSON: the name of each state and of each transition's action."""
	for path in sorted(APP.glob("*/workflow/*/*.json")):
		meta = json.loads(path.read_text(encoding="utf-8"))
		if meta.get("doctype") != "Workflow":
			continue
		where = relative(path)
		for row in meta.get("states") or []:
			yield row.get("state"), f"{where}: states.state"
		for row in meta.get("transitions") or []:
			yield row.get("action"), f"{where}: transitions.action"


def _callee_name(call: ast.Call) -> str | None:
	if isinstance(call.func, ast.Name):
		return call.func.id
	if isinstance(call.func, ast.Attribute):
		return call.func.attr
	return None


def _literal_first_arg(call: ast.Call) -> str | None:
	if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
		return call.args[0].value
	return None


def _parse(path: Path) -> ast.Module:
	return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_core_message_call(name: str) -> bool:
	"""A core exception class or RuleWarning; Python's own exceptions carry no user message."""
	if name == "RuleWarning":
		return True
	return name.endswith(("Error", "Rejected")) and name not in _BUILTIN_NAMES


def core_message_classes() -> set[str]:
	"""RuleError, RuleWarning and every class of the core derived from RuleError."""
	bases_of = {}
	for path in sorted(CORE.glob("*.py")):
		for node in ast.walk(_parse(path)):
			if isinstance(node, ast.ClassDef):
				bases_of[node.name] = {
					b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases
				}
	names = {"RuleError", "RuleWarning"}
	while True:
		more = {name for name, bases in bases_of.items() if bases & names} - names
		if not more:
			return names
		names |= more


def python_strings():
	"""(source, where): literals passed to _() anywhere, and core message templates."""
	core_classes = core_message_classes()
	for path in sorted(APP.rglob("*.py")):
		in_core = path.parent == CORE
		for node in ast.walk(_parse(path)):
			if not isinstance(node, ast.Call):
				continue
			name = _callee_name(node)
			text = _literal_first_arg(node)
			if name is None or text is None:
				continue
			if name == "_" or (_is_core_message_call(name) if in_core else name in core_classes):
				yield text, f"{relative(path)}:{node.lineno}"


def _js_unescape(body: str) -> str:
	def replace(match):
		escape = match.group(1)
		if escape.startswith("u{"):
			return chr(int(escape[2:-1], 16))
		if escape[0] in "ux" and len(escape) > 1:
			return chr(int(escape[1:], 16))
		if escape in ("\n", "\r\n", "\r", "\u2028", "\u2029"):
			return ""  # line continuation
		return _JS_SIMPLE_ESCAPES.get(escape, escape)

	return _JS_ESCAPE.sub(replace, body)


def javascript_strings():
	"""(source, where): literals passed to __() in the app's JavaScript."""
	for path in sorted(APP.rglob("*.js")):
		if "node_modules" in path.parts or path.name.endswith(".min.js"):
			continue
		text = path.read_text(encoding="utf-8")
		for match in _JS_CALL.finditer(text):
			body = next(group for group in match.group("double", "single", "backtick") if group is not None)
			line = text.count("\n", 0, match.start()) + 1
			yield _js_unescape(body), f"{relative(path)}:{line}"


def _blank_out(match: re.Match) -> str:
	"""The matched text with everything but its line breaks turned into spaces (keeps line numbers)."""
	return re.sub(r"[^\n]", " ", match.group())


def _jinja_unescape(body: str) -> str:
	"""A Jinja string literal's body as Jinja's lexer decodes it (Python's escapes)."""
	return body.encode("ascii", "backslashreplace").decode("unicode-escape")


def template_paths() -> list[Path]:
	paths = set(APP.glob("www/**/*.html")) | set(APP.glob("templates/**/*.html"))
	return sorted(paths)


def template_messages(source: str) -> list[tuple[str, int]]:
	"""(message, line) for each literal of _() in the Jinja tags and of __() in the <script> code of a template."""
	text = _JINJA_SKIPPED.sub(_blank_out, source)
	found = []
	for tag in _JINJA_TAG.finditer(text):
		group = "expression" if tag.group("expression") is not None else "statement"
		for call in _JINJA_CALL.finditer(tag.group(group)):
			literal = call.group("double") if call.group("double") is not None else call.group("single")
			found.append((tag.start(group) + call.start(), _jinja_unescape(literal)))
	for script in _HTML_SCRIPT.finditer(text):
		for call in _JS_CALL.finditer(script.group("code")):
			body = next(group for group in call.group("double", "single", "backtick") if group is not None)
			found.append((script.start("code") + call.start(), _js_unescape(body)))
	return [(message, text.count("\n", 0, offset) + 1) for offset, message in sorted(found)]


def template_strings():
	"""(source, where) for the Jinja templates of the portal pages and of templates/."""
	for path in template_paths():
		for message, line in template_messages(path.read_text(encoding="utf-8")):
			yield message, f"{relative(path)}:{line}"


def role_names() -> list[str]:
	"""The keys of ROLES in core/access.py, resolving module-level string constants."""
	path = CORE / "access.py"
	tree = _parse(path)
	constants = {}
	roles = None
	for node in tree.body:
		if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
			target, value = node.targets[0].id, node.value
		elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
			target, value = node.target.id, node.value
		else:
			continue
		if isinstance(value, ast.Constant) and isinstance(value.value, str):
			constants[target] = value.value
		elif target == "ROLES":
			roles = value
	if not isinstance(roles, ast.Dict):
		raise AssertionError(f"{relative(path)}: ROLES is not a dict literal")
	names = []
	for key in roles.keys:
		if isinstance(key, ast.Constant) and isinstance(key.value, str):
			names.append(key.value)
		elif isinstance(key, ast.Name) and key.id in constants:
			names.append(constants[key.id])
		else:
			raise AssertionError(f"{relative(path)}:{key.lineno}: cannot resolve a ROLES key")
	return names


def sources():
	"""Every (source, where) pair, unfiltered."""
	yield from doctype_strings()
	yield from workspace_strings()
	yield from workflow_strings()
	yield from python_strings()
	yield from javascript_strings()
	yield from template_strings()
	for role in role_names():
		yield role, "kpu_etik/core/access.py: ROLES"
	yield from ((text, where) for text, where in FIXED_SOURCES.items())


def collect() -> dict[str, list[str]]:
	"""Translatable source -> where it comes from, sorted by source."""
	found: dict[str, list[str]] = {}
	for text, where in sources():
		if not isinstance(text, str):
			continue
		text = text.strip()
		if text and is_translatable(text):
			found.setdefault(text, []).append(where)
	return dict(sorted(found.items()))


def read_translations(lang: str = "id") -> list[list[str]]:
	"""The rows of ``kpu_etik/translations/<lang>.csv`` as Frappe reads them."""
	with open(TRANSLATIONS / f"{lang}.csv", encoding="utf-8", newline="") as f:
		return list(csv.reader(f))
