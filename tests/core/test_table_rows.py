"""A kit table's row written in one pass (``core.tables.Row.html``) says exactly what
django-tables2's own cell rendering says through the template it replaced: the same values,
links, choice labels, empty defaults, per-record attributes, escaping and local times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import django_tables2 as tables
import pytest
from django.template import engines
from django.utils import timezone
from django_tables2.rows import BoundRow

from qpdp.core.tables import DayColumn, PersonalNumberColumn, Row, Table
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree

LIBRARY_ROW = engines["django"].from_string(
    '<tr {{ row.attrs.as_html }}>{% for column, cell in row.items %}<td data-label="'
    '{{ column.header|striptags }}" {{ column.attrs.td.as_html }}>{{ cell }}</td>{% endfor %}</tr>'
)
"""The row template every kit table used before ``Row.html``, over the library's ``BoundRow``."""


class EveryKindTable(Table):
    name = tables.Column(accessor="full_name", linkify=("people:detail", [tables.A("pk")]))
    born = DayColumn(accessor="birth_date", verbose_name="Ngày <b>sinh</b>")
    gender = tables.Column()  # a field with choices: its label, not its code
    id_number = PersonalNumberColumn()
    unit = tables.Column(accessor="residence_unit__label")
    note = tables.Column(accessor="address", attrs={"td": {"class": lambda record: record.gender}})
    missing = tables.Column(accessor="workplace", default="—")  # empty: the default
    both = tables.Column(accessor="pk", empty_values=())
    kwargs = tables.Column(accessor="occupation", empty_values=())
    unmet = tables.Column(accessor="pk")
    stamp = tables.Column(accessor="created_at")

    class Meta(Table.Meta):
        row_attrs = {"id": lambda record: f"person-{record.pk}"}

    def render_both(self, value: Any, record: Person) -> str:
        return f"<i>{value}</i> & {record.given_name}"  # a plain str: escaped

    def render_kwargs(self, **kwargs: Any) -> str:
        return f"{sorted(kwargs)}"

    def render_unmet(self, value: Any, no_such_argument: Any) -> str:  # never called
        raise AssertionError


@pytest.mark.parametrize("role", ["admin", "kinh_bac_staff"])
def test_a_row_says_what_the_librarys_row_says(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person], role: str
) -> None:
    people = [
        make_person(tree.kinh_bac, address="Ngõ <3> & \"Nhà\" 'B'"),
        make_person(tree.kinh_bac, gender="F", workplace="Trường THPT Hàn Thuyên"),
    ]
    records = Person.objects.filter(pk__in=[p.pk for p in people]).order_by("pk")
    user = getattr(accounts, role)
    fast_table, library_table = (EveryKindTable(records, user=user) for _ in range(2))
    with timezone.override("Asia/Ho_Chi_Minh"):
        fast = [row.html for row in fast_table.rows]
        library = [LIBRARY_ROW.render({"row": BoundRow(p, table=library_table)}) for p in people]
    assert [row.split("<td") for row in fast] == [row.split("<td") for row in library]
    assert "&lt;3&gt;" in fast[0]  # the escaping was exercised
    assert 'class="even"' in fast[0] and 'class="odd"' in fast[1]


def test_every_kit_table_yields_fast_rows_on_its_page_and_whole(
    tree: Tree, make_person: Callable[..., Person], accounts: Accounts
) -> None:
    make_person(tree.kinh_bac)
    table = EveryKindTable(Person.objects.all(), user=accounts.admin)
    assert all(isinstance(row, Row) for row in table.rows)
    assert isinstance(table.rows[0], Row)
    assert all(isinstance(row, Row) for row in table.rows[0:1])


def test_the_shared_parts_are_worked_out_once_per_table(
    tree: Tree, make_person: Callable[..., Person], accounts: Accounts
) -> None:
    make_person(tree.kinh_bac)
    table = EveryKindTable(Person.objects.all(), user=accounts.admin)
    heads = {head.column.name: head for head in table.heads}
    assert heads["born"].label == "Ngày sinh"
    assert heads["note"].td is None  # its class depends on the record
    assert heads["name"].td is not None
    assert table.heads is table.heads
    assert dt.date(2004, 5, 17).strftime("%d/%m/%Y") in table.rows[0].html
