"""The run's links name a record of any registry by id, not a person by foreign key.

The import engine knows no registry: a layout's records read their links back themselves. A link
whose person was deleted (the foreign key had set it to NULL) gets id 0, which matches nothing,
so undo still sees that record as changed since the run.
"""

from typing import Any

from django.db import migrations, models


def deleted_to_zero(apps: Any, schema_editor: Any) -> None:
    apps.get_model("imports", "ImportedRow").objects.filter(person__isnull=True).update(person=0)


def gone_to_null(apps: Any, schema_editor: Any) -> None:
    """Backwards: ids of people that no longer exist become NULL again, as the key had them."""
    people = apps.get_model("people", "Person").objects.values("pk")
    apps.get_model("imports", "ImportedRow").objects.exclude(person__in=people).update(person=None)


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0002_job_progress"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importedrow",
            name="person",
            field=models.BigIntegerField(null=True),
        ),
        migrations.RunPython(deleted_to_zero, gone_to_null, elidable=True),
        migrations.AlterField(
            model_name="importedrow",
            name="person",
            field=models.BigIntegerField(),
        ),
        migrations.RenameField(
            model_name="importedrow",
            old_name="person",
            new_name="record_id",
        ),
    ]
