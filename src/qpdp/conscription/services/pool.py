"""The pool: every registered citizen of call-up age with his state on a day, read in a fixed
number of queries and evaluated by ``rules``; the militia registry adds its flags (a standing
member's deferral ground, 24 months of standing service to recognise)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet

from qpdp.conscription import rules
from qpdp.conscription.models import (
    CallUpCycle,
    CallUpOrder,
    Decision,
    HealthKind,
    HealthResult,
    Outcome,
    ServiceRecognition,
    Volunteering,
)
from qpdp.conscription.rules import PoolState
from qpdp.conscription.rules.ages import (
    CALL_UP_MAX_AGE_AFTER_STUDY,
    MALE_REGISTRATION_AGE,
    latest_birth_reaching,
)
from qpdp.conscription.services._common import _residents
from qpdp.conscription.services.measures import measures_over
from qpdp.core.breaches import Flag
from qpdp.core.dates import PartialDate
from qpdp.core.units import Unit
from qpdp.militia import selectors as militia
from qpdp.people.models import Person


@dataclass(frozen=True, slots=True)
class PoolEntry:
    """A person of the pool with his evaluation (state, reasons, articles) on the pool's date."""

    person: Person
    evaluation: rules.Evaluation
    flags: tuple[Flag, ...] = ()

    @property
    def state(self) -> PoolState:
        return self.evaluation.state


def pool(
    cycle: CallUpCycle,
    units: QuerySet[Unit],
    *,
    on: dt.date,
    min_grade: int = rules.MIN_EDUCATION_GRADE,
) -> list[PoolEntry]:
    """Every registered citizen of ``units`` (within the cycle) who may be of call-up age on
    ``on``, with his state (``rules.evaluate``); ``min_grade`` is 7 where permitted (Circular
    148/2018 Art. 4.4).

    The birth-date window only saves reading people no rule could place in the pool: anyone
    registered (from the year he turns 17) and possibly not past 27 (Art. 30) is read, and the
    rules say whether he is under age, over age or in between. Nine queries whatever the size.
    """
    return _evaluate(cycle, pool_people(cycle, units, on), on, min_grade)


@dataclass(frozen=True, slots=True)
class PoolRow:
    """A person's place in the pool without his model instance: what counting, filtering by
    state and paging need. A ward's pool holds tens of thousands of people and building their
    ``Person`` instances costs more than evaluating them; a page shows a hundred."""

    pk: int
    evaluation: rules.Evaluation
    flags: tuple[Flag, ...] = ()

    @property
    def state(self) -> PoolState:
        return self.evaluation.state


def pool_rows(
    cycle: CallUpCycle,
    units: QuerySet[Unit],
    *,
    on: dt.date,
    min_grade: int = rules.MIN_EDUCATION_GRADE,
) -> list[PoolRow]:
    """``pool`` without the people: the same persons in the same order with the same
    evaluations, read as plain values; ``pool_entries`` turns the rows of a page into entries."""
    people, evaluations, records = evaluate_values(
        cycle, pool_people(cycle, units, on), on, min_grade=min_grade
    )
    return [
        PoolRow(p[0], e, records.flags(p[0], e)) for p, e in zip(people, evaluations, strict=True)
    ]


def evaluate_values(
    cycle: CallUpCycle,
    people_qs: QuerySet[Person],
    on: dt.date,
    *extra: str,
    min_grade: int = rules.MIN_EDUCATION_GRADE,
) -> tuple[list[tuple[Any, ...]], list[rules.Evaluation], _Records]:
    """The people of ``people_qs`` as plain value tuples in roster order (the six fields the
    rules read, then ``extra``), their evaluations in the same order, and the records read."""
    people = list(
        people_qs.annotate(registered_on=F("registration__registered_on"))
        .order_by("roster_key", "pk")
        .values_list(
            "pk",
            "gender",
            "birth_date",
            "birth_precision",
            "education_level",
            "registered_on",
            *extra,
        )
    )
    records = _records(cycle, people_qs, on)
    rows = [(records.facts(*p[:6]), records.decisions.get(p[0], ())) for p in people]
    evaluations = rules.evaluate_many(rows, on, min_grade=min_grade, calls_women=cycle.calls_women)
    return people, evaluations, records


