"""The Art. 13 measure and the Art. 4.4 recognition a register of first registrations may carry
beside each citizen: their columns, their value lists and how a row's facts are checked,
written through the services and undone. ``import_layouts`` adds them to the registration
layout."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qpdp.conscription import rules, services
from qpdp.conscription.models import BarringMeasure, CallUpOrder, Outcome, ServiceRecognition
from qpdp.conscription.rules import MeasureKind, RecognitionGround
from qpdp.core import audit
from qpdp.core.access import AnyUser, check_unit_writable
from qpdp.core.dates import DAY, PartialDate
from qpdp.core.vietnamese import fold
from qpdp.imports.layouts import LayoutField
from qpdp.imports.models import ImportRun
from qpdp.imports.readers import CellValue
from qpdp.imports.records import Plan, RowContext, problem
from qpdp.imports.values import ParseContext, ParseResult, as_text, parse_date, parse_text
from qpdp.people.import_layouts import writer
from qpdp.people.models import Person

# What officers write for each measure, folded, most specific first (a substring match).
_MEASURE_WORDS: Final = (
    ("khong giam giu", MeasureKind.NON_CUSTODIAL),
    ("an tich", MeasureKind.CONVICTION),
    ("cai nghien", MeasureKind.COMPULSORY_REHAB),
    ("giao duong", MeasureKind.REFORM_SCHOOL),
    ("giao duc bat buoc", MeasureKind.COMPULSORY_EDUCATION),
    ("giao duc tai", MeasureKind.COMMUNE_EDUCATION),
    ("quan che", MeasureKind.PROBATION),
    ("tuoc quyen", MeasureKind.STRIPPED),
    ("truy cuu", MeasureKind.PROSECUTION),
    ("khoi to", MeasureKind.PROSECUTION),
    ("bi can", MeasureKind.PROSECUTION),
    ("phat tu", MeasureKind.PRISON),
    ("an tu", MeasureKind.PRISON),
)
_GROUND_WORDS: Final = (
    ("dan quan", RecognitionGround.STANDING_MILITIA),
    ("dqtt", RecognitionGround.STANDING_MILITIA),
    ("cong an", RecognitionGround.COMMUNE_POLICE),
    ("si quan du bi", RecognitionGround.RESERVE_OFFICER),
    ("kinh te", RecognitionGround.ECONOMIC_DEFENCE),
    ("kiem ngu", RecognitionGround.FISHERIES_CONTROL),
)
_MEASURE_LINK: Final = "measure"
_RECOGNITION_LINK: Final = "recognition"


def parse_measure(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """A measure of Art. 13 by its words ("phạt tù", "quản chế", "cai nghiện bắt buộc")."""
    text = fold(as_text(value))
    for words, kind in _MEASURE_WORDS:
        if words in text:
            return kind.value, None
    return None, _(
        "Biện pháp “%(value)s” không rõ; hãy ghi một biện pháp của khoản 1 Điều 13 Luật Nghĩa "
        "vụ quân sự (bị truy cứu trách nhiệm hình sự, phạt tù, cải tạo không giam giữ, quản "
        "chế, chưa xóa án tích, giáo dục tại xã, trường giáo dưỡng, cơ sở giáo dục bắt buộc, "
        "cơ sở cai nghiện bắt buộc, tước quyền phục vụ)."
    ) % {"value": as_text(value)}


def parse_ground(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """A case of Art. 4.4 by its words ("dân quân thường trực", "công an xã")."""
    text = fold(as_text(value))
    for words, ground in _GROUND_WORDS:
        if words in text:
            return ground.value, None
    return None, _(
        "Trường hợp công nhận “%(value)s” không rõ; hãy ghi dân quân thường trực, công an xã, "
        "sĩ quan dự bị, đoàn kinh tế – quốc phòng hoặc tàu kiểm ngư (khoản 4 Điều 4)."
    ) % {"value": as_text(value)}


_END_HORIZON_YEARS: Final = 30


def parse_end_date(value: CellValue, context: ParseContext) -> ParseResult[PartialDate]:
    """A measure's last day, which may lie ahead (a sentence being served); two-digit years
    pivot on the same horizon ("27" is 2027, "80" is 1980)."""
    today = context.today
    ahead = today.replace(year=today.year + _END_HORIZON_YEARS, day=min(today.day, 28))
    return parse_date(value, ParseContext(today=ahead))


def parse_months(value: CellValue, context: ParseContext) -> ParseResult[int]:
    text = fold(as_text(value)).removesuffix("thang").strip().removesuffix(".0")
    if text.isdigit() and int(text) <= 600:
        return int(text), None
    return None, _("Số tháng “%(value)s” không đúng.") % {"value": as_text(value)}


# fmt: off
FIELDS: Final = (
    LayoutField("measure_kind", gettext_noop("Biện pháp Điều 13"),
                ("Biện pháp", "Không được đăng ký", "Diện không được đăng ký"), parse_measure),
    LayoutField("measure_from", gettext_noop("Biện pháp từ ngày"), ("Áp dụng từ ngày",),
                parse_date),
    LayoutField("measure_to", gettext_noop("Biện pháp đến ngày"), ("Áp dụng đến ngày",),
                parse_end_date),
    LayoutField("measure_document", gettext_noop("Số văn bản biện pháp"), (), parse_text),
    LayoutField("measure_document_date", gettext_noop("Ngày văn bản biện pháp"), (), parse_date),
    LayoutField("recognition_ground", gettext_noop("Công nhận hoàn thành NVQS"),
                ("Công nhận hoàn thành nghĩa vụ quân sự", "Trường hợp công nhận"), parse_ground),
    LayoutField("recognition_months", gettext_noop("Số tháng phục vụ"), (), parse_months),
    LayoutField("recognised_on", gettext_noop("Ngày công nhận"), (), parse_date),
    LayoutField("recognition_number", gettext_noop("Số quyết định công nhận"), (), parse_text),
    LayoutField("recognition_signer", gettext_noop("Người ký quyết định công nhận"), (),
                parse_text),
)
# fmt: on
_MEASURE_REQUIRED: Final = (
    "measure_kind",
    "measure_from",
    "measure_document",
    "measure_document_date",
)  # fmt: skip
_RECOGNITION_REQUIRED: Final = (
    "recognition_ground", "recognised_on", "recognition_number", "recognition_signer",
)  # fmt: skip
_LABELS: Final = {field.name: field for field in FIELDS}


def prepare(
    values: dict[str, object], context: RowContext, plan: Plan, data: dict[str, Any]
) -> None:
    """Put the row's measure and recognition in ``data`` (ISO dates), each only when one of its
    columns is filled, then every required column of it must be (a cell already reported
    unreadable is not reported missing too)."""
    unreadable = {p["column"] for p in plan.problems if p["column"]}
    for key, names, required in (
        ("measure", ("measure_kind", "measure_from", "measure_to", "measure_document",
                     "measure_document_date"), _MEASURE_REQUIRED),
        ("recognition", ("recognition_ground", "recognition_months", "recognised_on",
                         "recognition_number", "recognition_signer"), _RECOGNITION_REQUIRED),
    ):  # fmt: skip
        given = {name: values[name] for name in names if values.get(name) not in (None, "")}
        if not given:
            continue
        fact: dict[str, Any] = {}
        for name in names:
            value = given.get(name)
            if value is None:
                if name in required and context.locate(name) not in unreadable:
                    reason = _("Phải ghi %(label)s.") % {"label": _LABELS[name].label.lower()}
                    plan.problems.append(problem(plan.row, context.locate(name, *names), reason))
                continue
            if isinstance(value, PartialDate):
                if value.precision != DAY:
                    reason = _("Ngày phải ghi đủ ngày, tháng, năm.")
                    plan.problems.append(problem(plan.row, context.locate(name), reason))
                    continue
                value = value.earliest.isoformat()
            fact[name] = value
        data[key] = fact


@dataclass(frozen=True, slots=True)
class Known:
    """What the registry already holds of the chunk's known people that have facts in the file:
    their measures, their recognition's decision number, whether they were handed over."""

    measures: dict[int, list[tuple[str, dt.date, dt.date | None]]]
    recognitions: dict[int, str]
    served: set[int]

    @classmethod
    def of(cls, plans: Sequence[Plan]) -> Known:
        """Three queries for a chunk, whatever its size."""
        ids = [
            plan.record_id
            for plan in plans
            if plan.record_id is not None and ("measure" in plan.data or "recognition" in plan.data)
        ]
        measures: dict[int, list[tuple[str, dt.date, dt.date | None]]] = defaultdict(list)
        for person_id, kind, starts_on, ends_on in BarringMeasure.objects.filter(
            person_id__in=ids
        ).values_list("person_id", "kind", "starts_on", "ends_on"):
            measures[person_id].append((kind, starts_on, ends_on))
        recognitions = dict(
            ServiceRecognition.objects.filter(person_id__in=ids).values_list(
                "person_id", "decision_number"
            )
        )
        served = set(
            CallUpOrder.objects.filter(person_id__in=ids, outcome=Outcome.HANDED_OVER).values_list(
                "person_id", flat=True
            )
        )
        return cls(measures, recognitions, served)


