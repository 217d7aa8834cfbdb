"""Import layouts: each registry declares, in one place, the columns it accepts from a spreadsheet.

A layout names its fields, the Vietnamese headers that mean each field, the parser for its cells
and the row rules that combine cells (a full name from its parts, gender from "x" under Nam/Nữ).
``validate_rows`` applies a layout to the rows under a header without touching the database,
so a file can be checked in full before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from qpdp.core.identity import FEMALE, MALE, IdentityError, validate_id_number
from qpdp.core.vietnamese import repair_legacy, split_full_name
from qpdp.imports.headers import check_layout_headers
from qpdp.imports.readers import CellValue, Message, Row, column_letter, is_blank_cell
from qpdp.imports.values import (
    ParseContext,
    Parser,
    PartialDate,
    parse_date,
    parse_education_level,
    parse_gender,
    parse_id_number,
    parse_id_or_legacy_number,
    parse_legacy_id_number,
    parse_mark,
    parse_name,
    parse_phone,
    parse_text,
    parse_unit_ref,
)

if TYPE_CHECKING:
    import datetime as dt

    from qpdp.imports.headers import ColumnMapping

DEFAULT_IGNORED_HEADERS: Final = ("STT", "TT", "Số TT", "Số thứ tự", "No")
"""Row-number columns: recognised so they are neither mapped nor asked about."""


@dataclass(frozen=True, slots=True)
class LayoutField:
    """One field a layout fills, with the headers that mean it.

    ``label_vi`` and ``variants`` are matched against headers in Vietnamese whatever the
    interface language, so they are plain strings; ``label_vi`` is marked with
    ``gettext_noop`` and translated for display by ``label``. ``satisfied_by`` lists column
    sets that stand in for a required field (given name instead of full name); ``spanned``
    says which fields the columns under this header hold when it is merged across several.
    """

    name: str
    label_vi: str
    variants: tuple[str, ...] = ()
    parser: Parser = parse_text
    required: bool = False
    satisfied_by: tuple[tuple[str, ...], ...] = ()
    spanned: tuple[tuple[str, ...], ...] = ()

    @property
    def label(self) -> str:
        return gettext(self.label_vi)


@dataclass(frozen=True, slots=True)
class RuleError:
    """A row rule's finding; reported at the first of ``fields`` that has a column."""

    fields: tuple[str, ...]
    message: Message
    code: str


type RowRule = Callable[[dict[str, object]], list[RuleError]]
"""Combines or checks the parsed values of one row, changing ``values`` in place."""


@dataclass(frozen=True, slots=True)
class Layout:
    """What one registry accepts from a spreadsheet."""

    code: str
    label_vi: str
    fields: tuple[LayoutField, ...]
    row_rules: tuple[RowRule, ...] = ()
    ignored_headers: tuple[str, ...] = DEFAULT_IGNORED_HEADERS

    def __post_init__(self) -> None:
        names = [layout_field.name for layout_field in self.fields]
        if len(names) != len(set(names)):
            raise ValueError(f"layout {self.code}: duplicate field names")
        check_layout_headers(self)

    @property
    def label(self) -> str:
        return gettext(self.label_vi)

    def field(self, name: str) -> LayoutField:
        return next(layout_field for layout_field in self.fields if layout_field.name == name)


_REGISTRY: dict[str, Layout] = {}


def register(layout: Layout) -> Layout:
    """Add a layout to the registry; a second layout with the same code is a programming error."""
    existing = _REGISTRY.get(layout.code)
    if existing is not None and existing is not layout:
        raise ValueError(f"import layout {layout.code!r} is already registered")
    _REGISTRY[layout.code] = layout
    return layout


_discovered = False


def autodiscover() -> None:
    """Import ``<app>.import_layouts`` of every installed app, once: apps declare layouts there."""
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        _discovered = True
        autodiscover_modules("import_layouts")


def get_layout(code: str) -> Layout:
    """The registered layout with this code; ``KeyError`` if none."""
    autodiscover()
    return _REGISTRY[code]


def all_layouts() -> list[Layout]:
    """Registered layouts in registration order, for the "choose what to import" screen."""
    autodiscover()
    return list(_REGISTRY.values())


