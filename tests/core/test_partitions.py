"""The audit log partitioned by month on PostgreSQL: rows land in their month, months are made
ahead and dropped whole, strays of the default partition find their month, and the migration
goes back and forth keeping every row and id."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from qpdp.core import partitions, retention
from qpdp.core.audit import Action, AuditEntry
from tests.plans import postgresql_only

pytestmark = postgresql_only
TABLE = "core_auditentry"
UTC = dt.UTC


def entry(at: dt.datetime | None = None) -> AuditEntry:
    made = AuditEntry.objects.create(channel="web", request_id="r", action=Action.CREATE)
    if at is not None:
        AuditEntry.objects.filter(pk=made.pk).update(timestamp=at)
    return made


def partition_of(made: AuditEntry) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {TABLE} WHERE id = %s", [made.pk])
        return str(cursor.fetchone()[0])


def test_the_migration_partitions_the_audit_log_from_this_month_on(db: Any) -> None:
    assert partitions.is_partitioned(connection, TABLE)
    now = timezone.now()
    months = partitions.month_partitions(connection, TABLE)
    assert partitions.month_start(now) in months.values()
    assert len([start for start in months.values() if start > now]) >= 3
    assert partition_of(entry()) == f"{TABLE}_p{now:%Y%m}"


def test_a_stray_in_the_default_partition_moves_into_its_month_when_made(db: Any) -> None:
    stray = entry(dt.datetime(2019, 5, 17, 8, tzinfo=UTC))
    assert partition_of(stray) == f"{TABLE}_default"
    made = partitions.ensure_months(
        connection, TABLE, "timestamp", dt.datetime(2019, 4, 1, tzinfo=UTC),
        dt.datetime(2019, 6, 1, tzinfo=UTC),
    )  # fmt: skip
    assert made == [f"{TABLE}_p201904", f"{TABLE}_p201905", f"{TABLE}_p201906"]
    assert partition_of(stray) == f"{TABLE}_p201905"
    assert partitions.ensure_months(
        connection, TABLE, "timestamp", dt.datetime(2019, 5, 1, tzinfo=UTC),
        dt.datetime(2019, 5, 1, tzinfo=UTC),
    ) == []  # fmt: skip


def test_retention_drops_whole_months_and_keeps_the_one_across_the_cutoff(
    db: Any, settings: Any
) -> None:
    partitions.ensure_months(
        connection, TABLE, "timestamp", dt.datetime(2015, 1, 1, tzinfo=UTC),
        dt.datetime(2015, 3, 1, tzinfo=UTC),
    )  # fmt: skip
    january, february = (
        entry(dt.datetime(2015, 1, 9, tzinfo=UTC)),
        entry(dt.datetime(2015, 2, 20, tzinfo=UTC)),
    )
    stray = entry(dt.datetime(2014, 6, 1, tzinfo=UTC))  # no month of its own: the default
    cutoff = dt.datetime(2015, 2, 10, tzinfo=UTC)
    assert retention.prune_audit(cutoff, dry_run=True) == 2
    assert retention.prune_audit(cutoff, dry_run=False) == 2
    names = partitions.month_partitions(connection, TABLE)
    assert f"{TABLE}_p201501" not in names and f"{TABLE}_p201502" in names
    assert not AuditEntry.objects.filter(pk__in=[january.pk, stray.pk]).exists()
    assert AuditEntry.objects.filter(pk=february.pk).exists()


def test_the_command_makes_the_coming_months(db: Any, settings: Any) -> None:
    settings.QPDP_PARTITION_MONTHS_AHEAD = 14
    now = timezone.now()
    far = partitions.month_start(now)
    for _month in range(14):
        far = partitions.next_month(far)
    assert retention.create_partitions(now, 14)[-1] == f"{TABLE}_p{far:%Y%m}"
    assert retention.create_partitions(now, 14) == []


def _migrate(target: str) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("core", target)])


@pytest.mark.django_db(transaction=True)
def test_the_migration_goes_back_and_forth_keeping_rows_ids_and_indexes() -> None:
    first, second = entry(), entry(dt.datetime(2020, 2, 2, tzinfo=UTC))
    try:
        _migrate("0003_account_manager")
        assert not partitions.is_partitioned(connection, TABLE)
        third = entry()
        assert third.pk > second.pk > first.pk
        _migrate("0004_audit_month_partitions")
        assert partitions.is_partitioned(connection, TABLE)
        assert partition_of(second) == f"{TABLE}_p202002"  # months from the oldest row on
        assert entry().pk > third.pk
        assert set(AuditEntry.objects.values_list("pk", flat=True)) >= {
            first.pk, second.pk, third.pk
        }  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [TABLE])
            indexes = {row[0] for row in cursor.fetchall()}
        assert {"audit_object_idx", f"{TABLE}_pkey"} <= indexes
    finally:
        _migrate("0004_audit_month_partitions")
        AuditEntry.objects.all().delete()
