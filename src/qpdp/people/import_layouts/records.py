"""How rows of a citizens' list meet the person registry: prepared, matched, written, undone.

``PeopleRecords`` is the ``imports.records.Records`` of the people layout, and the base of
layouts whose rows carry a citizen's own data beside their registry's (a first registration).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.db.models import Exists, OuterRef, ProtectedError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qpdp.core.access import AnyUser
from qpdp.core.dates import PartialDate
from qpdp.core.identity import IdentityError, decode
from qpdp.core.vietnamese import full_name_of, name_search_key
from qpdp.imports.models import ImportedRow, ImportRun, RowAction
from qpdp.imports.records import Action, Plan, RowContext, problem
from qpdp.people.import_layouts import writer
from qpdp.people.models import Person
from qpdp.people.services import DERIVED_FIELDS, NAME_FIELDS

PERSON_FIELDS: Final = (
    "id_number",
    "legacy_id_number",
    "family_name",
    "middle_name",
    "given_name",
    "gender",
    "ethnicity",
    "religion",
    "education_level",
    "address",
    "phone",
    "occupation",
    "workplace",
    "notes",
)
"""Layout values copied to ``Person`` as they are (the parsers already cleaned them)."""

_LOOKUP_CHUNK: Final = 2000
_UNDO_CHUNK: Final = 1000


def _limits() -> dict[str, tuple[int, str]]:
    """Person text fields' maximum lengths, with the label an error names."""
    limits: dict[str, tuple[int, str]] = {}
    for model_field in Person._meta.concrete_fields:
        limit = getattr(model_field, "max_length", None)
        if limit and isinstance(model_field, models.CharField | models.TextField):
            label = str(getattr(model_field, "verbose_name", model_field.name))
            limits[model_field.attname] = (limit, label[:1].upper() + label[1:])
    return limits


_REQUIRED_FOR_CREATE: Final = (
    ("family_name", gettext_noop("Họ")),
    ("given_name", gettext_noop("Tên")),
    ("birth_date", gettext_noop("Ngày sinh")),
    ("gender", gettext_noop("Giới tính")),
)


class PeopleRecords:
    """People: matched by identity number, or without one by folded name, birth date and ward
    (the key ``people.services.similar_people`` uses), so a list re-imports without duplicates.

    A subclass that writes records beside the people (a registration) extends ``prepare``,
    ``classify`` and ``write`` and undoes its own records in ``undo_beside``.
    """

    unit_key: str = "residence_unit_id"
    match_key: str = "id_number"
    match_fields: tuple[str, ...] = ("id_number", "id_or_legacy_number")

    def duplicate_reason(self, key: str, rows: Sequence[int]) -> str:
        return _("Số định danh %(number)s trùng ở các dòng %(rows)s trong tệp.") % {
            "number": key,
            "rows": ", ".join(str(row) for row in rows),
        }

    def prepare(self, values: dict[str, object], context: RowContext, plan: Plan) -> dict[str, Any]:
        """Layout values → ``Person`` column values (JSON-able), with the checks the model makes."""
        data: dict[str, Any] = {name: values[name] for name in PERSON_FIELDS if name in values}
        born = values.get("birth_date")
        if isinstance(born, PartialDate):
            data["birth_date"] = born.earliest.isoformat()
            data["birth_precision"] = str(born.precision)
        if "gender" not in data and isinstance(data.get("id_number"), str):
            with contextlib.suppress(IdentityError):
                data["gender"] = decode(data["id_number"]).gender
        unit_ref = values.get("residence_unit")
        unit, message = context.resolver.resolve(unit_ref if isinstance(unit_ref, str) else None)
        if message:
            plan.problems.append(problem(plan.row, context.locate("residence_unit"), message))
        else:
            data["residence_unit_id"] = unit.pk if unit is not None else None
        for name, value in data.items():
            limit = _LIMITS.get(name)
            if limit is not None and isinstance(value, str) and len(value) > limit[0]:
                reason = _("%(field)s dài quá %(limit)s ký tự.") % {
                    "field": limit[1],
                    "limit": limit[0],
                }
                plan.problems.append(problem(plan.row, context.locate(name), reason))
        if data.get("given_name"):
            parts = [data.get(part) or "" for part in NAME_FIELDS]
            data["full_name"] = full_name_of(*parts)
            data["search_key"] = name_search_key(*parts)
        return data

    def classify(self, user: AnyUser, plans: Sequence[Plan], context: RowContext) -> None:
        """Turn creates into updates or unchanged rows for people already in the registry."""
        numbers = [plan.data["id_number"] for plan in plans if plan.data.get("id_number")]
        known_ids = _known_numbers(numbers)
        people = Person.objects.in_bulk(list(known_ids.values())) if known_ids else {}
        by_number = {number: people[pk] for number, pk in known_ids.items()}
        by_name: dict[tuple[str, str, int], list[Person]] = {}
        key_list = list({key[0] for plan in plans if (key := _name_key(plan.data))})
        for start in range(0, len(key_list), _LOOKUP_CHUNK):
            chunk = key_list[start : start + _LOOKUP_CHUNK]
            for known in Person.objects.filter(search_key__in=chunk, id_number__isnull=True):
                key = (known.search_key, known.birth_date.isoformat(), known.residence_unit_id)
                by_name.setdefault(key, []).append(known)
        editable = set(
            Person.objects.editable_by(user)
            .filter(pk__in=[p.pk for p in by_number.values()])
            .values_list("pk", flat=True)
        )
        column = context.locate("id_number", "id_or_legacy_number")
        for plan in plans:
            number = plan.data.get("id_number")
            person: Person | None
            if number:
                person = by_number.get(number)
                if person is not None and person.pk not in editable:
                    reason = _(
                        "Số định danh %(number)s đã có ở đơn vị ngoài phạm vi của bạn; "
                        "không cập nhật được."
                    ) % {"number": number}
                    plan.problems.append(problem(plan.row, column, reason))
                    continue
            else:
                name_key = _name_key(plan.data)
                found = by_name.get(name_key, []) if name_key else []
                person = found[0] if len(found) == 1 else None
            plan.record_id = None
            plan.changes = {}
            if person is None:
                plan.action = Action.CREATE
                _check_create(plan)
                continue
            plan.record_id = person.pk
            plan.changes = _changes(person, plan.data)
            plan.action = Action.UPDATE if plan.changes else Action.UNCHANGED

    def write(
        self, user: AnyUser, run: ImportRun, plans: Sequence[Plan], *, today: dt.date
    ) -> None:
        writer.create_people(run, [p for p in plans if p.action is Action.CREATE], today=today)
        writer.update_people(run, [p for p in plans if p.action is Action.UPDATE], today=today)

    def undo(self, user: AnyUser, run: ImportRun) -> None:
        """Delete the people the run created and restore those it changed, if untouched since.

        The checks are set-based queries over the run's links and the work goes a chunk at a
        time, so undoing a million-row import does not load its links at once.
        """
        links = run.rows.all()
        unchanged = Person.objects.filter(
            pk=OuterRef("record_id"), version=OuterRef("version_after")
        )
        stale = links.filter(~Exists(unchanged))
        first_stale = stale.order_by("row_number").values_list("row_number", flat=True).first()
        if first_stale is not None:
            raise ValidationError(
                _(
                    "Không hoàn tác được: %(count)s công dân đã được sửa hoặc xóa sau lần nhập "
                    "này (ví dụ dòng %(row)s)."
                )
                % {"count": stale.count(), "row": first_stale}
            )
        if links.exclude(record_id__in=Person.objects.editable_by(user).values("pk")).exists():
            raise PermissionDenied(_("Bạn không có quyền sửa một số công dân của lần nhập này."))
        moved_on = (
            timezone.localdate(run.committed_at) if run.committed_at else timezone.localdate()
        )
        self.undo_beside(user, run)
        created = links.filter(action=RowAction.CREATED).order_by("pk")
        last = 0
        try:
            while chunk := list(
                created.filter(pk__gt=last).values_list("pk", "record_id")[:_UNDO_CHUNK]
            ):
                last = chunk[-1][0]
                Person.objects.filter(pk__in=[record for _link, record in chunk]).delete()
        except ProtectedError:
            raise ValidationError(
                _("Không hoàn tác được: một số công dân đã có hồ sơ ở nghiệp vụ khác.")
            ) from None
        batch: list[ImportedRow] = []
        for link in links.filter(action=RowAction.UPDATED).iterator(chunk_size=_UNDO_CHUNK):
            batch.append(link)
            if len(batch) == _UNDO_CHUNK:
                writer.restore_people(batch, moved_on=moved_on)
                batch = []
        writer.restore_people(batch, moved_on=moved_on)

    def undo_beside(self, user: AnyUser, run: ImportRun) -> None:
        """Remove what the layout wrote beside the people, before they are undone (nothing
        here: the people layout writes people and their residence periods only)."""


