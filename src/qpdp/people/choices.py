"""Value lists of the person registry: gender, ethnicity (54 groups), education level."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qpdp.core import dates


class Gender(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class BirthPrecision(models.TextChoices):
    DAY = dates.DAY, _("Ngày/tháng/năm")
    MONTH = dates.MONTH, _("Tháng/năm")
    YEAR = dates.YEAR, _("Chỉ năm")


class EducationLevel(models.IntegerChoices):
    """General-education grade 0–12, then vocational and higher education as 13–16.

    One ordered integer so rules such as "grade 8 or higher" (Circular 148/2018 Art. 4.4) are
    a comparison.
    """

    NONE = 0, _("Chưa đi học")
    G1 = 1, "1/12"
    G2 = 2, "2/12"
    G3 = 3, "3/12"
    G4 = 4, "4/12"
    G5 = 5, "5/12"
    G6 = 6, "6/12"
    G7 = 7, "7/12"
    G8 = 8, "8/12"
    G9 = 9, "9/12"
    G10 = 10, "10/12"
    G11 = 11, "11/12"
    G12 = 12, "12/12"
    VOCATIONAL = 13, _("Trung cấp")
    COLLEGE = 14, _("Cao đẳng")
    UNIVERSITY = 15, _("Đại học")
    POSTGRADUATE = 16, _("Sau đại học")


# The 54 ethnic groups of Vietnam (General Statistics Office list).
ETHNICITIES = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai", "Ê Đê",
    "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ",
    "Xtiêng", "Khơ Mú", "Bru-Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ-Triêng", "Co",
    "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "Kháng", "La Chí", "Phù Lá", "La Hủ",
    "La Ha", "Pà Thẻn", "Chứt", "Lự", "Lô Lô", "Mảng", "Cờ Lao", "Bố Y", "Cống", "Ngái", "Si La",
    "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
)  # fmt: skip
ETHNICITY_CHOICES = [(name, name) for name in ETHNICITIES]

RELIGIONS = (
    "Không", "Phật giáo", "Công giáo", "Tin Lành", "Cao Đài", "Phật giáo Hòa Hảo", "Hồi giáo",
    "Bà-la-môn", "Khác",
)  # fmt: skip
RELIGION_CHOICES = [(name, name) for name in RELIGIONS]