def classify(
    plan: Plan, context: RowContext, known: Known, registered_on: dt.date, new_registration: bool
) -> bool:
    """Check the row's facts against the law and the registry and mark the new ones (to be
    written: ``measure_new``, ``recognition_new``); ``True`` when one is. The measure must not
    cover the day of a registration the row records (Art. 13)."""
    measure, recognition = plan.data.get("measure"), plan.data.get("recognition")
    plan.data["measure_new"] = measure is not None and _classify_measure(
        plan, context, known, measure, registered_on, new_registration
    )
    plan.data["recognition_new"] = recognition is not None and _classify_recognition(
        plan, context, known, recognition
    )
    return bool(plan.data["measure_new"] or plan.data["recognition_new"])


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _classify_measure(
    plan: Plan,
    context: RowContext,
    known: Known,
    measure: dict[str, Any],
    registered_on: dt.date,
    new_registration: bool,
) -> bool:
    starts_on = dt.date.fromisoformat(measure["measure_from"])
    ends_on = _date(measure.get("measure_to"))
    if ends_on is not None and ends_on < starts_on:
        reason = _("Ngày kết thúc biện pháp không được trước ngày bắt đầu.")
        plan.problems.append(problem(plan.row, context.locate("measure_to"), reason))
        return False
    kind = MeasureKind(measure["measure_kind"])
    if new_registration and rules.barred_until([rules.Measure(starts_on, ends_on)], registered_on):
        reason = _(
            "Ngày đăng ký nằm trong thời gian áp dụng biện pháp “%(measure)s”: công dân không được "
            "đăng ký nghĩa vụ quân sự (%(article)s)."
        ) % {"measure": kind.label.lower(), "article": rules.measure_article(kind)}
        plan.problems.append(problem(plan.row, context.locate("measure_from"), reason))
        return False
    same = [m for m in known.measures.get(plan.record_id or 0, []) if m[0] == kind]
    if (kind, starts_on, ends_on) in same:
        return False
    last = ends_on or dt.date.max
    if any(start <= last and (end is None or end >= starts_on) for _kind, start, end in same):
        reason = _("Công dân đã có biện pháp này trong khoảng thời gian đó.")
        plan.problems.append(problem(plan.row, context.locate("measure_from"), reason))
        return False
    return True


