"""The dated parameters of every app, found through the app registry, and the two ways an
administrator changes one: a new row in force from its day (the usual way: the law changed, the
old row keeps answering for the days before), or a correction of a row typed wrong, confirmed
and given a reason. Both are audited; nothing else writes these tables outside migrations.

Core imports no registry: a table is any concrete ``core.dated.DatedParameter`` subclass the
installed apps declare. Its *key* (what a newer row supersedes) is read from the model's unique
constraint on ``valid_from`` (``welfare.StepDeadline``: scheme and step), else its foreign keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from qpdp.core import audit
from qpdp.core.access import AnyUser, is_admin
from qpdp.core.dated import DatedParameter
from qpdp.core.error_codes import ErrorCode
from qpdp.core.vietnamese import fold

UNVERIFIED_MARKS = ("chua kiem chung", "unverified")
"""How a row's ``source`` says its value is not confirmed in the official text (accents folded):
the seeds write "CHƯA KIỂM CHỨNG", the brief "UNVERIFIED"."""
BOOKKEEPING = frozenset({"id", "valid_from", "valid_to", "source"})


def is_unverified(source: str) -> bool:
    folded = fold(source)
    return any(mark in folded for mark in UNVERIFIED_MARKS)


def parameter_models() -> list[type[DatedParameter]]:
    """Every dated-parameter table of the installed apps, by app and name."""
    found = [
        model
        for model in apps.get_models()
        if issubclass(model, DatedParameter) and not model._meta.abstract
    ]
    return sorted(found, key=lambda m: (m._meta.app_label, m._meta.model_name or ""))


def label_of(model: type[models.Model]) -> str:
    """``welfare.stepdeadline``: how a URL and the command name a table."""
    return model._meta.label_lower


def model_for(label: str) -> type[DatedParameter] | None:
    for model in parameter_models():
        if label_of(model) == label.lower():
            return model
    return None


def key_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields a newer row of the same values supersedes: the unique constraint that holds
    ``valid_from``, less ``valid_from``; without one, the foreign keys."""
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and "valid_from" in constraint.fields:
            return tuple(f for f in constraint.fields if f != "valid_from")
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.name not in BOOKKEEPING
    )


def value_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields shown for a row besides its key and bookkeeping, in declaration order."""
    key = set(key_fields(model))
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if field.editable and field.name not in BOOKKEEPING and field.name not in key
    )


@dataclass(frozen=True, slots=True)
class Row:
    """A row with where it stands on ``today``: in force, superseded by a later row of its key,
    not yet in force, or ended (``valid_to`` passed)."""

    row: Any
    state: str
    unverified: bool


IN_FORCE, SUPERSEDED, FUTURE, ENDED = "in_force", "superseded", "future", "ended"


def _key(row: models.Model, fields: Sequence[str]) -> tuple[Any, ...]:
    # A foreign key compares by its id: no query per row.
    return tuple(getattr(row, f"{f}_id", None) or getattr(row, f) for f in fields)


def has_end(model: type[models.Model]) -> bool:
    """Whether the table's rows are windows (``valid_to``, as ``awards.AwardAuthority``): a row
    is then in force until its own end, not until a later row of its key."""
    return any(field.name == "valid_to" for field in model._meta.concrete_fields)


def rows_with_state(model: type[DatedParameter], today: dt.date) -> list[Row]:
    """Every row of ``model`` in key order, each with its state on ``today``."""
    fields, windows = key_fields(model), has_end(model)
    rows = list(model._default_manager.all())
    latest: dict[tuple[Any, ...], dt.date] = {}
    for row in rows:
        key = _key(row, fields)
        if row.valid_from <= today and row.valid_from > latest.get(key, dt.date.min):
            latest[key] = row.valid_from
    result = []
    for row in rows:
        valid_to = getattr(row, "valid_to", None)
        if row.valid_from > today:
            state = FUTURE
        elif valid_to is not None and valid_to < today:
            state = ENDED
        elif not windows and latest[_key(row, fields)] != row.valid_from:
            state = SUPERSEDED
        else:
            state = IN_FORCE
        result.append(Row(row, state, is_unverified(row.source)))
    return result


@dataclass(frozen=True, slots=True)
class Summary:
    """A table on the index page and in the command: how many rows, how many unconfirmed."""

    model: type[DatedParameter]
    rows: int
    unverified: int

    @property
    def label(self) -> str:
        return label_of(self.model)

    @property
    def name(self) -> str:
        return capfirst(str(self.model._meta.verbose_name_plural))

    @property
    def app(self) -> str:
        return str(apps.get_app_config(self.model._meta.app_label).verbose_name)


def summaries() -> list[Summary]:
    """One line per table (two queries each: the tables hold tens of rows)."""
    result = []
    for model in parameter_models():
        sources = list(model._default_manager.values_list("source", flat=True))
        unverified = sum(1 for source in sources if is_unverified(source))
        result.append(Summary(model, len(sources), unverified))
    return result


# -- writes ------------------------------------------------------------------------------------


def require_admin(user: AnyUser) -> None:
    if not is_admin(user):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được thay đổi tham số quy định."))


@transaction.atomic
def add_row(user: AnyUser, row: DatedParameter) -> DatedParameter:
    """A new row, in force from its ``valid_from`` until a later row of its key: the rows before
    it keep answering for the days before (a 2022 payment is still checked at the 2022 amount).
    The model's own validation (its constraints, with their codes) refuses a duplicate day."""
    require_admin(user)
    if row.pk is not None:
        raise ValidationError(
            _("Chỉ thêm dòng mới; sửa dòng đã có là đính chính."), code=ErrorCode.PARAMETER_NOT_NEW
        )
    return audit.create_audited(user, row, None)


@transaction.atomic
def correct_row(
    user: AnyUser, row: DatedParameter, changes: Iterable[tuple[str, Any]], *, reason: str
) -> DatedParameter:
    """Correct a row typed wrong, in place: the days it already answered for now get the
    corrected value, so the caller confirms it and says why; the audit entry keeps the old
    values and the reason."""
    require_admin(user)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Phải ghi lý do đính chính."), code=ErrorCode.CORRECTION_REASON_REQUIRED
                )
            }
        )
    before = audit.snapshot(row)
    for field, value in changes:
        setattr(row, field, value)
    row.full_clean()
    row.save()
    after = audit.snapshot(row)
    if not audit.diff(before, after):
        raise ValidationError(
            _("Không có giá trị nào thay đổi."), code=ErrorCode.CORRECTION_CHANGES_NOTHING
        )
    audit.record(
        user,
        audit.Action.UPDATE,
        row,
        before=before,
        after=after,
        extra={"reason": reason, "correction": True},
    )
    return row
