"""Import workflows: preview a file, commit it (all-or-nothing or valid rows only), undo it.

Each step is one transaction with one audit entry for the run (a million per-person entries
would drown the log; the run's links say who was touched). Refusals are Vietnamese
``ValidationError``s or ``PermissionDenied``, and leave the registry exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.core import audit
from qpdp.core.access import AnyUser, User, check_unit_writable, is_admin
from qpdp.core.units import Unit
from qpdp.imports import writer
from qpdp.imports.analysis import Action, Analysis, analyse
from qpdp.imports.layouts import Layout, get_layout
from qpdp.imports.models import ImportRun, RowAction, RunMode, RunStatus
from qpdp.people.models import Person

MAX_STORED_ERRORS: Final = 10_000
"""Error details kept on the run for the page; the count and the report rows are complete."""


class ImportRefused(ValidationError):
    """All-or-nothing asked for, and some rows have errors: nothing was written."""


def layout_or_refuse(code: str) -> Layout:
    try:
        return get_layout(code)
    except KeyError:
        raise ValidationError(_("Không có mẫu nhập “%(code)s”.") % {"code": code}) from None


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _store(run: ImportRun, analysis: Analysis) -> None:
    run.headers = [
        analysis.mapping.headers.get(index, "")
        for index in range(max(analysis.mapping.headers, default=-1) + 1)
    ]
    run.total_rows = analysis.total_rows
    run.created_count = analysis.count(Action.CREATE)
    run.updated_count = analysis.count(Action.UPDATE)
    run.unchanged_count = analysis.count(Action.UNCHANGED)
    run.rejected_count = len(analysis.rejected)
    run.legacy_cells = analysis.legacy_cells
    run.skipped = analysis.skipped
    run.errors = analysis.errors[:MAX_STORED_ERRORS]
    run.error_rows = [
        {"row": item.row, "cells": item.cells, "reasons": item.reasons}
        for item in analysis.rejected
    ]


def preview(
    user: AnyUser,
    layout_code: str,
    path: Path | str,
    unit: Unit,
    mapping: Mapping[str, str] | None = None,
    *,
    file_name: str | None = None,
    today: dt.date | None = None,
) -> ImportRun:
    """Read the whole file and record what committing it would do; the registry is not touched.

    ``mapping`` is header key → field (``headers.ColumnMapping.to_saved``), the officer's
    choices from the mapping screen. Raises ``ReadError`` for an unreadable file and
    ``MappingIncomplete`` when required fields have no column.
    """
    return preview_with_analysis(
        user, layout_code, path, unit, mapping, file_name=file_name, today=today
    )[0]


def preview_with_analysis(
    user: AnyUser,
    layout_code: str,
    path: Path | str,
    unit: Unit,
    mapping: Mapping[str, str] | None = None,
    *,
    file_name: str | None = None,
    today: dt.date | None = None,
) -> tuple[ImportRun, Analysis]:
    """``preview``, also handing back the analysis so a caller that commits at once (the CLI)
    need not read the file a second time."""
    layout = layout_or_refuse(layout_code)
    check_unit_writable(user, unit)
    path = Path(path)
    today = today or timezone.localdate()
    analysis = analyse(user, layout, path, unit, mapping, today=today)
    run = ImportRun(
        user=user if isinstance(user, User) else None,
        file_name=file_name or path.name,
        checksum=file_checksum(path),
        source_path=str(path),
        layout=layout.code,
        unit=unit,
        mapping=dict(mapping or {}),
    )
    _store(run, analysis)
    run.save()
    return run, analysis


def _check_run(user: AnyUser, run: ImportRun, *statuses: str) -> None:
    check_unit_writable(user, run.unit)
    if run.status not in statuses:
        raise ValidationError(
            _("Lần nhập này đang ở trạng thái “%(status)s”, không thực hiện được thao tác.")
            % {"status": run.get_status_display()}
        )
    if not is_admin(user) and run.user_id not in (None, getattr(user, "pk", None)):
        # Another officer's preview of the same ward may be committed only by its author.
        raise PermissionDenied(_("Chỉ người đã tải tệp lên mới ghi được lần nhập này."))


def commit(
    user: AnyUser,
    run: ImportRun,
    mode: str = RunMode.ALL,
    *,
    today: dt.date | None = None,
    analysis: Analysis | None = None,
) -> ImportRun:
    """Write the run's file: every row or none (``all``), or the valid rows only (``valid``).

    The file is read again inside the transaction, so rows that became updates or unchanged
    since the preview (someone else imported them) are treated as they are now. A caller that
    previewed a moment ago in the same process may pass that ``analysis`` instead: half the
    time of a large import is the second reading (docs/benchmarks.md). A conflicting write in
    between then fails on the identity-number constraint and the transaction writes nothing.
    """
    if mode not in RunMode.values:
        raise ValidationError(_("Cách ghi không hợp lệ."))
    _check_run(user, run, RunStatus.PREVIEW, RunStatus.REJECTED)
    today = today or timezone.localdate()
    layout = layout_or_refuse(run.layout)
    path = Path(run.source_path)
    if not path.exists() or _file_changed(run, path):
        raise ValidationError(_("Tệp của lần nhập này không còn; hãy tải lên lại."))
    with transaction.atomic():
        if analysis is None:
            analysis = analyse(user, layout, path, run.unit, run.mapping, today=today)
        _store(run, analysis)
        run.mode = mode
        if analysis.rejected and mode == RunMode.ALL:
            refused = True
        else:
            refused = False
            plans_create = [plan for plan in analysis.plans if plan.action is Action.CREATE]
            plans_update = [plan for plan in analysis.plans if plan.action is Action.UPDATE]
            run.status = RunStatus.COMMITTED
            run.committed_at = timezone.now()
            run.save()
            writer.create_people(run, plans_create, today=today)
            writer.update_people(run, plans_update, today=today)
            audit.record(
                user,
                audit.Action.CREATE,
                run,
                unit=run.unit,
                extra={"import": _summary(run)},
            )
    if refused:
        run.status = RunStatus.REJECTED
        run.save()
        raise ImportRefused(
            _(
                "Không ghi dòng nào: %(count)s dòng có lỗi. Hãy sửa tệp, hoặc chọn "
                "“chỉ ghi các dòng hợp lệ”."
            )
            % {"count": run.rejected_count}
        )
    return run


def _file_changed(run: ImportRun, path: Path) -> bool:
    """The stored upload was replaced: committing it would write another file than previewed."""
    return file_checksum(path) != run.checksum


def _summary(run: ImportRun) -> dict[str, Any]:
    return {
        "file": run.file_name,
        "checksum": run.checksum,
        "layout": run.layout,
        "mode": run.mode,
        "created": run.created_count,
        "updated": run.updated_count,
        "unchanged": run.unchanged_count,
        "rejected": run.rejected_count,
    }


@transaction.atomic
def undo(user: AnyUser, run: ImportRun) -> ImportRun:
    """Delete the people a run created and restore those it changed, if untouched since."""
    _check_run(user, run, RunStatus.COMMITTED)
    links = list(run.rows.all())
    ids = [link.person_id for link in links if link.person_id is not None]
    versions = dict(
        Person.objects.select_for_update().filter(pk__in=ids).values_list("pk", "version")
    )
    stale = [link for link in links if versions.get(link.person_id or 0) != link.version_after]
    if stale:
        raise ValidationError(
            _(
                "Không hoàn tác được: %(count)s công dân đã được sửa hoặc xóa sau lần nhập này "
                "(ví dụ dòng %(row)s)."
            )
            % {"count": len(stale), "row": stale[0].row_number}
        )
    writable = Person.objects.editable_by(user).filter(pk__in=ids).count()
    if writable != len(ids):
        raise PermissionDenied(_("Bạn không có quyền sửa một số công dân của lần nhập này."))
    created = [
        link.person_id
        for link in links
        if link.action == RowAction.CREATED and link.person_id is not None
    ]
    updated = [link for link in links if link.action == RowAction.UPDATED]
    moved_on = timezone.localdate(run.committed_at) if run.committed_at else timezone.localdate()
    try:
        for start in range(0, len(created), 500):
            Person.objects.filter(pk__in=created[start : start + 500]).delete()
    except ProtectedError:
        raise ValidationError(
            _("Không hoàn tác được: một số công dân đã có hồ sơ ở nghiệp vụ khác.")
        ) from None
    writer.restore_people(updated, moved_on=moved_on)
    run.status = RunStatus.UNDONE
    run.save()
    audit.record(user, audit.Action.DELETE, run, unit=run.unit, extra={"undo": _summary(run)})
    return run
