"""The person form and pages: partial birth dates, Vietnamese formats, bad input, escaping."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable

import pytest
from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from qpdp.people.choices import BirthPrecision
from qpdp.people.forms import PersonForm
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree
from tests.core.helpers import csv_rows, edit_person_form, id_number, new_person_form, xlsx_rows


def bound_form(tree: Tree, accounts: Accounts, **overrides: str) -> PersonForm:
    return PersonForm(new_person_form(tree.kinh_bac, **overrides), user=accounts.kinh_bac_staff)


@pytest.mark.parametrize(
    ("text", "date", "precision", "shown"),
    [
        ("15/03/2005", dt.date(2005, 3, 15), BirthPrecision.DAY, "15/03/2005"),
        ("5/3/2005", dt.date(2005, 3, 5), BirthPrecision.DAY, "05/03/2005"),
        ("15-03-2005", dt.date(2005, 3, 15), BirthPrecision.DAY, "15/03/2005"),
        ("15.03.2005", dt.date(2005, 3, 15), BirthPrecision.DAY, "15/03/2005"),
        ("2005-03-15", dt.date(2005, 3, 15), BirthPrecision.DAY, "15/03/2005"),
        ("03/2005", dt.date(2005, 3, 1), BirthPrecision.MONTH, "03/2005"),
        ("2005", dt.date(2005, 1, 1), BirthPrecision.YEAR, "2005"),
        ("năm 2005", dt.date(2005, 1, 1), BirthPrecision.YEAR, "2005"),
        ("Năm 2005", dt.date(2005, 1, 1), BirthPrecision.YEAR, "2005"),
        ("  29/02/2004 ", dt.date(2004, 2, 29), BirthPrecision.DAY, "29/02/2004"),
    ],
)
def test_the_form_reads_a_birth_date_as_old_records_hold_it(
    tree: Tree, accounts: Accounts, text: str, date: dt.date, precision: str, shown: str
) -> None:
    form = bound_form(tree, accounts, birth_date_text=text, id_number=id_number(date))

    assert form.is_valid(), form.errors
    data = form.person_data()
    assert (data["birth_date"], data["birth_precision"]) == (date, precision)
    assert str(form.cleaned_data["birth_date_text"]) == shown


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2005", "Ngày sinh “31/02/2005” không có thật."),
        ("29/02/2005", "Ngày sinh “29/02/2005” không có thật."),
        ("13/2005", "Ngày sinh “13/2005” không có thật."),
        ("00/00/2005", "không có thật"),
        ("2005/03/15", "không đúng dạng"),
        ("mười lăm tháng ba", "không đúng dạng"),
        ("15/03/05", "không đúng dạng"),
        ("1899", "Năm sinh phải từ 1900 trở đi."),
        (tomorrow(), "Ngày sinh không được sau ngày hôm nay."),
        (str(timezone.localdate().year + 1), "Ngày sinh không được sau ngày hôm nay."),
        ("", "Trường này là bắt buộc."),
    ],
)
def test_the_form_refuses_an_impossible_or_future_birth_date_in_vietnamese(
    tree: Tree, accounts: Accounts, text: str, message: str
) -> None:
    form = bound_form(tree, accounts, birth_date_text=text)

    assert not form.is_valid()
    assert message in " ".join(form.errors["birth_date_text"])


def test_today_is_an_acceptable_birth_date(tree: Tree, accounts: Accounts) -> None:
    today = timezone.localdate()
    form = bound_form(
        tree, accounts, birth_date_text=today.strftime("%d/%m/%Y"), id_number=id_number(today)
    )

    assert form.is_valid(), form.errors


def test_a_year_typed_with_a_decomposed_nam_is_read(tree: Tree, accounts: Accounts) -> None:
    form = bound_form(
        tree,
        accounts,
        birth_date_text=unicodedata.normalize("NFD", "năm 2005"),
        id_number=id_number(dt.date(2005, 1, 1)),
    )

    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        ("912345678", "0912345678"),
        ("", ""),
        ("0912 345 678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("912.345.678", "0912345678"),
    ],
)
def test_the_form_normalises_a_mobile_number(
    tree: Tree, accounts: Accounts, typed: str, stored: str
) -> None:
    form = bound_form(tree, accounts, phone=typed)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == stored


@pytest.mark.parametrize("typed", ["0212345678", "09123456", "số nhà", "0912345abc"])
def test_the_form_refuses_a_number_that_is_not_a_mobile_in_vietnamese(
    tree: Tree, accounts: Accounts, typed: str
) -> None:
    form = bound_form(tree, accounts, phone=typed)

    assert not form.is_valid()
    assert "10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09" in form.errors["phone"][0]


def test_the_form_refuses_a_mobile_number_with_a_digit_too_many(
    tree: Tree, accounts: Accounts
) -> None:
    form = bound_form(tree, accounts, phone="09123456789")

    assert not form.is_valid()
    assert "phone" in form.errors


def test_an_id_number_typed_in_groups_is_joined(tree: Tree, accounts: Accounts) -> None:
    number = id_number(dt.date(2005, 3, 15))
    form = bound_form(tree, accounts, id_number=f" {number[:3]} {number[3:6]} {number[6:]} ")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_number"] == number


def test_the_edit_form_starts_with_the_birth_date_as_recorded(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac, birth_date=dt.date(1990, 1, 1), birth_precision="Y")
    form = PersonForm(instance=person, user=accounts.kinh_bac_staff)

    assert form.fields["birth_date_text"].initial == "1990"
    assert form.fields["version"].initial == 1
    assert "confirm_similar" not in form.fields


def test_the_form_offers_only_wards_in_force_that_the_account_may_write(
    tree: Tree, accounts: Accounts
) -> None:
    def offered(account: str) -> list[str]:
        form = PersonForm(user=getattr(accounts, account))
        return [label for value, label in form.fields["residence_unit"].choices if value]

    assert offered("kinh_bac_staff") == ["Phường Kinh Bắc"]
    assert offered("province_commander") == ["Phường Kinh Bắc", "Phường Võ Cường"]
    assert offered("city_commander") == []


# -- Pages ----------------------------------------------------------------------------------


def test_creating_through_the_page_stores_clean_text_and_redirects_to_the_person(
    client: Client, tree: Tree, accounts: Accounts
) -> None:
    client.force_login(accounts.kinh_bac_staff)
    data = new_person_form(
        tree.kinh_bac, family_name=" trần ", given_name=unicodedata.normalize("NFD", "TOẢN  ")
    )

    response = client.post(reverse("people:create"), data)

    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.full_name == "Trần Quốc Toản"
    assert person.birth_date == dt.date(2005, 3, 15)


def test_a_similar_person_is_warned_about_and_not_saved_until_confirmed(
    client: Client, tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    existing = make_person(tree.kinh_bac)
    client.force_login(accounts.kinh_bac_staff)
    data = new_person_form(
        tree.kinh_bac,
        family_name="NGUYEN",
        middle_name="van",
        given_name="Dung",
        birth_date_text="17/05/2004",
        id_number=id_number(dt.date(2004, 5, 17), serial=555_555),
    )

    warned = client.post(reverse("people:create"), data)

    assert warned.status_code == 200
    assert "Có thể công dân này đã có trong hệ thống" in warned.content.decode()
    assert reverse("people:detail", args=[existing.pk]) in warned.content.decode()
    assert Person.objects.count() == 1

    confirmed = client.post(reverse("people:create"), {**data, "confirm_similar": "on"})

    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


def test_an_edit_that_makes_a_look_alike_is_warned_about_and_saved_once_confirmed(
    client: Client, tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    existing = make_person(tree.kinh_bac, given_name="An")
    other = make_person(tree.kinh_bac, given_name="Bình")
    client.force_login(accounts.kinh_bac_staff)
    data = edit_person_form(other, given_name="an")
    url = reverse("people:update", args=[other.pk])

    warned = client.post(url, data)

    html = warned.content.decode()
    assert warned.status_code == 200
    assert "Có thể công dân này đã có trong hệ thống" in html
    assert reverse("people:detail", args=[existing.pk]) in html
    assert 'name="confirm_similar"' in html
    assert Person.objects.get(pk=other.pk).given_name == "Bình"

    confirmed = client.post(url, {**data, "confirm_similar": "on"})

    assert confirmed.status_code == 302
    assert Person.objects.get(pk=other.pk).given_name == "An"


def test_a_duplicate_id_number_through_the_page_gets_a_vietnamese_message(
    client: Client, tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    existing = make_person(tree.vo_cuong)
    client.force_login(accounts.kinh_bac_staff)
    data = new_person_form(
        tree.kinh_bac, id_number=existing.id_number, birth_date_text="17/05/2004"
    )

    response = client.post(reverse("people:create"), data)

    assert response.status_code == 400
    assert "Số định danh cá nhân này đã có trong hệ thống." in response.content.decode()
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "027205001"}, "id_number"),
        ({"id_number": "027305001234"}, "id_number"),  # a woman's number for a man
        ({"id_number": "027204001234"}, "id_number"),  # born 2004, recorded 2005
        ({"legacy_id_number": "12AB"}, "legacy_id_number"),
        ({"gender": "X"}, "gender"),
        ({"ethnicity": "Không rõ"}, "ethnicity"),
        ({"education_level": "99"}, "education_level"),
        ({"family_name": "  "}, "family_name"),
        ({"given_name": "A" * 41}, "given_name"),
    ],
)
def test_bad_input_on_the_page_is_a_400_with_a_field_error_and_saves_nothing(
    client: Client, tree: Tree, accounts: Accounts, overrides: dict[str, str], field: str
) -> None:
    client.force_login(accounts.kinh_bac_staff)

    response = client.post(reverse("people:create"), new_person_form(tree.kinh_bac, **overrides))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Person.objects.exists()


def test_a_stale_edit_through_the_page_is_refused_with_a_message(
    client: Client, tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)
    client.force_login(accounts.kinh_bac_staff)
    url = reverse("people:update", args=[person.pk])
    first = edit_person_form(person, occupation="Kỹ sư")
    second = edit_person_form(person, occupation="Nông dân")

    assert client.post(url, first).status_code == 302
    response = client.post(url, second)

    assert response.status_code == 400
    assert "đã được người khác sửa" in response.content.decode()
    person.refresh_from_db()
    assert (person.occupation, person.version) == ("Kỹ sư", 2)


@pytest.mark.parametrize("url_name", ["people:create", "people:update"])
def test_an_oversized_post_is_a_400_not_a_500(
    client: Client,
    tree: Tree,
    accounts: Accounts,
    make_person: Callable[..., Person],
    settings: object,
    url_name: str,
) -> None:
    person = make_person(tree.kinh_bac)
    client.force_login(accounts.kinh_bac_staff)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # type: ignore[attr-defined]
    args = [person.pk] if url_name == "people:update" else []
    data = {**edit_person_form(person), "notes": "x" * (limit + 1)}

    response = client.post(reverse(url_name, args=args), data)

    assert response.status_code == 400
    person.refresh_from_db()
    assert (person.notes, Person.objects.count()) == ("", 1)


def test_too_many_fields_is_a_400_not_a_500(client: Client, accounts: Accounts) -> None:
    client.force_login(accounts.kinh_bac_staff)

    response = client.post(reverse("people:create"), {f"f{i}": "1" for i in range(2001)})

    assert response.status_code == 400


def test_html_in_a_name_is_escaped_on_the_detail_page(
    client: Client, tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    person = make_person(
        tree.kinh_bac,
        given_name="<script>alert(1)</script>",
        notes="<b>đậm</b>\n<img src=x onerror=alert(2)>",
    )
    client.force_login(accounts.kinh_bac_staff)

    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    listing = client.get(reverse("people:list")).content.decode()

    for html in (page, listing):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in page
    assert "&lt;b&gt;đậm&lt;/b&gt;" in page


def test_a_name_that_looks_like_a_formula_is_neutralised_in_the_export(
    client: Client, tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    make_person(tree.kinh_bac, family_name='=HYPERLINK("http://x")', middle_name="", given_name="A")
    client.force_login(accounts.kinh_bac_staff)
    export = reverse("people:export")

    for rows in (
        xlsx_rows(client.get(export, {"format": "xlsx"}).content),
        csv_rows(client.get(export, {"format": "csv"}).content),
    ):
        assert rows[0][0].startswith("'=")


def test_an_unknown_export_format_is_a_400(client: Client, accounts: Accounts) -> None:
    client.force_login(accounts.kinh_bac_staff)

    assert client.get(reverse("people:export"), {"format": "pdf"}).status_code == 400


# -- Vietnamese formats ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("01/07/2025", dt.date(2025, 7, 1)),
        ("31/12/2024", dt.date(2024, 12, 31)),
        ("01-07-2025", dt.date(2025, 7, 1)),
        ("01.07.2025", dt.date(2025, 7, 1)),
        ("2025-07-01", dt.date(2025, 7, 1)),
    ],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_date_field_reads_day_first(language: str, typed: str, date: dt.date) -> None:
    with translation.override(language):
        assert forms.DateField().clean(typed) == date


def test_a_date_field_refuses_month_first() -> None:
    with translation.override("vi"), pytest.raises(forms.ValidationError):
        forms.DateField().clean("12/31/2024")


def test_dates_are_shown_day_first_in_vietnamese() -> None:
    with translation.override("vi"):
        assert formats.date_format(dt.date(2025, 7, 1), "SHORT_DATE_FORMAT") == "01/07/2025"
        assert formats.date_format(dt.date(2025, 7, 1)) == "ngày 01 tháng 7 năm 2025"


@pytest.mark.parametrize(
    ("language", "grouped", "decimal"),
    [("vi", "1.234.567", "1.234,5"), ("en", "1,234,567", "1,234.5")],
)
def test_numbers_group_thousands_the_local_way(language: str, grouped: str, decimal: str) -> None:
    with translation.override(language):
        assert formats.number_format(1234567, use_l10n=True, force_grouping=True) == grouped
        assert formats.number_format(1234.5, 1, use_l10n=True, force_grouping=True) == decimal
        assert intcomma(1234567) == grouped
