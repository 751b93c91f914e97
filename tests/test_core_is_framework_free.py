"""The core must run without Frappe, and its messages must follow the error convention."""

import ast
import string
import subprocess
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).parents[1] / "kpu_etik" / "core"
SOURCES = sorted(CORE.glob("*.py"))
EXPECTED_MODULES = {
	"__init__",
	"errors",
	"nik",
	"regions",
	"bodies",
	"pdf",
	"access",
	"dates",
	"names",
	"screening",
	"working_days",
	"case_log",
	"complaints",
	"portal",
}
# PIL is Pillow, which decodes uploaded images (Frappe v15 installs it too).
# babel writes Indonesian dates; it is a dependency of Frappe v15 itself.
ALLOWED_THIRD_PARTY = {"pypdf", "rapidfuzz", "dateutil", "PIL", "babel"}


def parse(path):
	return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_modules(tree):
	for node in ast.walk(tree):
		if isinstance(node, ast.Import):
			for alias in node.names:
				yield alias.name
		elif isinstance(node, ast.ImportFrom):
			assert node.level == 0, "use absolute imports"
			yield node.module


def test_all_core_modules_are_checked():
	assert EXPECTED_MODULES <= {p.stem for p in SOURCES}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_frappe_import(path):
	for module in imported_modules(parse(path)):
		top = module.split(".")[0]
		assert top != "frappe", f"{path.name} imports {module}"
		assert (
			top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY or module.startswith("kpu_etik.core")
		), f"{path.name} imports {module}, which is neither stdlib, pypdf nor the core"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_dynamic_import(path):
	for node in ast.walk(parse(path)):
		if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
			assert node.func.id not in {"__import__", "exec", "eval"}
		if isinstance(node, ast.Attribute):
			assert node.attr != "import_module"


def message_calls(tree):
	"""Calls that build a message: exception classes of the core and RuleWarning."""
	for node in ast.walk(tree):
		if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
			name = node.func.id
			if name.endswith(("Error", "Rejected")) or name == "RuleWarning":
				yield name, node


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_templates_are_literals_with_matching_arguments(path):
	for name, call in message_calls(parse(path)):
		if name in {"ValueError", "TypeError"}:
			continue
		assert call.args, f"{path.name}:{call.lineno} {name} without a template"
		template = call.args[0]
		assert isinstance(template, ast.Constant) and isinstance(template.value, str), (
			f"{path.name}:{call.lineno} {name} needs a string literal template"
		)
		indices = {int(f[1]) for f in string.Formatter().parse(template.value) if f[1] is not None}
		assert all(f[1] != "" for f in string.Formatter().parse(template.value) if f[1] is not None), (
			f"{path.name}:{call.lineno} use numbered placeholders"
		)
		if name == "RuleWarning":
			rest = call.args[1] if len(call.args) > 1 else ast.Tuple(elts=[])
			assert isinstance(rest, ast.Tuple), f"{path.name}:{call.lineno} pass the arguments as a tuple"
			count, starred = len(rest.elts), False
		else:
			count = len(call.args) - 1
			starred = any(isinstance(a, ast.Starred) for a in call.args[1:])
		if not starred:
			assert indices == set(range(count)), (
				f"{path.name}:{call.lineno} placeholders {indices} vs {count} args"
			)


def test_core_imports_without_frappe():
	# In a fresh interpreter (reloading here would split exception classes for other tests), with
	# "frappe" made unimportable, every core module imports and frappe stays unloaded.
	modules = ["kpu_etik.core" if p.stem == "__init__" else f"kpu_etik.core.{p.stem}" for p in SOURCES]
	code = (
		"import importlib, sys\n"
		"sys.modules['frappe'] = None\n"
		f"for name in {modules!r}:\n"
		"\timportlib.import_module(name)\n"
		"assert sys.modules['frappe'] is None\n"
		"print('ok', len([m for m in sys.modules if m.startswith('kpu_etik.core')]))\n"
	)
	result = subprocess.run(
		[sys.executable, "-c", code], cwd=CORE.parents[1], capture_output=True, text=True, check=False
	)
	assert result.returncode == 0, result.stderr
	assert result.stdout.strip() == f"ok {len(modules)}"
