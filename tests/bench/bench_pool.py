"""Benchmark: evaluate the call-up pool of synthetic people in memory (the rules engine alone).

Run as ``python tests/bench/bench_pool.py [count]``: 100,000 people by default, 500,000 at
``QPDP_BENCH_SCALE=province`` (``QPDP_BENCH_POOL_PEOPLE`` overrides; `tests/bench/steps/_scale.py`).
The people are generated deterministically (fixed seed) with a realistic mix: mostly men aged 15–30, some partial birth dates, health
classes, education grades, a share with deferral or exemption decisions, some in service.
Only ``evaluate_many`` is timed; the figures are printed, with the count of each state.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
# The rules read dated parameters from a model module: Django is set up first (no query runs).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qpdp.settings")
django.setup()

from tests.bench.steps._scale import bench_scale  # noqa: E402

from qpdp.conscription.rules import (  # noqa: E402
    BirthDate,
    Decision,
    DecisionKind,
    PersonFacts,
    evaluate_many,
)

REFERENCE_DAY = date(2026, 2, 10)
SEED = 20260210

Row = tuple[PersonFacts, Sequence[Decision]]


def _birth(rng: random.Random, seen: dict[tuple[int, int, int], BirthDate]) -> BirthDate:
    """A birth date, shared between people born the same day as a loader would share it."""
    born = REFERENCE_DAY - timedelta(days=rng.randint(15 * 365, 30 * 365))
    roll = rng.random()
    key = (born.year, 0 if roll < 0.03 else born.month, 0 if roll < 0.06 else born.day)
    if key not in seen:
        year, month, day = key
        seen[key] = BirthDate(year, month or None, day or None)
    return seen[key]


def _decisions(rng: random.Random) -> Sequence[Decision]:
    roll = rng.random()
    if roll < 0.12:
        code = rng.choice(["a", "b", "c", "d", "dd", "e", "g", "g", "g", "h"])
        decided = date(2025, 12, rng.randint(1, 28))
        return (
            Decision(
                DecisionKind.DEFERRAL,
                code,
                decided,
                until=decided + timedelta(days=rng.randint(30, 1500)),
                higher_education=code == "g" and rng.random() < 0.5,
            ),
        )
    if roll < 0.15:
        decided = date(2025, 12, rng.randint(1, 28))
        return (Decision(DecisionKind.EXEMPTION, rng.choice(["a", "b", "c", "d", "dd"]), decided),)
    return ()


def _person(rng: random.Random, births: dict[tuple[int, int, int], BirthDate]) -> PersonFacts:
    examined = rng.random() < 0.7
    in_service = rng.random() < 0.04
    return PersonFacts(
        gender="M" if rng.random() < 0.97 else "F",
        birth=_birth(rng, births),
        registered_on=date(2022, 4, 15) if rng.random() < 0.92 else None,
        health_class=rng.randint(1, 6) if examined else None,
        health_exam_on=date(2025, 11, rng.randint(1, 30)) if examined else None,
        drug_addicted=rng.random() < 0.005,
        myopia_dioptres=round(rng.uniform(0, 4), 1) if rng.random() < 0.2 else None,
        hyperopia=rng.random() < 0.02,
        bmi=round(rng.gauss(21.5, 3.0), 1) if examined else None,
        education_grade=rng.randint(5, 12) if rng.random() < 0.97 else None,
        in_service_from=date(2025, 2, 15) if in_service else None,
        volunteer=rng.random() < 0.02,
    )


def generate(count: int, seed: int = SEED) -> list[Row]:
    """``count`` people with their decisions, the same list for the same seed."""
    rng = random.Random(seed)
    births: dict[tuple[int, int, int], BirthDate] = {}
    return [(_person(rng, births), _decisions(rng)) for _ in range(count)]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else bench_scale().pool_people
    started = time.perf_counter()
    rows = generate(count)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    results = evaluate_many(rows, REFERENCE_DAY)
    elapsed = time.perf_counter() - started
    print(f"people:          {count:,}")
    print(f"generation:      {generated:.2f} s (not timed below)")
    print(f"evaluate_many:   {elapsed:.2f} s")
    print(f"throughput:      {count / elapsed:,.0f} people/s")
    print(f"per person:      {elapsed / count * 1e6:.2f} µs")
    for state, n in Counter(result.state for result in results).most_common():
        print(f"  {state.value:<16} {n:>8,}")


if __name__ == "__main__":
    main()
