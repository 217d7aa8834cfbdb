"""The audit log partitioned by month on PostgreSQL (core.partitions); nothing on SQLite.

The audit log only grows, and retention (``qpdp retention``) then drops whole months. Django's
view of the model does not change: ``id`` stays its key (PostgreSQL's key is ``(id, timestamp)``).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone

from qpdp.core import partitions

TABLE, COLUMN = "core_auditentry", "timestamp"


def forward(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor == "postgresql" and not partitions.is_partitioned(connection, TABLE):
        partitions.partition(connection, TABLE, COLUMN, months_ahead=3, now=timezone.now())


def backward(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if partitions.is_partitioned(connection, TABLE):
        partitions.unpartition(connection, TABLE)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_account_manager")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