_LIMITS: Final = _limits()


def _known_numbers(numbers: Sequence[str]) -> dict[str, int]:
    """Identity number → person id for the numbers already in the registry.

    Most rows of a large import are new people, so only the matches are then read in full. On
    PostgreSQL the numbers go as one array parameter: an ``IN`` list of thousands of bound
    values costs more to build and plan than the lookup itself.
    """
    known: dict[str, int] = {}
    if connection.vendor == "postgresql" and numbers:
        table = connection.ops.quote_name(Person._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id_number, id FROM {table} WHERE id_number = ANY(%s)", [list(numbers)]
            )
            return dict(cursor.fetchall())
    for start in range(0, len(numbers), _LOOKUP_CHUNK):
        chunk = numbers[start : start + _LOOKUP_CHUNK]
        found = Person.objects.filter(id_number__in=chunk).values_list("id_number", "pk")
        known.update((str(number), pk) for number, pk in found)
    return known


def _name_key(data: Mapping[str, Any]) -> tuple[str, str, int] | None:
    unit = data.get("residence_unit_id")
    born = data.get("birth_date")
    if unit is None or born is None or not data.get("search_key"):
        return None
    return data["search_key"], born, unit


def _check_create(plan: Plan) -> None:
    """A new person needs what the registry requires of every person."""
    for name, label in _REQUIRED_FOR_CREATE:
        if not plan.data.get(name):
            reason = str(format_lazy(_("Thiếu {field}."), field=_(label)))
            plan.problems.append(problem(plan.row, "", reason))


_COMPARED: Final = frozenset(
    model_field.attname
    for model_field in Person._meta.concrete_fields
    if model_field.attname not in DERIVED_FIELDS
)
"""Person columns a row may change; other values of a plan (derived, or another record's)
are not compared."""


def _changes(person: Person, data: Mapping[str, Any]) -> dict[str, Any]:
    """Fields the file gives differently from the registry; a blank cell never erases a value."""
    changes: dict[str, Any] = {}
    for name, value in data.items():
        if name not in _COMPARED:
            continue
        current = getattr(person, name)
        if isinstance(current, dt.date):
            current = current.isoformat()
        if current != value:
            changes[name] = value
    return changes