def pool_entries(rows: Sequence[PoolRow]) -> list[PoolEntry]:
    """The entries of ``rows`` (a page of ``pool_rows``), in their order, as ``pool`` gives
    them; one query by id, so meant for a page, not a province."""
    found = (
        Person.objects.only(*_POOL_PERSON_FIELDS)
        .annotate(registered_on=F("registration__registered_on"))
        .in_bulk([row.pk for row in rows])
    )
    return [PoolEntry(found[row.pk], row.evaluation, row.flags) for row in rows]


def pool_people(cycle: CallUpCycle, units: QuerySet[Unit], on: dt.date) -> QuerySet[Person]:
    """Who ``pool`` reads: registered residents of the territory (``_common._residents``)
    born in the widest window."""
    oldest = latest_birth_reaching(CALL_UP_MAX_AGE_AFTER_STUDY + 1, on)
    territory = units.filter(pk__in=cycle.unit.subtree().values("pk"))
    return Person.objects.filter(
        _residents(territory, on),
        registration__isnull=False,
        birth_date__gte=dt.date(oldest.year, 1, 1),
        birth_date__lte=dt.date(on.year - MALE_REGISTRATION_AGE, 12, 31),
    )


def entries_of(cycle: CallUpCycle, person_ids: Sequence[int], on: dt.date) -> list[PoolEntry]:
    """The pool entries of ``person_ids`` in ``cycle`` on ``on`` (a page's people), in roster
    order, in nine queries."""
    return _evaluate(cycle, Person.objects.filter(pk__in=person_ids), on, rules.MIN_EDUCATION_GRADE)


def state_of(
    cycle: CallUpCycle,
    person: Person,
    on: dt.date,
    *,
    min_grade: int = rules.MIN_EDUCATION_GRADE,
) -> rules.Evaluation:
    """One person's state in ``cycle`` on ``on``, from the same records as ``pool``."""
    return _evaluate(cycle, Person.objects.filter(pk=person.pk), on, min_grade)[0].evaluation


