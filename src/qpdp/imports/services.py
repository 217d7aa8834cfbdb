"""Import workflows: preview a file, commit it (all-or-nothing or valid rows only), undo it.

Each step is one transaction with one audit entry for the run (a million per-record entries
would drown the log; the run's links say which records were touched). Refusals are Vietnamese
``ValidationError``s or ``PermissionDenied``, and leave the registry exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.core import audit
from qpdp.core.access import AnyUser, User, check_unit_writable, is_admin
from qpdp.core.bulk import bulk_writes, rows_written
from qpdp.core.units import Unit
from qpdp.imports import uploads
from qpdp.imports.analysis import (
    SAMPLE_ERRORS,
    Analysis,
    Progress,
    analyse,
    reasons,
)
from qpdp.imports.error_codes import ErrorCode
from qpdp.imports.layouts import Layout, get_layout, records_of
from qpdp.imports.models import ImportedRow, ImportRun, RunMode, RunStatus
from qpdp.imports.records import Action, Plan, RowContext, problem, row_context
from qpdp.imports.staging import Staging, staging_key

MAX_STORED_ERRORS: Final = SAMPLE_ERRORS
"""Errors and rejected rows kept on the run for the page and the report; the counts are complete
and ``rejected_rows`` gives every rejected row while the run's staging file exists."""


@dataclass(frozen=True, slots=True)
class ImportSource:
    """A file an officer asks to import: the ``layout`` it follows, where it is on this machine,
    the ward it is for, the officer's column choices (header key → field,
    ``headers.ColumnMapping.to_saved``), the name it was uploaded as, the reference date of its
    checks (today by default) and, for an upload, its stored name (``uploads``), which the run
    keeps instead of this machine's path."""

    layout: str
    path: Path
    unit: Unit
    mapping: Mapping[str, str] | None = None
    file_name: str | None = None
    today: dt.date | None = None
    upload: str = ""


class ImportRefused(ValidationError):
    """All-or-nothing asked for, and some rows have errors: nothing was written."""


