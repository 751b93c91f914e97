"""What every correction of Frappe declares, and what their checks use."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Correction:
	name: str
	frappe_does: str
	app_needs: str
	checked_on: tuple[str, ...]
	guards_personal_data: bool
	install: Callable[[], None]
	check: Callable[[], str | None]


def names_in(function) -> set[str]:
	"""The global, attribute and imported names a function (or a function nested in it) uses, under
	its decorators (`frappe.whitelist` wraps with functools.wraps)."""
	function = inspect.unwrap(getattr(function, "__func__", function))
	code = getattr(function, "__code__", None)
	names, stack = set(), [code] if code else []
	while stack:
		current = stack.pop()
		names.update(current.co_names)
		stack.extend(c for c in current.co_consts if hasattr(c, "co_names"))
	return names


def looks_up(function, name: str, namespace) -> bool:
	"""Whether `function` looks `name` up at call time in `namespace` (the module whose globals it
	reads, or from which it imports the name), so that replacing `namespace.name` reaches that call."""
	names = names_in(function)
	unwrapped = inspect.unwrap(getattr(function, "__func__", function))
	in_namespace = getattr(unwrapped, "__globals__", None) is vars(namespace) or namespace.__name__ in names
	return in_namespace and name in names


def is_ours(function, marker: str) -> bool:
	return bool(getattr(getattr(function, "__func__", function), marker, False))
