"""A leader sees identity numbers masked, so no name search may match them by their digits:
a prefix search would give a masked number back one digit at a time. Every registry's search
goes through ``people.search.people_named`` (or passes ``by_number`` itself)."""

from __future__ import annotations

import re
from pathlib import Path

from qpdp.people.search import people_named

SRC = Path(__file__).resolve().parents[2] / "src" / "qpdp"


def test_digits_match_identity_numbers_only_for_roles_that_read_them(
    tree, accounts, make_person
) -> None:
    person = make_person(tree.kinh_bac, given_name="Dũng")
    prefix = person.id_number[:8]
    assert people_named(accounts.kinh_bac_staff, prefix).filter(pk=person.pk).exists()
    assert not people_named(accounts.leader, prefix).exists()
    assert not people_named(None, prefix).exists()  # a filter set built without its request
    assert people_named(accounts.leader, "dung").filter(pk=person.pk).exists()  # names match


def test_every_name_search_decides_who_may_search_by_number() -> None:
    calls = [
        (path, line)
        for path in SRC.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"\bfilter_by_name\(", line) and "def filter_by_name" not in line
    ]
    assert calls
    for path, line in calls:
        assert "by_number=" in line, f"{path.relative_to(SRC)}: {line.strip()}"
