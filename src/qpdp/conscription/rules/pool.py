"""The pool: where each person stands towards the call-up on a reference date.

``evaluate`` answers for one person; ``evaluate_many`` for a whole register, sharing everything
that depends only on the date (age thresholds as ordinals, the health standard, the grounds in
force) so that the per-person work is a handful of comparisons. The order of precedence between
states is documented in ``states``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from qpdp.core.identity import FEMALE, MALE

from .ages import (
    CALL_UP_MAX_AGE,
    CALL_UP_MAX_AGE_AFTER_STUDY,
    CALL_UP_MIN_AGE,
    AgeCheck,
    BirthDate,
    age_window_check,
    latest_birth_reaching,
)
from .deadlines import exam_season_start
from .grounds import GROUNDS, HEALTH_GROUND, STUDY_GROUND, Decision, DecisionKind
from .regime import regime_on
from .standards import (
    EDUCATION_GRADES,
    HEALTH_CLASSES,
    MIN_EDUCATION_GRADE,
    HealthStandard,
    education_reason,
    health_reasons,
    health_standard_on,
)
from .states import Evaluation, PoolState, Reason, single

SERVING = Reason(
    "serving", PoolState.SERVING, _("Đang phục vụ tại ngũ"), _("Điều 21, Điều 22 Luật NVQS")
)
DISCHARGED = Reason("discharged", PoolState.SERVED, _("Đã xuất ngũ"), _("Điều 43 Luật NVQS"))
SERVICE_RECOGNISED = Reason(
    "service_recognised",
    PoolState.SERVED,
    _("Được công nhận hoàn thành nghĩa vụ quân sự tại ngũ"),
    _("khoản 4 Điều 4, khoản 2 Điều 42 Luật NVQS"),
)
WOMAN_NOT_VOLUNTEER = Reason(
    "woman_not_volunteer",
    PoolState.INELIGIBLE,
    _("Công dân nữ chỉ phục vụ tại ngũ trong thời bình nếu tự nguyện"),
    _("khoản 2 Điều 6 Luật NVQS"),
)
WOMEN_NOT_CALLED = Reason(
    "women_not_called",
    PoolState.INELIGIBLE,
    _("Công dân nữ tình nguyện, nhưng đợt tuyển quân này không gọi công dân nữ"),
    _("khoản 2 Điều 6 Luật NVQS"),
)
BARRED = Reason(
    "barred",
    PoolState.INELIGIBLE,
    _("Thuộc diện không được đăng ký nghĩa vụ quân sự"),
    _("khoản 1 Điều 13 Luật NVQS"),
)
REGISTRATION_EXEMPT = Reason(
    "registration_exempt",
    PoolState.INELIGIBLE,
    _("Thuộc diện miễn đăng ký nghĩa vụ quân sự (khuyết tật, bệnh hiểm nghèo, bệnh tâm thần…)"),
    _("Điều 14 Luật NVQS"),
)
UNDER_AGE = Reason("under_age", PoolState.UNDER_AGE, _("Chưa đủ 18 tuổi"), _("Điều 30 Luật NVQS"))
OVER_AGE = Reason("over_age", PoolState.OVER_AGE, _("Đã hết 25 tuổi"), _("Điều 30 Luật NVQS"))
OVER_AGE_AFTER_STUDY = Reason(
    "over_age_after_study",
    PoolState.OVER_AGE,
    _("Đã hết 27 tuổi (đã tạm hoãn để học cao đẳng, đại học)"),
    _("Điều 30 Luật NVQS"),
)
AGE_UNCERTAIN = Reason(
    "birth_date_incomplete",
    PoolState.AGE_UNCERTAIN,
    _("Ngày sinh không đầy đủ, chưa xác định được có trong độ tuổi gọi nhập ngũ"),
    _("Điều 30 Luật NVQS"),
)
NOT_REGISTERED = Reason(
    "not_registered",
    PoolState.NOT_REGISTERED,
    _("Chưa đăng ký nghĩa vụ quân sự"),
    _("Điều 12, Điều 16 Luật NVQS"),
)
NOT_EXAMINED = Reason(
    "not_examined",
    PoolState.NOT_EXAMINED,
    _("Chưa có kết quả khám sức khỏe của đợt khám hiện hành"),
    _("điểm c khoản 1 Điều 31, Điều 40 Luật NVQS"),
)
CALLABLE = Reason(
    "callable",
    PoolState.CALLABLE,
    _("Đủ tiêu chuẩn gọi nhập ngũ"),
    _("Điều 30, khoản 1 Điều 31 Luật NVQS"),
)
VOLUNTEER = Reason(
    "volunteer",
    PoolState.CALLABLE,
    _("Tình nguyện nhập ngũ: được xem xét tuyển chọn dù thuộc diện tạm hoãn, miễn hoặc là nữ"),
    _("khoản 2 Điều 6, khoản 3 Điều 41 Luật NVQS"),
)

_SERVING = single(SERVING)
_DISCHARGED = single(DISCHARGED)
_RECOGNISED = single(SERVICE_RECOGNISED)
_UNDER_AGE = single(UNDER_AGE)
_OVER_AGE = single(OVER_AGE)
_OVER_AGE_AFTER_STUDY = single(OVER_AGE_AFTER_STUDY)
_CALLABLE = single(CALLABLE)
_CALLABLE_VOLUNTEER = Evaluation(PoolState.CALLABLE, (CALLABLE, VOLUNTEER))


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the registry knows about one person, as plain values; dates are real dates.

    ``myopia_dioptres`` is a magnitude (2.0 for −2.0 D). ``barred_until`` is the last day of an
    Art. 13 measure (``date.max`` when open-ended). ``volunteer`` records a volunteering
    application (Art. 6.2 for women, Art. 41.3 for the deferred and exempt).
    """

    gender: str
    birth: BirthDate
    registered_on: date | None = None
    health_class: int | None = None
    health_exam_on: date | None = None
    drug_addicted: bool = False
    myopia_dioptres: float | None = None
    hyperopia: bool = False
    bmi: float | None = None
    education_grade: int | None = None
    in_service_from: date | None = None
    discharged_on: date | None = None
    service_recognised_on: date | None = None
    volunteer: bool = False
    listed_profession: bool = False
    barred_until: date | None = None
    registration_exempt: bool = False

    def __post_init__(self) -> None:
        if self.gender not in (MALE, FEMALE):
            raise ValueError(f"gender must be {MALE!r} or {FEMALE!r}")
        if self.health_class is not None and self.health_class not in HEALTH_CLASSES:
            raise ValueError("health class is 1 to 6 (Circular 105/2023 Art. 6.2)")
        if (self.health_class is None) != (self.health_exam_on is None):
            raise ValueError("a health class and its examination date go together")
        if self.education_grade is not None and self.education_grade not in EDUCATION_GRADES:
            raise ValueError("education grade is 0 to 12")
        if self.myopia_dioptres is not None and self.myopia_dioptres < 0:
            raise ValueError("myopia is recorded as a magnitude in dioptres")
        if self.bmi is not None and self.bmi <= 0:
            raise ValueError("BMI must be positive")


