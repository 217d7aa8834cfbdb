"""Health and education standards for the call-up (Law on Military Service 2015, Art. 31.1.c–d).

Health standards are an effective-dated table:

- to 31/12/2023: health classes under Joint Circular 16/2016/TTLT-BYT-BQP (in force 15/08/2016;
  Joint Circular 36/2011 before it, UNVERIFIED for those months) and selection under Circular
  140/2015 Art. 4.3, then Circular 148/2018 Art. 4.3 [V for the 140/2015 wording, S for 148/2018
  keeping it]: classes 1–3; not class 3 with myopia of 1.5 dioptres or more or any hyperopia;
  not drug addicts.
- 01/01/2024 to 30/06/2025: Circular 105/2023 Art. 4.1.a [V]: classes 1–3, not drug addicts;
  Circular 148/2018 Art. 4.3.c unchanged [S].
- from 01/07/2025: Circular 148/2018 Art. 4.3.c as amended by Circular 68/2025 [S]: for every
  class, not myopia above 1.5 dioptres, not any hyperopia, not BMI below 18.0 or above 29.9.
  Circular 106/2025 (30/09/2025) changed who examines, not the classes [V].

The older texts also excluded HIV/AIDS; whether Circular 68/2025 keeps that is UNVERIFIED, and
the registry does not hold it, so it is not encoded.

An examination counts only in the season it belongs to (see ``deadlines.exam_season_start``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from .dated import row_on
from .states import PoolState, Reason, Text

HEALTH_CLASSES = range(1, 7)
"""Circular 105/2023 Art. 6.2: a person's class is his worst indicator score, 1 to 6."""

MIN_EDUCATION_GRADE = 8
"""Circular 148/2018 Art. 4.4.a [S]: grade 8 or higher, taken from the highest down."""
PERMITTED_EDUCATION_GRADE = 7
"""Circular 148/2018 Art. 4.4.a [S]: grade 7 where the competent level permits a locality that
cannot otherwise fill its number. Art. 4.4.b (primary level for up to 25 % in especially
difficult communes) is a share of a quota, not a rule about one person, and is not encoded."""
EDUCATION_GRADES = range(0, 13)
"""General education grades 0 (none) to 12 (upper-secondary completed; higher degrees count 12)."""


@dataclass(frozen=True, slots=True)
class HealthStandard:
    """The health conditions of the call-up in force from ``valid_from`` to ``valid_to``."""

    code: str
    valid_from: date
    valid_to: date | None
    callable_classes: frozenset[int]
    refraction_classes: frozenset[int]
    myopia_limit: float
    myopia_limit_inclusive: bool
    bmi_range: tuple[float, float] | None
    class_reason: Reason
    drug_reason: Reason
    myopia_reason: Reason
    hyperopia_reason: Reason
    bmi_reason: Reason

    def refraction_applies(self, health_class: int) -> bool:
        return health_class in self.refraction_classes

    def myopia_excludes(self, dioptres: float) -> bool:
        """Whether myopia of ``dioptres`` (a magnitude: 2.0 means −2.0 D) excludes."""
        if self.myopia_limit_inclusive:
            return dioptres >= self.myopia_limit
        return dioptres > self.myopia_limit

    def bmi_excludes(self, bmi: float) -> bool:
        if self.bmi_range is None:
            return False
        low, high = self.bmi_range
        return bmi < low or bmi > high


def _unfit(code: str, message: Text, article: Text) -> Reason:
    return Reason(code, PoolState.HEALTH_UNFIT, message, article)


_CLASS_MESSAGE = _("Sức khỏe loại 4, 5 hoặc 6; chỉ gọi nhập ngũ công dân sức khỏe loại 1, 2, 3")
_DRUG_MESSAGE = _("Nghiện các chất ma túy, tiền chất ma túy")
_BMI_MESSAGE = _("Chỉ số khối cơ thể (BMI) dưới 18,0 hoặc trên 29,9")
_ART_148_2018 = _("điểm c khoản 3 Điều 4 Thông tư 148/2018/TT-BQP")
_ART_148_2025 = _(
    "điểm c khoản 3 Điều 4 Thông tư 148/2018/TT-BQP (sửa đổi bởi Thông tư 68/2025/TT-BQP)"
)
_ART_105 = _("điểm a khoản 1 Điều 4 Thông tư 105/2023/TT-BQP; điểm a khoản 1 Điều 41 Luật NVQS")


