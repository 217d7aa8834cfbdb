"""Row rules of the people layout: cells that combine into one value of a person.

Each rule gets a row's parsed values, changes them in place and returns what it found wrong
(``layouts.RuleError``); the layout runs them in order after parsing the cells.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qpdp.core.dates import PartialDate
from qpdp.core.identity import FEMALE, MALE, IdentityError, validate_id_number
from qpdp.core.vietnamese import split_full_name
from qpdp.imports.layouts import RuleError


def names(values: dict[str, object]) -> list[RuleError]:
    """Full name and its parts, whichever the file gives (one column, two or three)."""
    family_and_middle = values.pop("family_and_middle_name", None)
    if isinstance(family_and_middle, str) and "family_name" not in values:
        family, _space, middle = family_and_middle.partition(" ")
        values["family_name"] = family
        values.setdefault("middle_name", middle)
    full_name = values.get("full_name")
    if isinstance(full_name, str) and "given_name" not in values:
        family, middle, given = split_full_name(full_name)
        values.update(family_name=family, middle_name=middle, given_name=given)
    elif full_name is None and "given_name" in values:
        parts = (values.get(part) for part in ("family_name", "middle_name", "given_name"))
        values["full_name"] = " ".join(str(part) for part in parts if part)
    return []


def gender_columns(values: dict[str, object]) -> list[RuleError]:
    """Gender from "x" under Nam/Nữ, or from the birth date written under Nam or Nữ.

    Both are old paper-form conventions: "Ngày sinh" split into a Nam and a Nữ column, the date
    written in the column of the person's gender.
    """
    errors: list[RuleError] = []
    derived: list[tuple[str, str]] = []
    male, female = values.pop("gender_male", None), values.pop("gender_female", None)
    if male and female:
        errors.append(RuleError(("gender_female",), _("Đánh dấu cả Nam và Nữ."), "gender_both"))
    elif male or female:
        derived.append((MALE if male else FEMALE, "gender_male" if male else "gender_female"))
    born_male = values.pop("birth_date_male", None)
    born_female = values.pop("birth_date_female", None)
    if born_male is not None and born_female is not None:
        errors.append(
            RuleError(
                ("birth_date_female",),
                _("Ngày sinh ghi ở cả cột Nam và cột Nữ."),
                "gender_both",
            )
        )
    elif born_male is not None or born_female is not None:
        values.setdefault("birth_date", born_male if born_male is not None else born_female)
        derived.append(
            (MALE, "birth_date_male") if born_male is not None else (FEMALE, "birth_date_female")
        )
    for gender, source in derived:
        if values.setdefault("gender", gender) != gender:
            errors.append(
                RuleError(
                    (source, "gender"),
                    _("Giới tính ở các cột không khớp nhau."),
                    "gender_conflict",
                )
            )
    return errors


def identity_numbers(values: dict[str, object]) -> list[RuleError]:
    """Route a "CCCD/CMND" value by its length, then check the number against gender and year."""
    either = values.pop("id_or_legacy_number", None)
    if isinstance(either, str):
        target = "legacy_id_number" if len(either) == 9 else "id_number"
        if values.setdefault(target, either) != either:
            return [
                RuleError(
                    ("id_or_legacy_number", target),
                    _("Hai cột số giấy tờ ghi hai số khác nhau."),
                    "id_conflict",
                )
            ]
    number = values.get("id_number")
    if not isinstance(number, str):
        return []
    gender = values.get("gender")
    birth = values.get("birth_date")
    try:
        validate_id_number(
            number,
            gender=gender if isinstance(gender, str) else None,
            birth_year=birth.year if isinstance(birth, PartialDate) else None,
        )
    except IdentityError as exc:
        return [RuleError(("id_number", "id_or_legacy_number"), str(exc), "id_mismatch")]
    return []
