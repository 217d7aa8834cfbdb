"""Vietnamese for the frameworks' own strings: select boxes, form and API messages.

The interface is written in Vietnamese, but Django's, DRF's, django-filter's and
django-tables2's Vietnamese catalogues miss many of their strings, which then showed in English
("- Select an option -", 'Invalid pk "7" - object does not exist.'). ``src/qpdp/locale/vi``
completes them; Django merges it over the frameworks' catalogues. A client that asks the API
for English still gets the frameworks' English.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django
import django_filters
import django_tables2
import rest_framework
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.exceptions import Throttled

from qpdp.awards.models import AwardForm
from qpdp.core.access import User
from tests.api.conftest import ApiClient, api, messages, refusals
from tests.conftest import Accounts, Tree
from tests.test_i18n import read_po

__all__ = ["api"]

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"
# Every placeholder the frameworks use: %s, %d, %(name)s/d/r, {name}, {name:X}, {}.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdr]|\{[^{}]*\}")
PEOPLE = "/api/v1/people/"
PROPOSALS = "/api/v1/awards/proposals/"
Api = Callable[[User], ApiClient]
DJANGO = Path(django.__file__).parent
# Where each framework lists its msgids (django-filter ships no English catalogue: any other
# lists the same msgids). The admin is left out: users never see it.
FRAMEWORK_PO = [
    DJANGO / "conf/locale/en/LC_MESSAGES/django.po",
    *(DJANGO / f"contrib/{app}/locale/en/LC_MESSAGES/django.po" for app in
      ("auth", "contenttypes", "sessions", "humanize")),
    Path(django_filters.__file__).parent / "locale/de/LC_MESSAGES/django.po",
    Path(django_tables2.__file__).parent / "locale/en/LC_MESSAGES/django.po",
]  # fmt: skip
DRF_MO = Path(rest_framework.__file__).parent / "locale/en/LC_MESSAGES/django.mo"


def _messages() -> list[dict[str, Any]]:
    return [entry for entry in read_po(PO_FILE) if entry["msgid"]]


# --- the catalogue -----------------------------------------------------------------------------


def test_the_catalogue_is_vietnamese_with_one_plural_form() -> None:
    header = read_po(PO_FILE)[0]["msgstr"]

    assert "Language: vi" in header
    assert "Plural-Forms: nplurals=1; plural=0;" in header
    assert len(_messages()) > 300


def test_every_entry_is_translated_and_keeps_its_placeholders() -> None:
    untranslated, broken = [], []
    for entry in _messages():
        msgstrs = [entry[k] for k in entry if k.startswith("msgstr")]
        if entry["fuzzy"] or not all(s.strip() for s in msgstrs):
            untranslated.append(entry["msgid"])
        for source in filter(None, (entry["msgid"], entry.get("msgid_plural"))):
            wanted = set(PLACEHOLDER.findall(source))
            broken += [(source, s) for s in msgstrs if set(PLACEHOLDER.findall(s)) != wanted]

    assert not untranslated, "untranslated or fuzzy:\n" + "\n".join(untranslated)
    assert not broken, "placeholders differ:\n" + "\n".join(f"{m!r} → {s!r}" for m, s in broken)


def _lookup(catalogue: Any, context: str | None, msgid: str, plural: str | None) -> str:
    """The translation of a (plural, context) string in ``catalogue``: a ``GNUTranslations``
    or ``django.utils.translation``, which answer the same four calls."""
    if plural:
        if context:
            return catalogue.npgettext(context, msgid, plural, 1)
        return catalogue.ngettext(msgid, plural, 1)
    return catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)


def test_compiled_catalogue_matches_po() -> None:
    """The committed .mo must be recompiled with the .po."""
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        entry["msgid"]
        for entry in _messages()
        if _lookup(compiled, entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))
        != entry.get("msgstr", entry.get("msgstr[0]"))
    ]

    assert not stale, (
        "django.mo is out of date; run `qpdp compilemessages -l vi --ignore .venv`:\n"
        + "\n".join(stale)
    )


def _framework_msgids() -> list[tuple[str | None, str, str | None]]:
    """(context, msgid, plural) of every string the frameworks translate."""
    found = [
        (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))
        for path in FRAMEWORK_PO
        for entry in read_po(path)
        if entry["msgid"]
    ]
    with DRF_MO.open("rb") as handle:
        drf = gettext.GNUTranslations(handle)
    keys = drf._catalog  # type: ignore[attr-defined]  # DRF ships its msgids only compiled
    return found + [(None, key, None) for key in keys if isinstance(key, str) and key]


def test_every_framework_string_has_vietnamese() -> None:
    """Fails when a framework upgrade brings a string nobody translated yet: add it to the .po."""
    same_in_vietnamese = {
        e["msgid"] for e in _messages() if e.get("msgstr", e.get("msgstr[0]")) == e["msgid"]
    }
    with translation.override("vi"):
        english = [
            msgid
            for context, msgid, plural in _framework_msgids()
            if _lookup(translation, context, msgid, plural) == msgid
            and msgid not in same_in_vietnamese
        ]

    assert not english, f"{len(english)} framework string(s) without Vietnamese:\n" + "\n".join(
        english
    )


def test_django_and_drf_messages_are_vietnamese() -> None:
    with translation.override("vi"):
        assert str(Throttled(wait=5).detail) == (
            "Yêu cầu bị tạm chặn vì gửi quá nhiều lần. Có thể gửi lại sau 5 giây."
        )
        assert (
            translation.ngettext(
                "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
                5,
            )
            % {"limit_value": 5, "show_value": 7}
            == "Giá trị chỉ được có tối đa 5 ký tự (hiện có 7)."
        )
    with translation.override("en"):
        assert str(Throttled(wait=1).detail) == (
            "Request was throttled. Expected available in 1 second."
        )


# --- pages -------------------------------------------------------------------------------------


def test_a_select_box_offers_the_vietnamese_blank_choice(accounts: Accounts) -> None:
    client = Client()
    client.force_login(accounts.admin)

    page = client.get(reverse("conscription:cycle_create"))

    assert page.status_code == 200
    html = page.content.decode()
    assert '<option value="" selected>- Chọn -</option>' in html
    assert "Select an option" not in html


# --- the API -----------------------------------------------------------------------------------


def _proposal(tree: Tree, **changes: Any) -> dict[str, Any]:
    return {
        "proposer": tree.city.pk,
        "year": 2022,
        "form": AwardForm.objects.get(code="giay_khen").pk,
        "field": "local_defense",
        "achievement": "Hoàn thành xuất sắc nhiệm vụ",
        "proposed_on": "2022-12-10",
        **changes,
    }


def _message(response: Any, field: str | None) -> str:
    return " ".join(e["message"] for e in response.json()["errors"] if e["field"] == field)


def test_api_errors_are_vietnamese(accounts: Accounts, tree: Tree, api: Api) -> None:
    city = api(accounts.city_commander)

    anonymous = Client().get(PEOPLE)
    staff = api(accounts.kinh_bac_staff)
    person = {"family_name": "Lê", "gender": "M", "birth_date": "2005"}
    nameless = staff.post(PEOPLE, {**person, "residence_unit": tree.kinh_bac.pk})
    homeless = staff.post(PEOPLE, {**person, "given_name": "Nam", "residence_unit": 999999})
    unknown = city.post(PROPOSALS, _proposal(tree, proposer=999999, year="năm nay"))
    missing = city.post(PROPOSALS, _proposal(tree, achievement=None) | {"proposed_on": "x"})

    assert messages(anonymous) == ["Chưa cung cấp thông tin xác thực."]
    assert refusals(nameless) == [("required", "given_name")]
    assert messages(nameless) == ["Trường này là bắt buộc."]
    assert refusals(homeless) == [("invalid_choice", "residence_unit")]
    assert messages(homeless) == [
        "Lựa chọn không hợp lệ: giá trị này không có trong các lựa chọn cho phép."
    ]
    assert unknown.status_code == 400
    assert sorted(refusals(unknown)) == [("does_not_exist", "proposer"), ("invalid", "year")]
    assert _message(unknown, "proposer") == "Mã “999999” không hợp lệ: bản ghi không tồn tại."
    assert _message(unknown, "year") == "Giá trị phải là một số nguyên hợp lệ."
    assert _message(missing, "achievement") == "Trường này không được nhận giá trị rỗng (null)."
    assert _message(missing, "proposed_on") == (
        "Ngày không đúng định dạng. Hãy dùng một trong các định dạng sau: YYYY-MM-DD, DD/MM/YYYY."
    )


def test_api_errors_are_english_when_the_client_asks(
    accounts: Accounts, tree: Tree, api: Api
) -> None:
    city = api(accounts.city_commander)
    city.headers["Accept-Language"] = "en"

    anonymous = Client(headers={"Accept-Language": "en"}).get(PEOPLE)
    unknown = city.post(PROPOSALS, _proposal(tree, proposer=999999, year="this year"))

    assert messages(anonymous) == ["Authentication credentials were not provided."]
    assert unknown["Content-Language"] == "en"
    assert _message(unknown, "proposer") == 'Invalid pk "999999" - object does not exist.'
    assert _message(unknown, "year") == "A valid integer is required."
