"""Helpers shared by the core and people tests: fast hashing, form data, reading exports.

The autouse fixture is imported by ``tests/core/conftest.py`` and ``tests/people/conftest.py``,
so it is defined once and the shared ``tests/conftest.py`` stays untouched.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from qpdp.core.units import Unit
from qpdp.people.forms import edit_data
from qpdp.people.models import Person


@pytest.fixture(autouse=True)
def fast_password_hashers(settings: Any) -> None:
    """Hashing with PBKDF2 makes every account cost tens of milliseconds; MD5 is enough here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def id_number(
    birth: dt.date, gender: str = "M", serial: int = 900_001, province: str = "027"
) -> str:
    """A valid 12-digit number for ``birth``; serials from 900001 stay clear of conftest's."""
    century_gender = 2 * ((birth.year - 1900) // 100) + (0 if gender == "M" else 1)
    return f"{province}{century_gender}{birth.year % 100:02d}{serial:06d}"


def new_person_form(unit: Unit, **overrides: Any) -> dict[str, Any]:
    """POST data of the create form for a valid 20-year-old man in ``unit``."""
    data: dict[str, Any] = {
        "family_name": "Trần",
        "middle_name": "Quốc",
        "given_name": "Toản",
        "gender": "M",
        "birth_date_text": "15/03/2005",
        "id_number": id_number(dt.date(2005, 3, 15)),
        "legacy_id_number": "",
        "ethnicity": "Kinh",
        "religion": "Không",
        "education_level": "12",
        "residence_unit": str(unit.pk),
        "address": "Số 5 Lý Thái Tổ",
        "phone": "0987654321",
        "occupation": "",
        "workplace": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def edit_person_form(person: Person, **overrides: Any) -> dict[str, Any]:
    """POST data of the edit form as the page shows it for ``person``, with some fields changed."""
    return {**edit_data(person), "version": str(person.version), **overrides}


def xlsx_rows(content: bytes) -> list[tuple[Any, ...]]:
    """The data rows (header left out) of the first sheet of an XLSX file."""
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def csv_rows(content: bytes) -> list[list[str]]:
    """The data rows (header left out) of a UTF-8 CSV export with its byte-order mark."""
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1:]
