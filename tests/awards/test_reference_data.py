"""The seeded powers: every form of award has some authority on every day, on both sides of the
end of the district level (30/06/2025), and the rows that fill the gaps say they are unverified."""

from __future__ import annotations

import datetime as dt

import pytest

from qpdp.awards import rules
from qpdp.awards.models import AwardAuthority, AwardForm
from qpdp.core.parameters import is_unverified

pytestmark = pytest.mark.django_db
DAYS = (
    dt.date(2004, 1, 1),
    dt.date(2022, 12, 28),
    dt.date(2024, 1, 1),
    dt.date(2025, 6, 30),
    dt.date(2025, 7, 1),
    dt.date(2026, 10, 1),
)


def powers() -> list[rules.Power]:
    return [
        rules.Power(row.form.code, row.level, row.valid_from, row.valid_to)
        for row in AwardAuthority.objects.select_related("form")
    ]


@pytest.mark.parametrize("day", DAYS, ids=lambda day: f"{day:%d-%m-%Y}")
def test_every_seeded_form_has_an_authority_on_the_day(day: dt.date) -> None:
    table = powers()
    forms = list(AwardForm.objects.values_list("code", flat=True))
    assert len(forms) == 8
    nobody = [code for code in forms if not rules.levels_for(code, day, table)]
    assert nobody == []


@pytest.mark.parametrize(
    ("form", "before", "after"),
    [
        ("chien_si_tien_tien", ["commune", "district"], ["commune"]),
        ("don_vi_tien_tien", ["district"], ["commune"]),
        ("chien_si_thi_dua_co_so", ["district"], ["commune"]),
        ("tap_the_lao_dong_tien_tien", ["district"], ["commune"]),
    ],
)
def test_the_district_powers_pass_to_the_commune_on_1_july_2025(
    form: str, before: list[str], after: list[str]
) -> None:
    table = powers()
    assert rules.levels_for(form, dt.date(2025, 6, 30), table) == before
    assert rules.levels_for(form, dt.date(2025, 7, 1), table) == after
    added = AwardAuthority.objects.filter(form__code=form, level="commune")
    assert added.exists() and all(is_unverified(row.source) for row in added)
