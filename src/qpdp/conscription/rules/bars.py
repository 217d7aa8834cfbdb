"""Who may not be registered or called while a measure lasts (Law on Military Service 2015 as
amended, Art. 13): criminal proceedings and sentences, the administrative measures the article
names, and the loss of the right to serve. Once the measure ends the citizen is registered and
may be called (Art. 13.2)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from .states import Text


class MeasureKind(TextChoices):
    """The measures of Art. 13.1, each under its point (a, b or c)."""

    PROSECUTION = "prosecution", _("Đang bị truy cứu trách nhiệm hình sự")
    PRISON = "prison", _("Đang chấp hành hình phạt tù")
    NON_CUSTODIAL = "non_custodial", _("Đang chấp hành hình phạt cải tạo không giam giữ")
    PROBATION = "probation", _("Đang chấp hành hình phạt quản chế")
    CONVICTION = "conviction", _("Đã chấp hành xong hình phạt tù nhưng chưa được xóa án tích")
    COMMUNE_EDUCATION = "commune_education", _("Đang bị áp dụng biện pháp giáo dục tại xã, phường")
    REFORM_SCHOOL = "reform_school", _("Đang bị đưa vào trường giáo dưỡng")
    COMPULSORY_EDUCATION = "compulsory_education", _("Đang bị đưa vào cơ sở giáo dục bắt buộc")
    COMPULSORY_REHAB = "compulsory_rehab", _("Đang bị đưa vào cơ sở cai nghiện bắt buộc")
    STRIPPED = "stripped", _("Bị tước quyền phục vụ trong lực lượng vũ trang nhân dân")


_POINTS: dict[MeasureKind, str] = {
    MeasureKind.PROSECUTION: "a",
    MeasureKind.PRISON: "a",
    MeasureKind.NON_CUSTODIAL: "a",
    MeasureKind.PROBATION: "a",
    MeasureKind.CONVICTION: "a",
    MeasureKind.COMMUNE_EDUCATION: "b",
    MeasureKind.REFORM_SCHOOL: "b",
    MeasureKind.COMPULSORY_EDUCATION: "b",
    MeasureKind.COMPULSORY_REHAB: "b",
    MeasureKind.STRIPPED: "c",
}


def measure_article(kind: MeasureKind) -> Text:
    """The point of Art. 13.1 that names ``kind``."""
    return _("điểm %(point)s khoản 1 Điều 13 Luật Nghĩa vụ quân sự") % {"point": _POINTS[kind]}


@dataclass(frozen=True, slots=True)
class Measure:
    """One measure as the rules read it: its first day and its last (``None`` while open)."""

    starts_on: date
    ends_on: date | None


def barred_until(measures: Iterable[Measure], on: date) -> date | None:
    """The last day of the measures covering ``on`` (``date.max`` if one is open-ended), or
    ``None`` when none covers it: ``PersonFacts.barred_until`` (Art. 13.1). A measure covers the
    days from its start to its end, both included; the day after it ends the citizen is free
    (Art. 13.2)."""
    ends = [
        date.max if m.ends_on is None else m.ends_on
        for m in measures
        if m.starts_on <= on and (m.ends_on is None or on <= m.ends_on)
    ]
    return max(ends, default=None)
