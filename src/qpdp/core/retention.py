"""How long the tables that only grow keep their rows, and the pruning ``qpdp retention`` runs.

Each app registers a rule for its own table (a name, how many days it keeps, how to remove what
is older), so the command knows no app. The audit log is evidence of who did what to whose
record: it keeps ``QPDP_AUDIT_RETENTION_DAYS`` (ten years by default) and each pruning is itself
audited. On PostgreSQL the audit log is partitioned by month (``core.partitions``): whole months
are dropped, and a month straddling the cutoff stays until all of it is older; elsewhere, and for
the other tables, rows are deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.db import connection, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.models import DBTaskResult

from qpdp.core import audit, partitions

AUDIT_TABLE: Final = "core_auditentry"


@dataclass(frozen=True, slots=True)
class Rule:
    """One table's retention: ``prune(cutoff, dry_run)`` removes (or counts) what is older."""

    label: str | Promise
    setting: str
    prune: Callable[[dt.datetime, bool], int]

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting))


RULES: list[Rule] = []


def register(rule: Rule) -> None:
    if all(known.setting != rule.setting for known in RULES):
        RULES.append(rule)


def prune_audit(cutoff: dt.datetime, dry_run: bool) -> int:
    """Audit entries older than ``cutoff``: whole months on PostgreSQL, rows elsewhere."""
    old = audit.AuditEntry.objects.filter(timestamp__lt=cutoff)
    if not partitions.is_partitioned(connection, AUDIT_TABLE):
        return old.count() if dry_run else old.delete()[0]
    in_months = partitions.rows_in_months_before(connection, AUDIT_TABLE, cutoff)
    strays = f'FROM "{AUDIT_TABLE}_default" WHERE "timestamp" < %s'  # outside any month
    with connection.cursor() as cursor:
        if dry_run:
            cursor.execute(f"SELECT count(*) {strays}", [cutoff])
            return in_months + int(cursor.fetchone()[0])
        partitions.drop_months_before(connection, AUDIT_TABLE, cutoff)
        cursor.execute(f"DELETE {strays}", [cutoff])
        return in_months + cursor.rowcount


def prune_task_results(cutoff: dt.datetime, dry_run: bool) -> int:
    """Finished background tasks: their outcome is on the import run, their rows only prove the
    worker lived (``core.health`` keeps an hour of those itself)."""
    old = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)
    return old.count() if dry_run else old.delete()[0]


def create_partitions(now: dt.datetime, months_ahead: int) -> list[str]:
    """This month's and the next ``months_ahead`` months' partitions of the audit log, when it
    is partitioned (PostgreSQL); their names."""
    if not partitions.is_partitioned(connection, AUDIT_TABLE):
        return []
    last = partitions.month_start(now)
    for _month in range(months_ahead):
        last = partitions.next_month(last)
    return partitions.ensure_months(connection, AUDIT_TABLE, "timestamp", now, last)


@dataclass(frozen=True, slots=True)
class Pruned:
    rule: Rule
    cutoff: dt.datetime
    rows: int


def prune(now: dt.datetime, *, dry_run: bool) -> list[Pruned]:
    """Apply every rule (each in its own transaction); the audit log records what went."""
    done = []
    for rule in RULES:
        if rule.days <= 0:
            continue
        cutoff = now - dt.timedelta(days=rule.days)
        with transaction.atomic():
            rows = rule.prune(cutoff, dry_run)
            if rows and not dry_run:
                audit.record(
                    None,
                    audit.Action.DELETE,
                    object_repr=_("Hết thời hạn lưu trữ: %(table)s") % {"table": str(rule.label)},
                    extra={"retention": {"rows": rows, "before": cutoff.isoformat()}},
                )
        done.append(Pruned(rule, cutoff, rows))
    return done


def register_core_rules() -> None:
    register(Rule(gettext_lazy("nhật ký thay đổi"), "QPDP_AUDIT_RETENTION_DAYS", prune_audit))
    register(
        Rule(
            gettext_lazy("kết quả tác vụ nền"),
            "QPDP_TASK_RESULTS_RETENTION_DAYS",
            prune_task_results,
        )
    )