class _RefusedAtCommit(Exception):
    """Rows became invalid between preview and commit, in all-or-nothing mode: roll back."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def layout_or_refuse(code: str) -> Layout:
    try:
        return get_layout(code)
    except KeyError:
        raise ValidationError(
            _("Không có mẫu nhập “%(code)s”.") % {"code": code}, code=ErrorCode.LAYOUT_UNKNOWN
        ) from None


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
    run.rejected_count = analysis.rejected_count
    run.legacy_cells = analysis.legacy_cells
    run.skipped = analysis.skipped
    run.errors = analysis.errors[:MAX_STORED_ERRORS]
    run.error_rows = [
        {"row": item.row, "cells": item.cells, "reasons": item.reasons}
        for item in analysis.rejected[:MAX_STORED_ERRORS]
    ]


def _key(user_id: int | None, run: ImportRun) -> str:
    return staging_key(
        checksum=run.checksum,
        layout=run.layout,
        unit_id=run.unit_id,
        mapping=run.mapping,
        user_id=user_id,
    )


def preview(user: AnyUser, source: ImportSource, *, progress: Progress | None = None) -> ImportRun:
    """Read the whole file and record what committing it would do; the registry is not touched.

    Raises ``ReadError`` for an unreadable file and ``MappingIncomplete`` when required fields
    have no column. ``progress`` is called with the number of rows read so far, every
    ``staging.CHUNK`` rows. The analysed rows are kept in a staging file that ``commit`` finds
    again, in this process or another.
    """
    run, analysis = preview_with_analysis(user, source, progress=progress)
    analysis.staging.close()
    return run


def preview_with_analysis(
    user: AnyUser, source: ImportSource, *, progress: Progress | None = None
) -> tuple[ImportRun, Analysis]:
    """``preview``, also handing back the analysis so a caller that commits at once (the CLI)
    need not open the staging file again."""
    layout = layout_or_refuse(source.layout)
    unit, mapping = source.unit, source.mapping
    check_unit_writable(user, unit)
    path = Path(source.path)
    today = source.today or timezone.localdate()
    run = ImportRun(
        user=user if isinstance(user, User) else None,
        file_name=source.file_name or path.name,
        checksum=file_checksum(path),
        source_path=source.upload or str(path),
        layout=layout.code,
        unit=unit,
        mapping=dict(mapping or {}),
    )
    analysis = analyse(user, layout, path, unit, mapping, today=today, progress=progress)
    analysis.staging.publish(_key(getattr(user, "pk", None), run))
    _store(run, analysis)
    run.save()
    return run, analysis


def rejected_rows(run: ImportRun) -> Iterator[tuple[int, list[Any], list[str]]]:
    """Every rejected row of a previewed run as (row, cells, reasons), from its staging file,
    for an error report beyond the ``MAX_STORED_ERRORS`` rows kept on the run; the stored rows
    when the staging file is gone (committed, or cleaned up)."""
    staging = Staging.open(_key(run.user_id, run))
    if staging is None:
        for item in run.error_rows:
            yield item["row"], item["cells"], item["reasons"]
        return
    try:
        for number, cells, problems in staging.rejected():
            yield number, cells, reasons(problems)
    finally:
        staging.close()


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """A row the commit will write: its number in the file, create or update, the cells as
    read, and the cells converted from a legacy font ("C (TCVN3)")."""

    row: int
    action: Action
    cells: list[Any]
    converted: list[str]


def planned_rows(run: ImportRun, offset: int, limit: int) -> list[PlannedRow] | None:
    """The rows of a previewed run that will be created or updated, ``limit`` from ``offset``
    in file order; None when the staging file is gone (committed, or cleaned up)."""
    staging = Staging.open(_key(run.user_id, run))
    if staging is None:
        return None
    try:
        return [
            PlannedRow(
                number,
                Action(action),
                cells,
                [f"{letter} ({encoding.upper()})" for letter, encoding in converted],
            )
            for number, action, cells, converted in staging.planned(offset, limit)
        ]
    finally:
        staging.close()


def _check_run(user: AnyUser, run: ImportRun, *statuses: str) -> None:
    check_unit_writable(user, run.unit)
    if run.status not in statuses:
        raise ValidationError(
            _("Lần nhập này đang ở trạng thái “%(status)s”, không thực hiện được thao tác.")
            % {"status": run.get_status_display()},
            code=ErrorCode.RUN_STATUS,
        )
    if not is_admin(user) and run.user_id not in (None, getattr(user, "pk", None)):
        # Another officer's preview of the same ward may be committed only by its author.
        raise PermissionDenied(_("Chỉ người đã tải tệp lên mới ghi được lần nhập này."))


def _staged(
    user: AnyUser, run: ImportRun, layout: Layout, today: dt.date, progress: Progress | None
) -> Staging:
    """The preview's staging file, or (other day, other user, file gone) a fresh analysis."""
    staging = Staging.open(_key(getattr(user, "pk", None), run))
    if staging is not None:
        return staging
    path = uploads.readable(run.source_path)
    if not path.exists() or _file_changed(run, path):
        raise ValidationError(
            _("Tệp của lần nhập này không còn; hãy tải lên lại."), code=ErrorCode.FILE_GONE
        )
    analysis = analyse(user, layout, path, run.unit, run.mapping, today=today, progress=progress)
    _store(run, analysis)
    analysis.staging.publish(_key(getattr(user, "pk", None), run))
    return analysis.staging


def commit(
    user: AnyUser,
    run: ImportRun,
    mode: str = RunMode.ALL,
    *,
    today: dt.date | None = None,
    analysis: Analysis | None = None,
    progress: Progress | None = None,
) -> ImportRun:
    """Write the run's rows: every row or none (``all``), or the valid rows only (``valid``).

    The rows come from the preview's staging file (the file is read again only when that is
    gone); each is matched against the registry again inside the transaction, so rows that
    became updates or unchanged since the preview (someone else imported them) are treated as
    they are now. ``progress`` is called with the rows written so far, every few thousand.
    """
    if mode not in RunMode.values:
        raise ValidationError(_("Cách ghi không hợp lệ."), code=ErrorCode.MODE_UNKNOWN)
    _check_run(user, run, RunStatus.PREVIEW, RunStatus.REJECTED)
    today = today or timezone.localdate()
    layout = layout_or_refuse(run.layout)
    if analysis is not None:
        staging = analysis.staging
    else:
        staging = _staged(user, run, layout, today, progress)
    run.mode = mode
    try:
        refused = run.rejected_count > 0 and mode == RunMode.ALL
        if not refused:
            try:
                with bulk_writes():
                    _write(user, run, layout, staging, mode, today, progress)
            except _RefusedAtCommit as late:
                refused = True
                run.rejected_count += late.count
                run.committed_at = None
    finally:
        staging.close()
    if refused:
        run.status = RunStatus.REJECTED
        run.save()
        raise ImportRefused(
            _(
                "Không ghi dòng nào: %(count)s dòng có lỗi. Hãy sửa tệp, hoặc chọn "
                "“chỉ ghi các dòng hợp lệ”."
            )
            % {"count": run.rejected_count},
            code=ErrorCode.ROWS_REJECTED,
        )
    staging.discard()
    return run