@dataclass(frozen=True, slots=True)
class _Day:
    """Everything about the reference date that every person's evaluation shares."""

    on: date
    min_grade: int
    calls_women: bool
    of_age: int
    too_old: int
    too_old_after_study: int
    season_start: date
    health: HealthStandard


@lru_cache(maxsize=256)
def _day(on: date, min_grade: int, calls_women: bool) -> _Day:
    if min_grade not in EDUCATION_GRADES:
        raise ValueError("the minimum education grade is 0 to 12")
    regime_on(on)  # refuse dates before the 2015 law as early as possible
    return _Day(
        on=on,
        min_grade=min_grade,
        calls_women=calls_women,
        of_age=latest_birth_reaching(CALL_UP_MIN_AGE, on).toordinal(),
        too_old=latest_birth_reaching(CALL_UP_MAX_AGE + 1, on).toordinal(),
        too_old_after_study=latest_birth_reaching(CALL_UP_MAX_AGE_AFTER_STUDY + 1, on).toordinal(),
        season_start=exam_season_start(on),
        health=health_standard_on(on),
    )


def evaluate(
    facts: PersonFacts,
    decisions: Sequence[Decision],
    on: date,
    *,
    min_grade: int = MIN_EDUCATION_GRADE,
    calls_women: bool = False,
) -> Evaluation:
    """The pool state of one person on ``on`` with every reason, each citing its article.

    Law on Military Service 2015 as amended, Art. 6.2, 30, 31, 41; Circular 105/2023 Art. 4;
    Circular 148/2018 Art. 4. ``decisions`` are the person's deferral and exemption decisions,
    past and present; ``min_grade`` is 8, or 7 where the competent level permits (Art. 4.4);
    ``calls_women`` says the cycle calls women who volunteer (Art. 6.2: only when the army
    needs them, so never by default).
    """
    return _evaluate(facts, decisions, _day(on, min_grade, calls_women))


def evaluate_many(
    rows: Iterable[tuple[PersonFacts, Sequence[Decision]]],
    on: date,
    *,
    min_grade: int = MIN_EDUCATION_GRADE,
    calls_women: bool = False,
) -> list[Evaluation]:
    """``evaluate`` over a whole register, in input order; the date work is done once."""
    day = _day(on, min_grade, calls_women)
    return [_evaluate(facts, decisions, day) for facts, decisions in rows]


