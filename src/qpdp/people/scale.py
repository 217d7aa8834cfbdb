"""The population at a province's or the nation's size (``qpdp seed_demo --scale``), column-wise.

``people.population`` draws one person at a time (about 60 µs each in Python); here every
attribute is one NumPy draw per chunk of people, with the same names, proportions and cohorts.
Name keys are computed by the app's own functions (``core.vietnamese``) once per distinct
(family, middle, given) combination, about fifty thousand, and looked up for each person, so
every stored key is the one the app would compute. A seed gives the same people on every run.
"""

from __future__ import annotations

import datetime as dt
import time
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

import numpy as np
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.core.bulk import indexes_deferred
from qpdp.core.demo import DemoContext, DemoError, in_order
from qpdp.core.scale import (
    NATIONAL_PROVINCES,
    Cohort,
    Column,
    Progress,
    Scale,
    grouped,
    ranks,
    write_columns,
)
from qpdp.core.units import Unit, UnitKind, UnitSuccession
from qpdp.core.vietnamese import full_name_of, name_search_key, roster_key
from qpdp.imports.writer import allocate_ids
from qpdp.people.choices import BirthPrecision, EducationLevel, Gender
from qpdp.people.models import Person, Residence
from qpdp.people.population import (
    FAMILY_NAMES,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    MALE_GIVEN,
    MALE_MIDDLE,
    OCCUPATIONS,
    PHONE_PREFIXES,
    STREETS,
    WORKPLACES,
)

