"""Files saved by LibreOffice Calc 7.4 (not by our own writers): a ward's CSV list opened in Calc
with its default US locale and saved as XLSX, XLS (Excel 97) and ODS.

Calc turned the identity numbers into numbers (the leading zero lost), read "02/01/2005" as
1 February and kept "15/03/2004" and "31/02/2003" as text: the traps of a real ward file. The
files were made with ``soffice --headless --infilter="Text - txt - csv (StarCalc):44,34,76,1"
--convert-to xlsx|xls|ods`` and are committed, so the test needs no LibreOffice.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from qpdp.imports import services
from qpdp.people.models import Person

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_a_list_saved_by_libreoffice_imports(
    suffix: str, media: Path, tree: Any, staff: Any
) -> None:
    path = FIXTURES / f"libreoffice-7.4.{suffix}"
    source = services.ImportSource("people", path, tree.kinh_bac, today=dt.date(2026, 11, 29))
    run = services.preview(staff, source)
    assert (run.created_count, run.rejected_count) == (2, 1)
    assert [row["row"] for row in run.error_rows] == [6]  # 31/02/2003, as Excel numbers rows
    services.commit(staff, run, mode="valid")
    an = Person.objects.get(id_number="027204000101")  # the leading zero restored
    assert (an.full_name, an.birth_date) == ("Nguyễn Văn An", dt.date(2004, 3, 15))
    binh = Person.objects.get(id_number="027305000102")
    assert binh.full_name == "Trần Thị Bình"
    assert binh.birth_date == dt.date(2005, 2, 1)  # the date Calc stored, not the text typed
