"""Vietnamese text rules: NFC at every input, accent folding for search, roster sort keys.

Three spellings of one name (NFC, NFD, Unikey "tổ hợp") render alike but compare unequal, so
all text is normalised to NFC on the way in; search compares folded keys (no tones, đ → d);
rosters sort by given name, then middle name, then family name with ICU's ``vi`` collation;
cells typed in the legacy TCVN3 (.VnTime) and VNI fonts are repaired to Unicode.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Final

import icu
import viparse

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


# Names repeat (a few hundred family, middle and given names make most of a ward), so the name
# keys below fold and collate each part once: a full name is rarely repeated, its parts are.
# Both are pure, so a cached answer is the answer; the caches are bounded.
_part_fold = lru_cache(maxsize=1 << 16)(fold)
_part_sort_key = lru_cache(maxsize=1 << 16)(sort_key)


def full_name_of(family: str, middle: str, given: str) -> str:
    """The parts joined in Vietnamese order, blank parts left out: "Lê Ư" has no middle name."""
    return " ".join(part for part in (family, middle, given) if part)


def name_search_key(family: str, middle: str, given: str) -> str:
    """The search key of a person: ``fold`` of the full name (``fold(full_name_of(...))``).

    Folding works character by character and collapses spaces, so folding each part and joining
    the non-blank results gives the same key; parts are folded once each (cached), which keeps
    a million-row import or seed fast.
    """
    return " ".join(key for part in (family, middle, given) if part and (key := _part_fold(part)))


def roster_key(family: str, middle: str, given: str) -> bytes:
    """One bytes key that orders people by given name, then middle name, then family name.

    ICU keys end in a single zero byte and hold no other, so concatenation keeps field order.
    The key bytes depend on the ICU version (``ICU_VERSION``); regenerate stored keys on upgrade.
    Each part's key is computed once (cached), for bulk writes.
    """
    return _part_sort_key(given) + _part_sort_key(middle) + _part_sort_key(family)


ICU_VERSION: str = icu.ICU_VERSION


# ---------------------------------------------------------------------------------------------
# Legacy encodings (TCVN3 / VNI)

_LEGACY_ENCODINGS: Final = ("tcvn3", "vni")
_TONE_MARKS: Final = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Toneless vowel clusters: those ending in a glide (or the open diphthongs ia/ua/ưa) take no
# final consonant, some nuclei need one ("ă", "iê"), the rest may have one or not; "oo" occurs
# only in loanwords before -ng and -c (xoong, moóc). Each maps to the positions its tone mark
# may take: "hoài", not "hoaì"; "hòa" and "hoà" are both in use.
_OPEN_CLUSTERS: Final = {
    **dict.fromkeys(
        ("ia", "ua", "ưa", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "iu", "oi", "ôi", "ơi",
         "ui", "ưi", "ưu"),
        (0,),
    ),
    "uơ": (1,),
    **dict.fromkeys(
        ("uya", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uyu"), (1,)
    ),
}  # fmt: skip
_CLOSED_CLUSTERS: Final = {
    "ă": (0,), "â": (0,), "iê": (1,), "yê": (1,), "uô": (1,), "ươ": (1,), "oă": (1,), "uâ": (1,),
    "uyê": (2,),
}  # fmt: skip
_FREE_CLUSTERS: Final = {
    **dict.fromkeys(("a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"), (0,)),
    **dict.fromkeys(("oa", "oe", "uy", "uê"), (0, 1)),
}
_TONE_SLOTS: Final = {**_OPEN_CLUSTERS, **_CLOSED_CLUSTERS, **_FREE_CLUSTERS, "oo": (0, 1)}
_ONSETS: Final = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip


def _alternatives(clusters: Iterable[str]) -> str:
    return "|".join(sorted(clusters, key=len, reverse=True))


_CODA = "(?:ch|ng|nh|[cmnpt])"
_RHYME = re.compile(
    f"(?P<open>{_alternatives(_OPEN_CLUSTERS)})"
    f"|(?P<closed>{_alternatives(_CLOSED_CLUSTERS)}){_CODA}"
    f"|(?P<free>{_alternatives(_FREE_CLUSTERS)}){_CODA}?"
    "|(?P<oo>oo)(?:ng|c)"
)
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1 << 16)
def is_vietnamese_syllable(word: str) -> bool:
    """Whether a word can be one Vietnamese syllable: onset, vowel cluster, final consonant, and
    at most one tone mark, on the vowel that carries it."""
    tone_at: int | None = None
    toneless = []
    for position, char in enumerate(unicodedata.normalize("NFC", word.lower())):
        decomposed = unicodedata.normalize("NFD", char)
        marks = [mark for mark in decomposed if mark in _TONE_MARKS]
        if len(marks) > 1 or (marks and tone_at is not None):
            return False
        if marks:
            tone_at = position
            decomposed = decomposed.replace(marks[0], "")
        toneless.append(unicodedata.normalize("NFC", decomposed))
    text = "".join(toneless)
    for onset in _ONSETS:
        if not text.startswith(onset):
            continue
        match = _RHYME.fullmatch(text, len(onset))
        if match is None or match.lastgroup is None:
            continue
        cluster_start = match.start(match.lastgroup)
        if tone_at is None or tone_at - cluster_start in _TONE_SLOTS[match[match.lastgroup]]:
            return True
    return False


def _inner_capital(word: str) -> bool:
    """A non-ASCII capital inside a lower-case word ("trÊn", "BÝch"): TCVN3 stores many
    lower-case toned letters on the bytes of Latin-1 capitals."""
    for index in range(1, len(word)):
        char = word[index]
        if char.isupper() and not char.isascii():
            after = word[index + 1 : index + 2]
            if word[index - 1].islower() or after.islower():
                return True
    return False


def _has_legacy_symbol(text: str) -> bool:
    """Latin-1 symbols (¡…¿, ×, ÷) that TCVN3 uses for letters; Vietnamese text has none."""
    return any("\u00a1" <= char <= "\u00bf" or char in "×÷" for char in text)


def _reads_as_vietnamese(text: str) -> bool:
    """Every word with a non-ASCII letter is a syllable without a stray capital, at least one of
    them longer than a letter, and nothing non-letter-like is left."""
    if _has_legacy_symbol(text):
        return False
    accented = [word for word in _WORD.findall(text) if not word.isascii()]
    return any(len(word) > 1 for word in accented) and all(
        is_vietnamese_syllable(word)
        and not any(
            char.isupper() and not char.isascii() and previous.islower()
            for previous, char in itertools.pairwise(word)
        )
        for word in accented
    )


def _looks_legacy(text: str) -> bool:
    """Latin-1-only text with a legacy symbol (µ, ¨, §…) or an accented word that is no syllable
    or has a capital inside it (TCVN3 puts lower-case "ấ" on the byte of "Ê": "trÊn").

    A single letter beyond Latin-1 (ư, ạ, ễ…) means the cell is already Unicode Vietnamese.
    """
    if any(char.isalpha() and ord(char) > 0xFF for char in text):
        return False
    if _has_legacy_symbol(text):
        return True
    return any(
        not word.isascii() and (not is_vietnamese_syllable(word) or _inner_capital(word))
        for word in _WORD.findall(text)
    )


@lru_cache(maxsize=1 << 14)
def repair_legacy(text: str) -> tuple[str, str | None]:
    """Convert a cell typed in a TCVN3 (.VnTime) or VNI font to Unicode; name the encoding used.

    viparse's ``encoding="auto"`` turns Spanish and German into nonsense ("niño" → "niđo"), so a
    cell is converted only when it looks legacy, exactly one of the two tables turns it into
    valid Vietnamese syllables, and the result differs from the input. Anything else is left as
    it was: an unconverted cell is visible to the officer, a wrongly converted one is not.
    Cached, because lists repeat the same names, places and occupations on every page.
    """
    if text.isascii() or not _looks_legacy(text):
        return text, None
    # VNI writes every letter with Latin-1 letters; a symbol (µ, ¨, soft hyphen…) is TCVN3's.
    encodings = ("tcvn3",) if _has_legacy_symbol(text) else _LEGACY_ENCODINGS
    candidates = []
    for encoding in encodings:
        converted = viparse.fix(text, encoding=encoding)
        if converted != clean_text(text) and _reads_as_vietnamese(converted):
            candidates.append((converted, encoding))
    if len(candidates) != 1:
        return text, None
    return candidates[0]