# What a pool page shows of a person; loading only these keeps a province's pool in seconds
# (full model rows with their registration and unit cost three instances per person).
_POOL_PERSON_FIELDS = (
    "pk", "full_name", "birth_date", "birth_precision", "gender", "education_level", "address",
    "residence_unit",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Exam:
    health_class: int
    examined_on: dt.date
    drug_addicted: bool
    myopia_dioptres: Decimal | None
    hyperopia: bool
    bmi: Decimal | None


def _evaluate(
    cycle: CallUpCycle, people_qs: QuerySet[Person], on: dt.date, min_grade: int
) -> list[PoolEntry]:
    """Evaluate ``people_qs`` in ``cycle`` in nine queries; related rows are matched by
    subquery, not by a list of ids, which a province's pool would push past the database's
    parameter limit."""
    people = list(
        people_qs.only(*_POOL_PERSON_FIELDS)
        .annotate(registered_on=F("registration__registered_on"))
        .order_by("roster_key", "pk")
    )
    records = _records(cycle, people_qs, on)
    rows = [
        (
            records.facts(
                p.pk, p.gender, p.birth_date, p.birth_precision, p.education_level, p.registered_on
            ),
            records.decisions.get(p.pk, ()),
        )
        for p in people
    ]
    evaluations = rules.evaluate_many(rows, on, min_grade=min_grade, calls_women=cycle.calls_women)
    return [
        PoolEntry(p, e, records.flags(p.pk, e)) for p, e in zip(people, evaluations, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class _Records:
    """What the registries hold of the pool's people on the pool's date, by person id."""

    exams: dict[int, _Exam]
    decisions: dict[int, list[rules.Decision]]
    served: dict[int, tuple[dt.date | None, dt.date | None]]
    barred: dict[int, dt.date]
    recognised: dict[int, dt.date]
    standing: set[int]
    months: dict[int, int]
    volunteers: set[int]

    def facts(
        self,
        pk: int,
        gender: str,
        birth_date: dt.date,
        birth_precision: str,
        education_level: int | None,
        registered_on: dt.date | None,
    ) -> rules.PersonFacts:
        """The person's own data completed with his records."""
        return _facts(
            gender,
            birth_date,
            birth_precision,
            education_level,
            registered_on,
            self.exams.get(pk),
            self.served.get(pk, (None, None)),
            barred_until=self.barred.get(pk),
            recognised_on=self.recognised.get(pk),
            volunteer=pk in self.volunteers,
        )

    def flags(self, pk: int, evaluation: rules.Evaluation) -> tuple[Flag, ...]:
        standing, months = pk in self.standing, self.months.get(pk, 0)
        if not standing and not months:
            return ()
        return rules.militia_flags(evaluation.state, standing=standing, months=months)


def _records(cycle: CallUpCycle, people_qs: QuerySet[Person], on: dt.date) -> _Records:
    """The latest examination, the decisions, the handover and discharge, the Art. 13 measures,
    the Art. 4.4 recognition, the standing militia service and the cycle's volunteering
    applications of the people of ``people_qs``, as they stood on ``on``, in eight queries."""
    ids = people_qs.values("pk")
    exams: dict[int, _Exam] = {
        row[0]: _Exam(*row[1:])
        for row in HealthResult.objects.filter(
            person__in=ids, kind=HealthKind.EXAMINATION, examined_on__lte=on
        )
        .order_by("examined_on", "pk")
        .values_list(
            "person_id",
            "health_class",
            "examined_on",
            "drug_addicted",
            "myopia_dioptres",
            "hyperopia",
            "bmi",
        )
    }
    decisions: dict[int, list[rules.Decision]] = defaultdict(list)
    for d in Decision.objects.filter(person__in=ids, decided_on__lte=on):
        rule = d.as_rule()
        if rule is not None:
            decisions[d.person_id].append(rule)
    # The discharge is a LEFT JOIN: None for a soldier still serving.
    served: dict[int, tuple[dt.date | None, dt.date | None]] = {
        person_id: (handed_over_on, discharged_on)
        for person_id, handed_over_on, discharged_on in CallUpOrder.objects.filter(
            person__in=ids, outcome=Outcome.HANDED_OVER, handed_over_on__lte=on
        ).values_list("person_id", "handed_over_on", "discharge__discharged_on")
    }
    measures: dict[int, list[rules.Measure]] = defaultdict(list)
    for person_id, starts_on, ends_on in measures_over(people_qs, on, on).values_list(
        "person_id", "starts_on", "ends_on"
    ):
        measures[person_id].append(rules.Measure(starts_on, ends_on))
    barred = {
        pk: until
        for pk, found in measures.items()
        if (until := rules.barred_until(found, on)) is not None
    }
    recognised = dict(
        ServiceRecognition.objects.filter(person__in=ids, recognised_on__lte=on).values_list(
            "person_id", "recognised_on"
        )
    )
    return _Records(
        exams,
        decisions,
        served,
        barred,
        recognised,
        militia.standing_members_on(ids, on),
        militia.standing_service_months(ids, on),
        set(
            Volunteering.objects.filter(
                cycle=cycle, person__in=ids, applied_on__lte=on
            ).values_list("person_id", flat=True)
        ),
    )


def _facts(
    gender: str,
    birth_date: dt.date,
    birth_precision: str,
    education_level: int | None,
    registered_on: dt.date | None,
    exam: _Exam | None,
    service: tuple[dt.date | None, dt.date | None],
    *,
    barred_until: dt.date | None = None,
    recognised_on: dt.date | None = None,
    volunteer: bool = False,
) -> rules.PersonFacts:
    return rules.PersonFacts(
        gender=gender,
        birth=PartialDate.from_stored(birth_date, birth_precision),
        registered_on=registered_on,
        health_class=exam.health_class if exam else None,
        health_exam_on=exam.examined_on if exam else None,
        drug_addicted=bool(exam and exam.drug_addicted),
        myopia_dioptres=float(exam.myopia_dioptres)
        if exam and exam.myopia_dioptres is not None
        else None,
        hyperopia=bool(exam and exam.hyperopia),
        bmi=float(exam.bmi) if exam and exam.bmi is not None else None,
        education_grade=min(education_level, 12) if education_level is not None else None,
        in_service_from=service[0],
        discharged_on=service[1],
        barred_until=barred_until,
        service_recognised_on=recognised_on,
        volunteer=volunteer,
    )


def reserve_list(cycle: CallUpCycle, units: QuerySet[Unit], *, on: dt.date) -> list[PoolEntry]:
    """The callable remainder: callable on ``on`` and without a live order in this cycle; a
    failed report is replaced from it."""
    ordered = set(
        CallUpOrder.objects.filter(cycle=cycle)
        .exclude(outcome=Outcome.CANCELLED)
        .values_list("person_id", flat=True)
    )
    return [
        entry
        for entry in pool(cycle, units, on=on)
        if entry.evaluation.is_callable and entry.person.pk not in ordered
    ]
