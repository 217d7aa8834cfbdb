"""Every refusal the project raises carries a code a program can act on, listed once per app.

The scan reads the source (no import, no database): a ``ValidationError(…)`` or a coded rule
error without ``code=`` fails, as do ``add_error`` with a bare message and a constraint with its
own message but no ``violation_error_code``. A call that only
re-keys or regroups errors that carry their codes already is accepted: a dict whose values are
``ValidationError(…)`` calls or names (a caught refusal), a list of ``ValidationError(…)`` calls,
or the result of one of the API helpers that keep codes (``CODED_WRAPPERS``).
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import pytest

import qpdp

SOURCE = Path(qpdp.__file__).parent
APPS = (
    "core", "people", "conscription", "planning", "imports", "api", "militia", "reserves",
    "education", "welfare", "awards",
)  # fmt: skip

# Exceptions that must be raised with a code, besides Django's and DRF's ``ValidationError``.
CODED = {
    "ValidationError",
    "StaleRecord",
    "ImportRefused",
    "IdentityError",
    "RuleError",
    "TransitionRefused",
    "ReadError",
}
# ``imports.layouts.RuleError`` is a row problem (a dataclass), its code is positional; the
# layouts that use it live in the apps (``<app>/import_layouts``).
POSITIONAL_CODE = {
    "imports/layouts.py": {"RuleError"},
    "people/import_layouts/rows.py": {"RuleError"},
}
# Helpers whose result is DRF's error detail with every message's code (``qpdp.api.errors``),
# or a caught refusal's errors with their codes (``core.forms.coded_errors``).
CODED_WRAPPERS = {"form_errors", "field_details", "coded", "coded_errors"}
# Calls that regroup errors built with codes just above them; (file, function): why.
ALLOWED = {
    ("people/services.py", "_check_identity"): "a dict of IdentityError.as_validation_error()",
    ("reserves/services.py", "assign_soldier"): "a dict of the rules' breaches, each coded",
}


def _name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _is_coded_call(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _name(node) in CODED


def _is_wrapper_call(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Call) and _name(node) in CODED_WRAPPERS


def _regroups_coded(arg: ast.expr) -> bool:
    if isinstance(arg, ast.Dict):
        return all(
            _is_coded_call(v) or _is_wrapper_call(v) or isinstance(v, ast.Name) for v in arg.values
        )
    if isinstance(arg, ast.List):
        return all(_is_coded_call(e) for e in arg.elts)
    if isinstance(arg, ast.ListComp):
        return _is_coded_call(arg.elt)
    return _is_wrapper_call(arg)


def _functions(tree: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                yield node.name, inner


def uncoded(path: Path, relative: str | None = None) -> list[str]:
    relative = relative or path.relative_to(SOURCE).as_posix()
    tree = ast.parse(path.read_text(), filename=str(path))
    enclosing = {id(inner): name for name, inner in _functions(tree)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        where = f"{relative}:{node.lineno}"
        if (relative, enclosing.get(id(node))) in ALLOWED:
            continue
        if name in CODED and name not in POSITIONAL_CODE.get(relative, set()):
            if any(k.arg == "code" for k in node.keywords):
                continue
            if node.args and _regroups_coded(node.args[0]):
                continue
            found.append(f"{where}: {name}({ast.unparse(node.args[0])[:60] if node.args else ''})")
        elif name in ("UniqueConstraint", "CheckConstraint"):
            keywords = {k.arg for k in node.keywords}
            if "violation_error_message" in keywords and "violation_error_code" not in keywords:
                found.append(f"{where}: {name} with a message and no violation_error_code")
        elif name == "add_error" and len(node.args) == 2:
            error = node.args[1]
            if not (_is_coded_call(error) or isinstance(error, ast.Name)):
                found.append(f"{where}: add_error with a bare message")
    return found


def project_modules() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts)


def test_every_refusal_raised_by_project_code_carries_a_code() -> None:
    missing = [line for path in project_modules() for line in uncoded(path)]
    assert missing == []


def test_the_scan_finds_a_refusal_without_a_code(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from django.core.exceptions import ValidationError\n"
        "def f(form):\n"
        "    form.add_error('x', 'plain')\n"
        "    models.CheckConstraint(name='c', violation_error_message='plain')\n"
        "    raise ValidationError({'x': 'plain'})\n"
    )
    assert len(uncoded(probe, "probe.py")) == 3


@pytest.mark.parametrize("app", APPS)
def test_each_app_lists_its_codes_once_in_snake_case(app: str) -> None:
    module = importlib.import_module(f"qpdp.{app}.error_codes")
    codes: type[StrEnum] = module.ErrorCode
    values = [member.value for member in codes]
    assert values, app
    assert len(values) == len(set(values))
    for value in values:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", value), value


def test_no_module_outside_error_codes_declares_an_error_code_enum() -> None:
    declared = [
        path.relative_to(SOURCE).as_posix()
        for path in project_modules()
        if path.name != "error_codes.py" and "class ErrorCode(" in path.read_text()
    ]
    assert declared == []