CHUNK: Final = 250_000
SERIAL_STRIDE: Final = 7919
"""Serials are the running count of a (gender, birth year) group times a prime coprime to 10⁶,
modulo 10⁶: unique up to a million people per group and province, scattered like real ones."""
ADULT_EDUCATION: Final = (
    EducationLevel.VOCATIONAL, EducationLevel.COLLEGE, EducationLevel.UNIVERSITY,
    EducationLevel.UNIVERSITY, EducationLevel.POSTGRADUATE,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Names:
    """Every (family, middle, given) combination of one gender with its stored forms."""

    middle: Column
    given: Column
    full: Column
    search: Column
    roster: Column


@cache
def _names(male: bool) -> _Names:
    middles = MALE_MIDDLE if male else FEMALE_MIDDLE
    givens = MALE_GIVEN if male else FEMALE_GIVEN
    combos = [
        (family, middle, given)
        for family, _share in FAMILY_NAMES
        for middle in middles
        for given in givens
    ]
    return _Names(
        middle=np.array(middles, dtype=object),
        given=np.array(givens, dtype=object),
        full=np.array([full_name_of(*c) for c in combos], dtype=object),
        search=np.array([name_search_key(*c) for c in combos], dtype=object),
        roster=np.array([roster_key(*c) for c in combos], dtype=object),
    )


def _choose(rng: np.random.Generator, count: int, sizes: Column | int) -> Column:
    """An index below ``sizes[i]`` for each row, uniform."""
    return (rng.random(count) * sizes).astype(np.int64)


def _ages(rng: np.random.Generator, count: int) -> Column:
    """Ages 0–85 with a bulge at 15–45, the bands of ``population._age_years``."""
    band = rng.random(count)
    return np.select(
        [band < 0.10, band < 0.55, band < 0.75],
        [rng.integers(15, 18, count), rng.integers(18, 46, count), rng.integers(0, 15, count)],
        rng.integers(46, 86, count),
    )


def _education(rng: np.random.Generator, ages: Column) -> Column:
    roll = rng.random(len(ages))
    adult = np.select(
        [roll < 0.05, roll < 0.25, roll < 0.60],
        [rng.integers(5, 8, len(ages)), np.full(len(ages), 9), np.full(len(ages), 12)],
        np.array(ADULT_EDUCATION, dtype=np.int64)[_choose(rng, len(ages), len(ADULT_EDUCATION))],
    )
    levels = np.where(ages < 18, np.minimum(ages - 6, 12), adult).astype(object)
    levels[ages < 6] = None
    return levels


def generate(
    rng: np.random.Generator, count: int, *, today: dt.date, id_prefix: str, serials: Column
) -> dict[str, Column]:
    """``count`` people as columns named after ``Person``'s fields (plus ``male``).

    ``serials`` holds the running count of each (gender, birth year) group of the province and
    is advanced, so chunks drawn one after another never repeat an identity number.
    """
    male = rng.random(count) < 0.5
    ages = _ages(rng, count)
    born = np.datetime64(today, "D") - (ages * 365 + rng.integers(0, 365, count))
    by_year = (ages > 55) & (rng.random(count) < 0.08)
    by_month = ~by_year & (ages > 45) & (rng.random(count) < 0.05)
    born = np.where(by_year, born.astype("datetime64[Y]").astype("datetime64[D]"), born)
    born = np.where(by_month, born.astype("datetime64[M]").astype("datetime64[D]"), born)
    precision = np.where(
        by_year, BirthPrecision.YEAR, np.where(by_month, BirthPrecision.MONTH, BirthPrecision.DAY)
    ).astype(object)
    shares = np.array([share for _name, share in FAMILY_NAMES])
    family = rng.choice(len(FAMILY_NAMES), count, p=shares / shares.sum())
    columns: dict[str, Column] = {"family_name": np.array([n for n, _s in FAMILY_NAMES], object)}
    columns["family_name"] = columns["family_name"][family]
    middle = np.zeros(count, np.int64)
    given = np.zeros(count, np.int64)
    for name_male in (True, False):
        rows = np.flatnonzero(male == name_male)
        names = _names(name_male)
        middle[rows] = _choose(rng, len(rows), len(names.middle))
        given[rows] = _choose(rng, len(rows), len(names.given))
    for key in ("middle_name", "given_name", "full_name", "search_key", "roster_key"):
        columns[key] = np.empty(count, dtype=object)
    for name_male in (True, False):
        rows = np.flatnonzero(male == name_male)
        names = _names(name_male)
        combo = (family[rows] * len(names.middle) + middle[rows]) * len(names.given) + given[rows]
        columns["middle_name"][rows] = names.middle[middle[rows]]
        columns["given_name"][rows] = names.given[given[rows]]
        columns["full_name"][rows] = names.full[combo]
        columns["search_key"][rows] = names.search[combo]
        columns["roster_key"][rows] = names.roster[combo]
    years = born.astype("datetime64[Y]").astype(np.int64) + 1970
    group = (~male).astype(np.int64) * 400 + (years - 1900)
    serial = ((serials[group] + ranks(group)) * SERIAL_STRIDE + 104_729) % 1_000_000
    np.add.at(serials, group, 1)
    century_gender = 2 * ((years - 1900) // 100) + (~male).astype(np.int64)
    digits = (century_gender * 100 + years % 100) * 1_000_000 + serial
    columns["id_number"] = np.strings.add(id_prefix, np.strings.zfill(digits.astype(str), 9))
    columns["birth_date"] = born
    columns["birth_precision"] = precision
    columns["gender"] = np.where(male, Gender.MALE, Gender.FEMALE).astype(object)
    columns["education_level"] = _education(rng, ages)
    occupation = np.array(OCCUPATIONS[1:9], dtype=object)[_choose(rng, count, 8)]
    occupation = np.where((ages >= 6) & (ages < 18), "Học sinh", occupation)
    occupation = np.where(ages < 6, "", np.where(ages > 62, "Hưu trí", occupation))
    columns["occupation"] = occupation
    workplace = np.array(WORKPLACES, dtype=object)[_choose(rng, count, len(WORKPLACES))]
    columns["workplace"] = np.where((ages < 6) | (ages > 62), "", workplace)
    addresses = np.array([f"Số {n} {s}" for n in range(1, 251) for s in STREETS], dtype=object)
    columns["address"] = addresses[_choose(rng, count, len(addresses))]
    prefixes = np.array([int(p) for p in PHONE_PREFIXES], dtype=np.int64)
    numbers = prefixes[_choose(rng, count, len(prefixes))] * 10_000_000 + rng.integers(
        0, 10_000_000, count
    )
    columns["phone"] = np.where(ages >= 16, np.strings.add("0", numbers.astype(str)), "")
    columns["party_member"] = (ages >= 18) & (rng.random(count) < np.where(ages < 30, 0.04, 0.09))
    columns["male"] = male
    return columns


def _chains(
    communes: Sequence[Unit], history_start: dt.date
) -> tuple[list[int], Column, Column, Column]:
    """For each commune, the wards its people may have lived in, oldest first: every path of
    predecessors ending at it. Returns the first chain of each commune, then the chain table."""
    links: dict[int, list[int]] = {}
    for predecessor, successor in UnitSuccession.objects.values_list(
        "predecessor_id", "successor_id"
    ):
        links.setdefault(successor, []).append(predecessor)

    def paths(unit: int, later: frozenset[int]) -> Iterator[list[int]]:
        earlier = [pk for pk in links.get(unit, []) if pk not in later]
        if not earlier:
            yield [unit]
        for predecessor in earlier:
            for path in paths(predecessor, later | {unit}):
                yield [*path, unit]

    chains: list[list[int]] = []
    first: list[int] = []
    for commune in communes:
        first.append(len(chains))
        chains.extend(paths(commune.pk, frozenset()))
    first.append(len(chains))
    width = max(len(c) for c in chains)
    units = np.full((len(chains), width), -1, np.int64)
    for row, chain in enumerate(chains):
        units[row, : len(chain)] = chain
    dates = dict(
        (pk, (start, end))
        for pk, start, end in Unit.objects.filter(
            pk__in=set(units[units >= 0].tolist())
        ).values_list("pk", "valid_from", "valid_to")
    )
    starts = np.full(units.shape, np.datetime64("NaT", "D"), "datetime64[D]")
    ends = starts.copy()
    for (row, position), pk in np.ndenumerate(units):
        if pk >= 0:
            start, end = dates[int(pk)]
            starts[row, position] = start or history_start
            ends[row, position] = end or np.datetime64("NaT", "D")
    return first, units, starts, ends


def _residences(cohort: Cohort, history_start: dt.date) -> int:
    """One ``Residence`` per ward of the person's chain that still existed at birth."""
    born = cohort.born
    written = 0
    for position in range(cohort.chain_units.shape[1]):
        units = cohort.chain_units[cohort.chain, position]
        ends = cohort.chain_to[cohort.chain, position]
        lived = (units >= 0) & ~(ends < born)
        starts = np.maximum(cohort.chain_from[cohort.chain, position], born)
        written += write_columns(
            Residence,
            {
                "person": cohort.ids[lived],
                "unit": units[lived],
                "valid_from": starts[lived],
                "valid_to": ends[lived],
            },
            rows=int(lived.sum()),
        )
    return written


def _provinces(scale: Scale, today: dt.date) -> list[Unit]:
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE).valid_on(today).order_by("code")
    if scale.provinces is not None:
        provinces = provinces.filter(code__in=scale.provinces)
    found = list(provinces)
    expected = NATIONAL_PROVINCES if scale.provinces is None else len(scale.provinces)
    if len(found) != expected:
        raise DemoError(
            _("Danh mục có {found} trên {expected} tỉnh cần: hãy chạy “qpdp load_units”.").format(
                found=len(found), expected=expected
            )
        )
    return found


def _shares(provinces: Sequence[Unit], total: int, today: dt.date) -> list[int]:
    """People per province, in proportion to its communes in force today."""
    sizes = dict(
        Unit.objects.filter(parent__in=provinces, kind=UnitKind.COMMUNE)
        .valid_on(today)
        .values_list("parent_id")
        .annotate(n=Count("pk"))
    )
    weights = np.array([sizes.get(p.pk, 0) for p in provinces], dtype=np.float64)
    if weights.sum() == 0:
        raise DemoError(_("Tỉnh chưa có xã, phường: hãy chạy “qpdp load_units”."))
    counts = np.floor(total * weights / weights.sum()).astype(np.int64)
    counts[np.argmax(weights)] += total - counts.sum()
    return [int(c) for c in counts]


def seed_scale(context: DemoContext, scale: Scale, total: int, seed: int) -> None:
    """Write ``total`` people over the scale's provinces and every registry's records for them,
    province by province, with a progress bar over the people."""
    provinces = _provinces(scale, context.today)
    if Person.objects.filter(residence_unit__parent__in=provinces).exists():
        context.write(_("Dữ liệu mẫu đã có; không tạo lại."))
        return
    shares = _shares(provinces, total, context.today)
    if Person.objects.exists():
        _write(context, provinces, shares, seed)
        return
    # Into empty tables, the two largest are written without their non-unique indexes, which are
    # built once at the end, all in one transaction (a failure leaves the tables as they were).
    with transaction.atomic(), indexes_deferred(Person, Residence):
        _write(context, provinces, shares, seed)
        context.write(_("Tạo chỉ mục của danh sách công dân…"))
        started = time.perf_counter()
    context.write(
        _("Đã tạo chỉ mục trong {seconds:.0f} giây.").format(seconds=time.perf_counter() - started)
    )


def _write(
    context: DemoContext, provinces: Sequence[Unit], shares: Sequence[int], seed: int
) -> None:
    """Each province in its own transaction: its people, then every registry's records."""
    progress = Progress(context.write, sum(shares), _("công dân"))
    steps = [demo for demo in in_order() if demo.scale is not None]
    for index, (province, count) in enumerate(zip(provinces, shares, strict=True)):
        if count == 0:
            continue
        started = time.perf_counter()
        with transaction.atomic():
            cohort = _province(context, province, index, count, seed, progress)
            for demo in steps:
                assert demo.scale is not None
                cohort.rng = np.random.default_rng([seed, index, zlib.crc32(demo.name.encode())])
                demo.scale(context, cohort)
        context.write(_report(province, cohort.counts, time.perf_counter() - started))


def _report(province: Unit, counts: Mapping[str, int], seconds: float) -> str:
    figures = ", ".join(f"{grouped(n)} {label}" for label, n in counts.items())
    return _("{province}: {figures} ({seconds:.0f} giây)").format(
        province=province.label, figures=figures, seconds=seconds
    )


def _province(
    context: DemoContext, province: Unit, index: int, count: int, seed: int, progress: Progress
) -> Cohort:
    communes = list(
        Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE)
        .valid_on(context.today)
        .order_by("code")
    )
    first, chain_units, chain_from, chain_to = _chains(communes, context.history_start)
    rng = np.random.default_rng([seed, index])
    weights = rng.lognormal(0, 0.4, len(communes))
    serials = np.zeros(800, np.int64)
    now = timezone.now()
    parts: list[dict[str, Column]] = []
    for chunk, start in enumerate(range(0, count, CHUNK)):
        size = min(CHUNK, count - start)
        chunk_rng = np.random.default_rng([seed, index, chunk])
        columns = generate(
            chunk_rng,
            size,
            today=context.today,
            id_prefix=province.code.zfill(3),
            serials=serials,
        )
        where = chunk_rng.choice(len(communes), size, p=weights / weights.sum())
        starts = np.array(first[:-1])[where]
        chain = starts + _choose(chunk_rng, size, np.diff(first)[where])
        ids = np.array(allocate_ids(Person, size), dtype=np.int64)
        commune_ids = np.array([c.pk for c in communes], dtype=np.int64)[where]
        male = columns.pop("male")
        write_columns(
            Person,
            {
                "id": ids,
                **columns,
                "residence_unit": commune_ids,
                "legacy_id_number": "",
                "ethnicity": "Kinh",
                "religion": "Không",
                "notes": "",
                "version": 1,
                "created_at": now,
                "updated_at": now,
            },
            rows=size,
            progress=progress,
        )
        parts.append(
            {
                "ids": ids,
                "commune": commune_ids,
                "male": male,
                "born": columns["birth_date"],
                "chain": chain,
            }
        )
    cohort = Cohort(
        province=province,
        communes=communes,
        today=context.today,
        rng=rng,
        chain_units=chain_units,
        chain_from=chain_from,
        chain_to=chain_to,
        ids=np.concatenate([part["ids"] for part in parts]),
        commune=np.concatenate([part["commune"] for part in parts]),
        male=np.concatenate([part["male"] for part in parts]),
        born=np.concatenate([part["born"] for part in parts]),
        chain=np.concatenate([part["chain"] for part in parts]),
    )
    cohort.counts[_("công dân")] = count
    cohort.counts[_("thời kỳ cư trú")] = _residences(cohort, context.history_start)
    return cohort