def _classify_recognition(
    plan: Plan, context: RowContext, known: Known, recognition: dict[str, Any]
) -> bool:
    ground = RecognitionGround(recognition["recognition_ground"])
    column = context.locate("recognition_ground")
    required = rules.months_short(ground, recognition.get("recognition_months"))
    if required is not None:
        reason = _("Trường hợp này phải phục vụ từ đủ %(months)s tháng trở lên (%(article)s).") % {
            "months": required,
            "article": rules.recognition_article(ground),
        }
        plan.problems.append(
            problem(plan.row, context.locate("recognition_months", "recognition_ground"), reason)
        )
        return False
    number = known.recognitions.get(plan.record_id or 0)
    if number == recognition["recognition_number"]:
        return False
    if number is not None:
        reason = _(
            "Công dân đã được công nhận hoàn thành nghĩa vụ quân sự tại ngũ (số %(number)s)."
        ) % {"number": number}
        plan.problems.append(problem(plan.row, column, reason))
        return False
    if plan.record_id in known.served:
        reason = _("Công dân đã nhập ngũ: không công nhận thay thời gian tại ngũ.")
        plan.problems.append(problem(plan.row, column, reason))
        return False
    return True


def write(user: AnyUser, run: ImportRun, plans: Sequence[Plan], people: dict[int, Person]) -> None:
    """Record the new facts of ``plans`` through the services (audited) and link them to the run."""
    measures: list[tuple[int, Person, int]] = []
    recognitions: list[tuple[int, Person, int]] = []
    for plan in plans:
        person = people.get(plan.record_id or 0)
        if person is None:
            continue
        measure = plan.data.get("measure")
        if plan.data.get("measure_new") and measure:
            recorded = services.record_measure(
                user,
                services.MeasureInput(
                    person,
                    measure["measure_kind"],
                    dt.date.fromisoformat(measure["measure_from"]),
                    _date(measure.get("measure_to")),
                    measure["measure_document"],
                    dt.date.fromisoformat(measure["measure_document_date"]),
                ),
            )
            measures.append((plan.row, person, recorded.pk))
        recognition = plan.data.get("recognition")
        if plan.data.get("recognition_new") and recognition:
            recorded_recognition = services.record_recognition(
                user,
                services.RecognitionInput(
                    person,
                    recognition["recognition_ground"],
                    dt.date.fromisoformat(recognition["recognised_on"]),
                    recognition["recognition_number"],
                    recognition["recognition_signer"],
                    months_served=recognition.get("recognition_months"),
                ),
            )
            recognitions.append((plan.row, person, recorded_recognition.pk))
    writer.link_beside(run, _MEASURE_LINK, measures)
    writer.link_beside(run, _RECOGNITION_LINK, recognitions)


def undo(user: AnyUser, run: ImportRun) -> None:
    """Delete the measures and recognitions the run recorded (before its people are undone)."""
    for model, key in ((BarringMeasure, _MEASURE_LINK), (ServiceRecognition, _RECOGNITION_LINK)):
        ids = writer.linked_beside(run, key)
        for record in model.objects.filter(pk__in=ids).select_related("unit"):
            check_unit_writable(user, record.unit)
            audit.delete_audited(user, record, record.unit)