def _before_2025(
    code: str, valid_from: date, valid_to: date, class_article: Text
) -> HealthStandard:
    """Pre-2025 rows: the refraction rule hits class 3 only, from 1.5 dioptres inclusive."""
    return HealthStandard(
        code=code,
        valid_from=valid_from,
        valid_to=valid_to,
        callable_classes=frozenset({1, 2, 3}),
        refraction_classes=frozenset({3}),
        myopia_limit=1.5,
        myopia_limit_inclusive=True,
        bmi_range=None,
        class_reason=_unfit("health_class", _CLASS_MESSAGE, class_article),
        drug_reason=_unfit("drug_addiction", _DRUG_MESSAGE, class_article),
        myopia_reason=_unfit(
            "myopia", _("Sức khỏe loại 3 có cận thị từ 1,5 điốp trở lên"), _ART_148_2018
        ),
        hyperopia_reason=_unfit("hyperopia", _("Sức khỏe loại 3 có viễn thị"), _ART_148_2018),
        bmi_reason=_unfit("bmi", _BMI_MESSAGE, _ART_148_2018),
    )


HEALTH_STANDARDS: tuple[HealthStandard, ...] = (
    _before_2025(
        "ttlt16-2016",
        date(2016, 1, 1),
        date(2023, 12, 31),
        _(
            "Thông tư liên tịch 16/2016/TTLT-BYT-BQP; khoản 3 Điều 4 Thông tư 148/2018/TT-BQP "
            "(trước đó Thông tư 140/2015/TT-BQP)"
        ),
    ),
    _before_2025("tt105-2023", date(2024, 1, 1), date(2025, 6, 30), _ART_105),
    HealthStandard(
        code="tt68-2025",
        valid_from=date(2025, 7, 1),
        valid_to=None,
        callable_classes=frozenset({1, 2, 3}),
        refraction_classes=frozenset(HEALTH_CLASSES),
        myopia_limit=1.5,
        myopia_limit_inclusive=False,
        bmi_range=(18.0, 29.9),
        class_reason=_unfit("health_class", _CLASS_MESSAGE, _ART_105),
        drug_reason=_unfit("drug_addiction", _DRUG_MESSAGE, _ART_105),
        myopia_reason=_unfit("myopia", _("Cận thị lớn hơn 1,5 điốp"), _ART_148_2025),
        hyperopia_reason=_unfit("hyperopia", _("Viễn thị (mọi mức độ)"), _ART_148_2025),
        bmi_reason=_unfit("bmi", _BMI_MESSAGE, _ART_148_2025),
    ),
)


def health_standard_on(day: date) -> HealthStandard:
    """The health standard in force on ``day``; ``NoRuleInForce`` before 01/01/2016."""
    return row_on(HEALTH_STANDARDS, day)


def health_reasons(
    standard: HealthStandard,
    *,
    health_class: int | None,
    drug_addicted: bool,
    myopia_dioptres: float | None,
    hyperopia: bool,
    bmi: float | None,
) -> list[Reason]:
    """Every health reason that bars the call-up under ``standard``, from one examination.

    ``health_class`` is ``None`` when there is no current examination: only drug addiction,
    established outside the examination (Decree 57/2022 list), can then exclude.
    """
    reasons: list[Reason] = []
    if health_class is not None:
        if health_class not in standard.callable_classes:
            reasons.append(standard.class_reason)
        if drug_addicted:
            reasons.append(standard.drug_reason)
        if standard.refraction_applies(health_class):
            if myopia_dioptres is not None and standard.myopia_excludes(myopia_dioptres):
                reasons.append(standard.myopia_reason)
            if hyperopia:
                reasons.append(standard.hyperopia_reason)
        if bmi is not None and standard.bmi_excludes(bmi):
            reasons.append(standard.bmi_reason)
    elif drug_addicted:
        reasons.append(standard.drug_reason)
    return reasons


EDUCATION_BELOW = Reason(
    "education_below",
    PoolState.EDUCATION_UNMET,
    _("Trình độ văn hóa thấp hơn mức được tuyển chọn"),
    _("khoản 4 Điều 4 Thông tư 148/2018/TT-BQP; điểm d khoản 1 Điều 31 Luật NVQS"),
)
EDUCATION_UNKNOWN = Reason(
    "education_unknown",
    PoolState.EDUCATION_UNMET,
    _("Chưa có thông tin trình độ văn hóa"),
    _("khoản 4 Điều 4 Thông tư 148/2018/TT-BQP; điểm d khoản 1 Điều 31 Luật NVQS"),
)


def education_reason(grade: int | None, min_grade: int = MIN_EDUCATION_GRADE) -> Reason | None:
    """Why the education level bars the call-up, if it does.

    Circular 148/2018 Art. 4.4.a [S]: grade 8 normally; the caller passes 7 where the competent
    level has permitted it. An unknown level is not assumed to meet the standard.
    """
    if grade is None:
        return EDUCATION_UNKNOWN
    return EDUCATION_BELOW if grade < min_grade else None