# ---------------------------------------------------------------------------------------------
# Validation


@dataclass(frozen=True, slots=True)
class CellError:
    """One problem, located as the officer sees it: row number, column letter and header."""

    row: int
    column_letter: str
    header: str
    value: CellValue
    reason_vi: Message
    field: str
    code: str


@dataclass(frozen=True, slots=True)
class LegacyCell:
    """A cell converted from a legacy font encoding, counted and shown in the import summary."""

    column_letter: str
    encoding: str


@dataclass(frozen=True, slots=True)
class RowResult:
    row_number: int
    values: dict[str, object]
    errors: list[CellError]
    converted: tuple[LegacyCell, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_rows(
    layout: Layout, rows: Iterable[Row], mapping: ColumnMapping, *, today: dt.date
) -> Iterator[RowResult]:
    """Parse every mapped cell, apply the layout's row rules and check required fields.

    Pure: no database, no clock (``today`` is the reference for future dates and two-digit
    years). Blank cells are not parsed; a required field left blank is one error.
    """
    context = ParseContext(today=today)
    columns = mapping.fields
    headers = mapping.headers
    column_of = {name: index for index, name in reversed(columns.items())}
    cells = [
        (index, name, _CellCache(layout.field(name).parser, context))
        for index, name in columns.items()
    ]
    required = [
        (
            layout_field,
            frozenset(
                {layout_field.name, *(f for group in layout_field.satisfied_by for f in group)}
            ),
        )
        for layout_field in layout.fields
        if layout_field.required
    ]
    for row in rows:
        values: dict[str, object] = {}
        errors: list[CellError] = []
        converted: list[LegacyCell] = []

        width = len(row.cells)
        for index, name, cache in cells:
            raw = row.cells[index] if index < width else None
            if raw is None:
                continue
            value, message, encoding = cache.parse(raw)
            if value is _BLANK:
                continue
            if encoding is not None:
                converted.append(LegacyCell(column_letter(index), encoding))
            if message is not None:
                errors.append(_cell_error(row, index, headers, name, message, "invalid"))
            elif value is not None:
                values[name] = value
        for rule in layout.row_rules:
            for finding in rule(values):
                located = next((column_of[f] for f in finding.fields if f in column_of), None)
                errors.append(
                    _cell_error(
                        row, located, headers, finding.fields[0], finding.message, finding.code
                    )
                )
        failed = {cell_error.field for cell_error in errors}
        for layout_field, sources in required:
            if values.get(layout_field.name) is None and not sources & failed:
                message = format_lazy(_("Thiếu {field}."), field=_(layout_field.label_vi))
                located = column_of.get(layout_field.name)
                errors.append(
                    _cell_error(row, located, headers, layout_field.name, message, "required")
                )
        yield RowResult(row.number, values, errors, tuple(converted))


_BLANK: Final = object()
"""A blank cell (white space only): not parsed, and a required field left blank is one error."""


class _CellCache:
    """One column's parser, remembering what it said of each text it saw.

    Lists repeat the same gender, ethnicity, religion, education, ward, occupation and, over a
    large file, birth dates: parsing each distinct text once makes those columns almost free.
    Parsers are pure given the context, so a cached answer is the answer. A column whose texts
    rarely repeat (identity numbers, addresses) stops caching after a sample, so the cache
    neither costs memory nor time there.
    """

    SAMPLE: Final = 2000
    LIMIT: Final = 20_000

    __slots__ = ("context", "hits", "parser", "seen")

    def __init__(self, parser: Parser, context: ParseContext) -> None:
        self.parser = parser
        self.context = context
        self.seen: dict[str, tuple[object, Message | None, str | None]] | None = {}
        self.hits = 0

    def parse(self, raw: CellValue) -> tuple[object, Message | None, str | None]:
        """(value, message, legacy encoding converted from); text is NFC'd by the parsers."""
        seen = self.seen
        if seen is None or not isinstance(raw, str):
            return self._parse(raw)
        found = seen.get(raw)
        if found is not None:
            self.hits += 1
            return found
        result = self._parse(raw)
        size = len(seen)
        if size == self.SAMPLE and self.hits * 10 < self.SAMPLE:
            self.seen = None
        elif size < self.LIMIT:
            seen[raw] = result
        return result

    def _parse(self, raw: CellValue) -> tuple[object, Message | None, str | None]:
        if is_blank_cell(raw):
            return _BLANK, None, None
        encoding = None
        if isinstance(raw, str):
            raw, encoding = repair_legacy(raw)
        value, message = self.parser(raw, self.context)
        return value, message, encoding


def _cell_error(
    row: Row,
    index: int | None,
    headers: Mapping[int, str],
    field_name: str,
    message: Message,
    code: str,
) -> CellError:
    """Locate an error at its column, or at no column for a field the file does not have."""
    return CellError(
        row=row.number,
        column_letter=column_letter(index) if index is not None else "",
        header=headers.get(index, "") if index is not None else "",
        value=row.get(index) if index is not None else None,
        reason_vi=message,
        field=field_name,
        code=code,
    )


# ---------------------------------------------------------------------------------------------
# The "people" layout: the fields of a Person


def _names(values: dict[str, object]) -> list[RuleError]:
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


def _gender_columns(values: dict[str, object]) -> list[RuleError]:
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


def _identity_numbers(values: dict[str, object]) -> list[RuleError]:
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


_NAME_PARTS: Final = (("given_name",),)

# fmt: off
PEOPLE = register(
    Layout(
        code="people",
        label_vi=gettext_noop("Danh sách công dân"),
        fields=(
            LayoutField(
                "id_number",
                gettext_noop("Số định danh cá nhân"),
                (
                    "Số định danh", "Mã định danh", "Số ĐDCN", "ĐDCN", "Số CCCD", "CCCD",
                    "Căn cước công dân", "Số căn cước công dân", "Số căn cước", "Căn cước",
                    "Số thẻ CCCD", "Số thẻ căn cước",
                ),
                parse_id_number,
            ),
            LayoutField(
                "legacy_id_number",
                gettext_noop("Số CMND"),
                (
                    "CMND", "Chứng minh nhân dân", "Số chứng minh nhân dân", "Số CMTND", "CMTND",
                    "Số chứng minh thư", "CMND cũ", "Số CMND cũ",
                ),
                parse_legacy_id_number,
            ),
            LayoutField(
                "id_or_legacy_number",
                gettext_noop("Số CCCD/CMND"),
                (
                    "CCCD/CMND", "CMND/CCCD", "Số CMND/CCCD", "Số CMND/Căn cước",
                    "Số CCCD/CMND/ĐDCN", "Số định danh/CMND", "Giấy tờ tùy thân",
                ),
                parse_id_or_legacy_number,
            ),
            LayoutField(
                "full_name",
                gettext_noop("Họ và tên"),
                (
                    "Họ tên", "Họ và tên khai sinh", "Họ tên khai sinh", "Họ và tên công dân",
                    "Họ và tên người", "Tên công dân", "Họ và tên thường dùng",
                ),
                parse_name,
                required=True,
                satisfied_by=_NAME_PARTS,
                spanned=(
                    ("family_and_middle_name", "given_name"),
                    ("family_name", "middle_name", "given_name"),
                ),
            ),
            LayoutField(
                "family_and_middle_name",
                gettext_noop("Họ và tên đệm"),
                ("Họ đệm", "Họ và đệm", "Họ và chữ đệm", "Họ, tên đệm", "Họ tên đệm", "Họ lót"),
                parse_name,
            ),
            LayoutField("family_name", gettext_noop("Họ"), ("Họ và tên Họ",), parse_name),
            LayoutField(
                "middle_name",
                gettext_noop("Tên đệm"),
                ("Chữ đệm", "Đệm", "Tên lót", "Họ và tên Tên đệm"),
                parse_name,
            ),
            LayoutField(
                "given_name", gettext_noop("Tên"), ("Tên gọi", "Họ và tên Tên"), parse_name
            ),
            LayoutField(
                "birth_date",
                gettext_noop("Ngày sinh"),
                (
                    "Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Ngày/tháng/năm sinh",
                    "Năm sinh", "Sinh ngày", "NS", "NTNS", "Ngày tháng sinh", "Ngày sinh DL",
                ),
                parse_date,
                required=True,
                satisfied_by=(("birth_date_male", "birth_date_female"),),
            ),
            LayoutField(
                "birth_date_male",
                gettext_noop("Ngày sinh – Nam"),
                (
                    "Ngày, tháng, năm sinh Nam", "Ngày tháng năm sinh Nam", "Năm sinh Nam",
                    "NS Nam",
                ),
                parse_date,
            ),
            LayoutField(
                "birth_date_female",
                gettext_noop("Ngày sinh – Nữ"),
                (
                    "Ngày, tháng, năm sinh Nữ", "Ngày tháng năm sinh Nữ", "Năm sinh Nữ",
                    "NS Nữ",
                ),
                parse_date,
            ),
            LayoutField(
                "gender",
                gettext_noop("Giới tính"),
                ("Nam/Nữ", "Nam, Nữ", "Nam (Nữ)", "Nam hay Nữ", "GT", "Giới", "Phái"),
                parse_gender,
            ),
            LayoutField(
                "gender_male", gettext_noop("Nam"), ("Giới tính Nam",), parse_mark
            ),
            LayoutField("gender_female", gettext_noop("Nữ"), ("Giới tính Nữ",), parse_mark),
            LayoutField("ethnicity", gettext_noop("Dân tộc"), ("DT (dân tộc)",), parse_text),
            LayoutField("religion", gettext_noop("Tôn giáo"), ("Đạo",), parse_text),
            LayoutField(
                "education_level",
                gettext_noop("Trình độ văn hóa"),
                (
                    "Văn hóa", "TĐVH", "Trình độ học vấn", "Học vấn", "Trình độ giáo dục phổ thông",
                    "Trình độ GDPT", "Trình độ", "VH", "Trình độ VH",
                ),
                parse_education_level,
            ),
            LayoutField(
                "residence_unit",
                gettext_noop("Đơn vị"),
                (
                    "Phường", "Xã", "Phường/Xã", "Xã/Phường", "Phường, xã", "Xã, phường",
                    "Xã, phường, thị trấn", "Đơn vị hành chính", "Mã đơn vị", "Mã xã",
                    "Mã phường", "Đơn vị cư trú", "Phường (xã)",
                ),
                parse_unit_ref,
            ),
            LayoutField(
                "address",
                gettext_noop("Địa chỉ"),
                (
                    "Nơi ở", "Nơi ở hiện nay", "Nơi ở hiện tại", "Chỗ ở hiện nay", "Thường trú",
                    "Nơi thường trú", "Địa chỉ thường trú", "HKTT", "Hộ khẩu thường trú",
                    "Nơi cư trú", "Địa chỉ cư trú", "Địa chỉ liên hệ",
                ),
                parse_text,
            ),
            LayoutField(
                "phone",
                gettext_noop("Số điện thoại"),
                (
                    "SĐT", "Số ĐT", "Điện thoại", "ĐT", "Điện thoại liên hệ", "ĐTDĐ", "Di động",
                    "Số di động", "SĐT liên hệ",
                ),
                parse_phone,
            ),
            LayoutField(
                "occupation",
                gettext_noop("Nghề nghiệp"),
                ("Nghề", "Công việc", "Việc làm", "Nghề nghiệp hiện nay", "Công việc hiện nay"),
                parse_text,
            ),
            LayoutField(
                "workplace",
                gettext_noop("Nơi làm việc"),
                (
                    "Cơ quan", "Đơn vị công tác", "Nơi công tác", "Cơ quan, đơn vị công tác",
                    "Nơi làm việc/học tập", "Nơi học tập, làm việc", "Nơi làm việc, học tập",
                    "Cơ quan công tác",
                ),
                parse_text,
            ),
            LayoutField("notes", gettext_noop("Ghi chú"), ("GC", "Ghi chú khác"), parse_text),
        ),
        row_rules=(_names, _gender_columns, _identity_numbers),
    )
)
# fmt: on