def _write(
    user: AnyUser,
    run: ImportRun,
    layout: Layout,
    staging: Staging,
    mode: str,
    today: dt.date,
    progress: Progress | None,
) -> None:
    """Match and write the staged rows chunk by chunk, in one transaction."""
    records = records_of(layout)
    context = row_context(user, run.unit, staging.meta("columns") or {}, today)
    counts = dict.fromkeys(Action, 0)
    late: list[Plan] = []
    late_count = 0
    done = 0
    with transaction.atomic():
        run.status = RunStatus.COMMITTED
        run.committed_at = timezone.now()
        run.save()
        for plans in staging.accepted():
            _check_units(plans, context, records.unit_key)
            records.classify(user, [plan for plan in plans if not plan.problems], context)
            valid = [plan for plan in plans if not plan.problems]
            if len(valid) < len(plans):
                if mode == RunMode.ALL:
                    raise _RefusedAtCommit(len(plans) - len(valid))
                late_count += len(plans) - len(valid)
                room = MAX_STORED_ERRORS - len(late)
                late.extend([plan for plan in plans if plan.problems][: max(room, 0)])
            records.write(user, run, valid, today=today)
            for plan in valid:
                counts[plan.action] += 1
            done += len(plans)
            if progress is not None:
                progress(done)
        run.created_count = counts[Action.CREATE]
        run.updated_count = counts[Action.UPDATE]
        run.unchanged_count = counts[Action.UNCHANGED]
        if late_count:
            _add_late_rejections(run, late, late_count, staging)
        run.save()
        audit.record(
            user,
            audit.Action.CREATE,
            run,
            unit=run.unit,
            extra={"import": _summary(run)},
        )
        rows_written.send(sender=None)  # the layout's tables, written without model signals


def _check_units(plans: Sequence[Plan], context: RowContext, unit_key: str) -> None:
    """A staged row's unit must still be one the user may write (scope can change)."""
    allowed = context.resolver.allowed()
    for plan in plans:
        unit = plan.data.get(unit_key)
        if unit is not None and unit not in allowed:
            reason = _("Đơn vị cư trú của dòng này không còn trong phạm vi của bạn.")
            plan.problems.append(problem(plan.row, "", reason))


def _add_late_rejections(
    run: ImportRun, late: Sequence[Plan], count: int, staging: Staging
) -> None:
    """Rows refused at commit (valid at preview) join the run's rejected rows."""
    run.rejected_count += count
    room = max(MAX_STORED_ERRORS - len(run.error_rows), 0)
    cells = staging.cells([plan.row for plan in late[:room]])
    for plan in late[:room]:
        run.errors.extend(plan.problems)
        run.error_rows.append(
            {"row": plan.row, "cells": cells.get(plan.row, []), "reasons": reasons(plan.problems)}
        )


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
    """Reverse a committed run: the layout's records undo what it wrote, from the run's links,
    or refuse (a record changed since, or out of the user's reach) and nothing changes."""
    _check_run(user, run, RunStatus.COMMITTED)
    if (run.created_count or run.updated_count) and not run.rows.exists():
        raise ValidationError(
            _(
                "Lần nhập này đã quá thời hạn lưu thông tin để hoàn tác; "
                "hãy sửa từng hồ sơ nếu cần."
            ),
            code=ErrorCode.UNDO_EXPIRED,
        )
    with bulk_writes():
        records_of(layout_or_refuse(run.layout)).undo(user, run)
    run.status = RunStatus.UNDONE
    run.save()
    rows_written.send(sender=None)
    audit.record(user, audit.Action.DELETE, run, unit=run.unit, extra={"undo": _summary(run)})
    return run


def prune_imported_rows(cutoff: dt.datetime, dry_run: bool) -> int:
    """The links of runs committed before ``cutoff``: they serve only to undo a run, which is
    for mistakes seen soon; without them ``undo`` refuses (the run keeps its counts)."""
    old = ImportedRow.objects.filter(run__committed_at__lt=cutoff)
    return old.count() if dry_run else old.delete()[0]
