"""Migration 0003: a run's links keep naming their people after the foreign key became an id."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from qpdp.imports.models import ImportedRow, ImportRun
from qpdp.people.models import Person

BEFORE = [("imports", "0002_job_progress")]
AFTER = [("imports", "0003_imported_row_record")]


def migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_links_keep_their_people_and_a_deleted_persons_link_matches_nobody(
    tree: Any, make_person: Any
) -> None:
    kept = make_person(tree.kinh_bac)
    gone = make_person(tree.kinh_bac)
    run = ImportRun.objects.create(file_name="a.xlsx", checksum="0" * 64, unit=tree.kinh_bac)
    try:
        old = migrate(BEFORE)
        links = old.get_model("imports", "ImportedRow").objects
        for row, person in ((2, kept), (3, gone)):
            links.create(
                run_id=run.pk,
                person_id=person.pk,
                row_number=row,
                action="created",
                version_after=1,
            )
        old.get_model("people", "Residence").objects.filter(person_id=gone.pk).delete()
        old.get_model("people", "Person").objects.filter(pk=gone.pk).delete()  # link → NULL

        migrate(AFTER)
        assert dict(ImportedRow.objects.values_list("row_number", "record_id")) == {
            2: kept.pk,
            3: 0,
        }

        back = migrate(BEFORE)
        assert dict(
            back.get_model("imports", "ImportedRow").objects.values_list("row_number", "person_id")
        ) == {2: kept.pk, 3: None}
    finally:
        migrate(AFTER)
    assert Person.objects.filter(pk=kept.pk).exists()
