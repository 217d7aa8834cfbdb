"""The person registry's import layout: the columns a list of citizens may have.

The ``people`` layout reads a ward's list of citizens, in any of the shapes officers make it
(one name column or three, gender as a column or as "x" under Nam/Nữ, "CCCD/CMND" in one
column, …), matches each row to the registry by identity number (or, without one, by folded
name, birth date and ward) and writes it in bulk; ``qpdp export people`` writes a unit's people
back in the same columns. Other registries whose lists carry a citizen's own data reuse its
fields, rules and records (``conscription.import_layouts``).

- ``rows``: the row rules (name parts, gender columns, identity numbers);
- ``values``: the parsers of the registry's own value lists (phone, education level);
- ``records``: ``PeopleRecords``, how rows are prepared, matched, written and undone;
- ``writer``: the set-based writes (new people in bulk, changed people in batches, undo);
- ``export``: the export of a unit's people in the layout's columns.
"""

from __future__ import annotations

from typing import Final

from django.utils.translation import gettext_noop

from qpdp.imports.layouts import Layout, LayoutField, register
from qpdp.imports.values import (
    parse_date,
    parse_gender,
    parse_id_number,
    parse_id_or_legacy_number,
    parse_legacy_id_number,
    parse_mark,
    parse_name,
    parse_text,
    parse_unit_ref,
)
from qpdp.people.import_layouts import writer
from qpdp.people.import_layouts.export import PEOPLE_EXPORT
from qpdp.people.import_layouts.records import PeopleRecords
from qpdp.people.import_layouts.rows import gender_columns, identity_numbers, names
from qpdp.people.import_layouts.values import parse_education_level, parse_phone

__all__ = ["PEOPLE", "PeopleRecords", "writer"]

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
        row_rules=(names, gender_columns, identity_numbers),
        records=PeopleRecords(),
        export=PEOPLE_EXPORT,
    )
)
# fmt: on
