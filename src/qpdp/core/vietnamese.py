"""Vietnamese text rules: NFC at every input, accent folding for search, roster sort keys.

Three spellings of one name (NFC, NFD, Unikey "tổ hợp") render alike but compare unequal, so
all text is normalised to NFC on the way in; search compares folded keys (no tones, đ → d);
rosters sort by given name, then middle name, then family name with ICU's ``vi`` collation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import icu

_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
# Icelandic Ð (U+00D0) is a common typo for Vietnamese Đ (U+0110) in old data.
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def clean_text(value: str | None) -> str:
    """NFC-normalise, collapse runs of white space and trim: the form every input is stored in."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value).translate(_ETH)
    return _SPACES.sub(" ", text).strip()


def fold(value: str | None) -> str:
    """Accent-fold for search: drop tone and vowel marks, map đ/Đ to d, lower-case.

    The standard-library rule gives the same output as unidecode on all Vietnamese unit names,
    without its GPL licence.
    """
    text = unicodedata.normalize("NFD", clean_text(value))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    # Apostrophes are mapped after casefold, which can produce U+02BC; a stray mark between
    # words can leave a double space, so spaces are collapsed again.
    text = unicodedata.normalize("NFC", text).casefold().translate(_APOSTROPHES)
    return _SPACES.sub(" ", text).strip()


def capitalise_name(value: str) -> str:
    """Capitalise each syllable of a name the Vietnamese way: "NGUYỄN văn an" → "Nguyễn Văn An"."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in clean_text(value).split(" "))


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """Split "Nguyễn Thị Minh Khai" into (family, middle, given) by the usual first/last-word rule.

    Compound family names ("Âu Dương") are split wrongly by this rule, which is why the parts are
    stored separately and stay editable.
    """
    parts = clean_text(full_name).split(" ")
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


@cache
def _collator() -> icu.Collator:
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    return collator


def sort_key(value: str) -> bytes:
    """ICU ``vi`` sort key of one string: ă after a, đ after d, tones in the order ` ? ~ ' .`."""
    return bytes(_collator().getSortKey(clean_text(value)))


def roster_key(family: str, middle: str, given: str) -> bytes:
    """One bytes key that orders people by given name, then middle name, then family name.

    ICU keys end in a single zero byte and hold no other, so concatenation keeps field order.
    The key bytes depend on the ICU version (``ICU_VERSION``); regenerate stored keys on upgrade.
    """
    return sort_key(given) + sort_key(middle) + sort_key(family)


ICU_VERSION: str = icu.ICU_VERSION
