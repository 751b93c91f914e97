"""The package's layout: no import circles, and every change of Frappe's behaviour in one place."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "kpu_etik"


def module_name(path: Path) -> str:
	parts = list(path.relative_to(ROOT).with_suffix("").parts)
	if parts[-1] == "__init__":
		parts.pop()
	return ".".join(parts)


def is_test(path: Path) -> bool:
	return path.name.startswith("test_") or "tests" in path.parts


def import_graph() -> dict[str, set[str]]:
	"""Which of the app's modules each module imports, at its top or inside a function."""
	modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
	graph = {name: set() for name in modules}
	for name, path in modules.items():
		if is_test(path):
			continue
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			targets = []
			if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kpu_etik"):
				targets = [f"{node.module}.{alias.name}" for alias in node.names]
				targets = [t if t in modules else node.module for t in targets]
			elif isinstance(node, ast.Import):
				targets = [alias.name for alias in node.names if alias.name.startswith("kpu_etik")]
			graph[name].update(t for t in targets if t in modules and t != name)
	return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
	"""Strongly connected groups of more than one module (Tarjan)."""
	index, low, stack, on_stack, found = {}, {}, [], set(), []

	def visit(node):
		index[node] = low[node] = len(index)
		stack.append(node)
		on_stack.add(node)
		for target in graph[node]:
			if target not in index:
				visit(target)
				low[node] = min(low[node], low[target])
			elif target in on_stack:
				low[node] = min(low[node], index[target])
		if low[node] == index[node]:
			group = []
			while True:
				member = stack.pop()
				on_stack.discard(member)
				group.append(member)
				if member == node:
					break
			if len(group) > 1:
				found.append(sorted(group))

	for node in graph:
		if node not in index:
			visit(node)
	return found


def test_no_import_circles():
	assert circles(import_graph()) == []


def test_the_circle_finder_finds_a_circle():
	assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# Assigning over an attribute of a Frappe module or class (`frappe.x = ...`, `Document.y = ...`,
# `module.z = ...`) changes Frappe for the whole site: only kpu_etik/overrides/ may do it.
PATCH = re.compile(
	r"^\s*(frappe(\.\w+)+|Document\.\w+|DatabaseQuery\.\w+|\w+_?utils\.\w+|reportview\.\w+)\s*=[^=]"
)


def test_only_the_overrides_package_patches_frappe():
	outside = []
	for path in PACKAGE.rglob("*.py"):
		if is_test(path) or "overrides" in path.parts:
			continue
		for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
			if PATCH.match(line) and not line.strip().startswith(("frappe.local.", "frappe.flags.")):
				outside.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
	assert outside == []


def test_the_readme_names_every_folder_of_the_package():
	readme = (ROOT / "README.md").read_text(encoding="utf-8")
	layout = readme[readme.index("## Layout") :]
	folders = [
		path.relative_to(ROOT).as_posix()
		for path in sorted(PACKAGE.iterdir())
		if path.is_dir() and not path.name.startswith(("_", "."))
	]
	missing = [folder for folder in folders if f"{folder.removeprefix('kpu_etik/')}/" not in layout]
	assert missing == []
