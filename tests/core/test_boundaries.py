"""The app boundaries docs/architecture.md states, checked on every import in src/qpdp.

An app does not import another app's views or private (``_``) modules or names; core and the
import engine know no registry; no registry depends on the API app. A new registry that breaks
one of these fails here instead of waiting for a reviewer.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import qpdp

SOURCE = Path(qpdp.__file__).parent
REGISTRIES = frozenset(
    {"people", "conscription", "planning", "militia", "reserves", "education", "welfare", "awards"}
)
DOMAIN_FREE = ("core", "imports")
SHARED = frozenset({"core"})  # the page kit is meant to be imported by every app


def _imports() -> Iterator[tuple[str, str, list[str], int]]:
    """(importing app, imported module, imported names, line) for every ``qpdp`` import."""
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if "migrations" in relative.parts or len(relative.parts) < 2:
            continue
        app = relative.parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [alias.name for alias in node.names]
                yield app, node.module, names, node.lineno
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    yield app, alias.name, [], node.lineno


def _target(module: str) -> list[str]:
    parts = module.split(".")
    return parts[1:] if parts[0] == "qpdp" and len(parts) > 1 else []


def test_no_app_imports_another_apps_views_or_private_modules() -> None:
    broken = []
    for app, module, names, line in _imports():
        parts = _target(module)
        if not parts or parts[0] in (app, *SHARED):
            continue
        private = [p for p in parts[1:] if p.startswith("_") and not p.startswith("__")]
        private_names = [n for n in names if n.startswith("_")]
        if "views" in parts[1:2] or private or private_names:
            broken.append(f"{app} (line {line}): {module} {names}")
    assert broken == []


def test_core_and_the_import_engine_know_no_registry() -> None:
    broken = [
        f"{app} (line {line}): {module}"
        for app, module, _names, line in _imports()
        if app in DOMAIN_FREE and (_target(module)[:1] or [""])[0] in REGISTRIES
    ]
    assert broken == []


def test_no_registry_depends_on_the_api() -> None:
    broken = [
        f"{app} (line {line}): {module}"
        for app, module, _names, line in _imports()
        if app in REGISTRIES and _target(module)[:1] == ["api"]
    ]
    assert broken == []