def _evaluate(facts: PersonFacts, decisions: Sequence[Decision], day: _Day) -> Evaluation:
    on = day.on
    started = facts.in_service_from
    if started is not None and started <= on:
        discharged = facts.discharged_on
        return _SERVING if discharged is None or on < discharged else _DISCHARGED
    recognised = facts.service_recognised_on
    if recognised is not None and recognised <= on:
        return _RECOGNISED
    ineligible = _ineligibility(facts, day)
    if ineligible is not None:
        return ineligible
    studied = bool(decisions) and _studied_after_deferral(decisions, on)
    too_old = day.too_old_after_study if studied else day.too_old
    age = age_window_check(facts.birth, day.of_age, too_old)
    if age is AgeCheck.UNDER:
        return _UNDER_AGE
    if age is AgeCheck.OVER:
        return _OVER_AGE_AFTER_STUDY if studied else _OVER_AGE
    reasons: list[Reason] = []
    if age is AgeCheck.UNCERTAIN:
        reasons.append(AGE_UNCERTAIN)
    registered = facts.registered_on
    if registered is None or registered > on:
        reasons.append(NOT_REGISTERED)
    overridden = bool(decisions) and _decision_reasons(decisions, on, facts.volunteer, reasons)
    _standards_reasons(facts, day, reasons)
    if reasons:
        return Evaluation(reasons[0].state, tuple(reasons))
    if overridden or facts.gender == FEMALE:
        return _CALLABLE_VOLUNTEER
    return _CALLABLE


def _ineligibility(facts: PersonFacts, day: _Day) -> Evaluation | None:
    """Art. 6.2, 13 and 14: people the call does not address at all; a woman is addressed only
    when she volunteers and the cycle calls women."""
    if facts.gender == MALE and facts.barred_until is None and not facts.registration_exempt:
        return None  # the common case, without building a list
    reasons: list[Reason] = []
    if facts.gender == FEMALE and not facts.volunteer:
        reasons.append(WOMAN_NOT_VOLUNTEER)
    elif facts.gender == FEMALE and not day.calls_women:
        reasons.append(WOMEN_NOT_CALLED)
    barred = facts.barred_until
    if barred is not None and day.on <= barred:
        reasons.append(BARRED)
    if facts.registration_exempt:
        reasons.append(REGISTRATION_EXEMPT)
    return Evaluation(PoolState.INELIGIBLE, tuple(reasons)) if reasons else None


def _studied_after_deferral(decisions: Sequence[Decision], on: date) -> bool:
    """Art. 30: deferred (ground g) for college or university training, at any time up to ``on``.

    The extension stays after the course ends: the law keys it to having been deferred.
    """
    return any(
        decision.higher_education and decision.decided_on <= on
        for decision in decisions
        if decision.ground == STUDY_GROUND
    )


def _decision_reasons(
    decisions: Sequence[Decision], on: date, volunteer: bool, reasons: list[Reason]
) -> bool:
    """Append exemption then deferral reasons in effect on ``on``; say whether any was lifted.

    Art. 41.3: the deferred and the exempt who volunteer are considered for selection, so their
    decisions stop blocking, except ground a (unfitness), which volunteering cannot cure.
    """
    exempt: list[Reason] = []
    deferred: list[Reason] = []
    lifted = False
    for decision in decisions:
        if not decision.applies_on(on):
            continue
        is_deferral = decision.kind is DecisionKind.DEFERRAL
        if volunteer and not (is_deferral and decision.ground == HEALTH_GROUND):
            lifted = True
            continue
        reason = GROUNDS[(decision.kind, decision.ground)].reason
        target = deferred if is_deferral else exempt
        if reason not in target:
            target.append(reason)
    reasons.extend(exempt)
    reasons.extend(deferred)
    return lifted


def _standards_reasons(facts: PersonFacts, day: _Day, reasons: list[Reason]) -> None:
    """Append health, then education, then missing-examination reasons (Art. 31.1.c–d)."""
    exam_on = facts.health_exam_on
    current = exam_on is not None and day.season_start <= exam_on <= day.on
    health_class = facts.health_class if current else None
    if health_class is not None or facts.drug_addicted:
        reasons.extend(
            health_reasons(
                day.health,
                health_class=health_class,
                drug_addicted=facts.drug_addicted,
                myopia_dioptres=facts.myopia_dioptres,
                hyperopia=facts.hyperopia,
                bmi=facts.bmi,
            )
        )
    education = education_reason(facts.education_grade, day.min_grade)
    if education is not None:
        reasons.append(education)
    if not current:
        reasons.append(NOT_EXAMINED)
