"""English through Django's translation system: the switch works and the catalogue is complete.

The interface is written in Vietnamese; ``src/qpdp/locale/en`` holds the English catalogue. The
compiled ``django.mo`` is committed, so a machine without gettext still serves English — and so
the catalogue tests below fail when a string is added without a translation or the ``.mo`` was
not recompiled (``qpdp makemessages -l en`` then ``qpdp compilemessages -l en``).
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{[^{}]*\}")


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def read_po(path: Path) -> list[dict[str, Any]]:
    """Entries of a .po file as dicts of msgctxt/msgid/msgstr… plus a ``fuzzy`` flag.

    Obsolete entries (``#~``) are left out; the header (empty msgid) is kept.
    """
    entries: list[dict[str, Any]] = []
    entry: dict[str, Any] = {}
    key = ""

    def flush() -> None:
        if "msgid" in entry:
            entry.setdefault("fuzzy", False)
            entries.append(dict(entry))
        entry.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#~"):
            continue
        match = _KEYWORD.match(line)
        starts_entry = line.startswith("#") or (
            match is not None and match.group(1) in ("msgctxt", "msgid")
        )
        if starts_entry and any(k.startswith("msgstr") for k in entry):
            flush()
        if line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in (flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match:
            key = match.group(1)
            entry[key] = _unquote(match.group(2))
        elif line.startswith('"'):
            entry[key] += _unquote(line)
    flush()
    return entries


def _messages() -> list[dict[str, Any]]:
    return [entry for entry in read_po(PO_FILE) if entry["msgid"]]


def _set_language(client: Client, language: str) -> None:
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302


@pytest.fixture
def staff_client(client: Client, accounts: Any) -> Client:
    client.force_login(accounts.admin)
    return client


# --- the switch --------------------------------------------------------------------------------


def test_vietnamese_is_the_default(staff_client: Client) -> None:
    home = staff_client.get(reverse("home")).content.decode()
    assert "Công dân" in home
    assert "Nghĩa vụ quân sự" in home
    assert "Công tác Quốc phòng địa phương" in home
    people = staff_client.get(reverse("people:list")).content.decode()
    assert "<h1>Công dân</h1>" in people


def test_switching_to_english_translates_home_and_people_list(staff_client: Client) -> None:
    _set_language(staff_client, "en")

    home = staff_client.get(reverse("home"))
    assert home.headers["Content-Language"] == "en"
    text = home.content.decode()
    for label in ("Citizens", "Military service", "Local defense work", "Log out"):
        assert label in text, label
    assert "Công dân" not in text
    assert "Nghĩa vụ quân sự" not in text

    people = staff_client.get(reverse("people:list")).content.decode()
    assert "<h1>Citizens</h1>" in people
    for label in ("Search by name or ID number", "Filter", "Military service"):
        assert label in people, label
    assert "Công dân" not in people


def test_switching_back_to_vietnamese(staff_client: Client) -> None:
    _set_language(staff_client, "en")
    _set_language(staff_client, "vi")
    people = staff_client.get(reverse("people:list")).content.decode()
    assert "<h1>Công dân</h1>" in people
    assert "Citizens" not in people


# --- the catalogue -----------------------------------------------------------------------------


def test_po_reader_sees_the_whole_catalogue() -> None:
    entries = read_po(PO_FILE)
    raw_msgids = len(re.findall(r"^msgid ", PO_FILE.read_text(encoding="utf-8"), re.M))
    assert len(entries) == raw_msgids
    assert entries[0]["msgid"] == "" and "charset=UTF-8" in entries[0]["msgstr"]


def test_every_string_is_translated() -> None:
    untranslated = [
        entry["msgid"]
        for entry in _messages()
        if entry["fuzzy"] or not all(entry[k].strip() for k in entry if k.startswith("msgstr"))
    ]
    assert not untranslated, (
        f"{len(untranslated)} untranslated or fuzzy string(s) in {PO_FILE}; translate them, "
        "then run `qpdp compilemessages -l en`:\n" + "\n".join(untranslated)
    )


def test_translations_keep_placeholders() -> None:
    broken = [
        (entry["msgid"], entry["msgstr"])
        for entry in _messages()
        if entry.get("msgstr")
        and sorted(_PLACEHOLDER.findall(entry["msgid"]))
        != sorted(_PLACEHOLDER.findall(entry["msgstr"]))
    ]
    assert not broken, "placeholders differ:\n" + "\n".join(f"{m!r} → {s!r}" for m, s in broken)


def test_compiled_catalogue_matches_po() -> None:
    """The committed .mo must be recompiled whenever the .po changes."""
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        entry["msgid"]
        for entry in _messages()
        if "msgctxt" not in entry
        and "msgid_plural" not in entry
        and entry["msgstr"]
        and compiled.gettext(entry["msgid"]) != entry["msgstr"]
    ]
    assert not stale, "django.mo is out of date; run `qpdp compilemessages -l en`:\n" + "\n".join(
        stale
    )
