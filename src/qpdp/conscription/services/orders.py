"""The council review, call-up orders, the handover and replacements (Art. 34, 35), and the
steps past their deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from qpdp.conscription import rules
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import CallUpCycle, CallUpOrder, Outcome, Quota, Review
from qpdp.conscription.services._common import (
    _account,
    _check_in_cycle,
    _create,
    _day,
    _update,
    cycle_commune,
)
from qpdp.conscription.services.council import check_council_proposal
from qpdp.conscription.services.decisions import check_decider
from qpdp.conscription.services.measures import check_not_barred
from qpdp.conscription.services.pool import state_of
from qpdp.core.access import AnyUser, check_object_writable, check_unit_writable
from qpdp.core.units import Unit, UnitKind
from qpdp.militia import rules as militia_rules
from qpdp.militia import selectors as militia
from qpdp.militia import services as militia_services
from qpdp.people.models import Person

LIVE_OUTCOMES = (Outcome.PENDING, Outcome.HANDED_OVER)
"""Orders that fill a quota: a failed or cancelled order leaves its place to a replacement."""


@transaction.atomic
def approve_review(
    user: AnyUser,
    cycle: CallUpCycle,
    unit: Unit,
    *,
    approved_on: dt.date,
    posted_from: dt.date | None = None,
) -> Review:
    """Approve a commune's lists (Art. 34.3, 42.1), proposed by a passed resolution of the
    council of the approver's level (``check_council_proposal``), and post them for 20 days
    (Art. 41.4).

    Since 07/2025 posting starts within 20 days of the signature (Circular 148/2018 Art. 5.4 as
    amended by Circular 68/2025); ``posted_from`` defaults to the day of approval.
    """
    check_decider(user, unit, approved_on)
    _check_in_cycle(cycle, unit)
    if unit.kind != UnitKind.COMMUNE:
        raise ValidationError(
            _("Danh sách được xét duyệt theo từng xã, phường."), code=ErrorCode.REVIEW_NOT_COMMUNE
        )
    if Review.objects.filter(cycle=cycle, unit=unit).exists():
        raise ValidationError(
            _("Danh sách của đơn vị này đã được phê duyệt."), code=ErrorCode.REVIEW_EXISTS
        )
    posted_from = posted_from or approved_on
    if posted_from < approved_on:
        raise ValidationError(
            _("Không thể niêm yết trước ngày phê duyệt."), code=ErrorCode.POSTED_BEFORE_APPROVAL
        )
    deadline = rules.deferral_list_posting_deadline(approved_on)
    if deadline is not None and posted_from > deadline:
        raise ValidationError(
            _("Danh sách phải được niêm yết chậm nhất ngày %(day)s (%(article)s).")
            % {"day": _day(deadline), "article": cycle.regime.deferral_list_posting_article},
            code=ErrorCode.POSTING_LATE,
        )
    check_council_proposal(cycle, unit, approved_on)
    review = Review(
        cycle=cycle,
        unit=unit,
        approved_on=approved_on,
        approved_by=_account(user),
        posted_from=posted_from,
        posted_until=rules.deferral_list_posting_end(posted_from),
    )
    return _create(user, review, unit)


def order_issuer(cycle: CallUpCycle, commune: Unit) -> Unit:
    """The district (lệnh gọi, before 07/2025) or the commune itself (quyết định gọi, since):
    Art. 34.6 in each text."""
    if cycle.regime.has_district_level:
        district = commune.parent
        if district is None or district.kind != UnitKind.DISTRICT:
            raise ValidationError(
                _("Không xác định được cấp huyện ra lệnh gọi cho %(unit)s.")
                % {"unit": commune.label},
                code=ErrorCode.ISSUER_UNKNOWN,
            )
        return district
    return commune


def next_order_number(issuer: Unit, year: int) -> int:
    """Orders are numbered per issuing body and calendar year."""
    last = CallUpOrder.objects.filter(issuer=issuer, year=year).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


@transaction.atomic
def issue_order(
    user: AnyUser,
    cycle: CallUpCycle,
    person: Person,
    *,
    issued_on: dt.date,
    report_place: str,
    number: int | None = None,
    replaces: CallUpOrder | None = None,
    report_on: dt.date | None = None,
) -> CallUpOrder:
    """Issue the call-up order (decision) to a citizen callable on ``issued_on`` on his ward's
    approved list; it reaches him at least 15 days before ``report_on``, the handover date
    unless a replacement reports later (Art. 34.6). Only an account that may write for the
    issuing body signs it: the district before 07/2025, the ward since. A citizen under an
    Art. 13 measure on any day from signature to reporting is not called (Art. 13.1)."""
    commune = cycle_commune(cycle, person)
    _check_in_cycle(cycle, commune)
    issuer = order_issuer(cycle, commune)
    check_unit_writable(user, commune)
    check_unit_writable(user, issuer)
    review = Review.objects.filter(cycle=cycle, unit=commune).first()
    if review is None:
        raise ValidationError(
            _("Danh sách gọi nhập ngũ của %(unit)s chưa được phê duyệt.") % {"unit": commune.label},
            code=ErrorCode.REVIEW_MISSING,
        )
    if issued_on < review.approved_on:
        raise ValidationError(
            _("Không thể ký lệnh gọi trước ngày phê duyệt danh sách (%(day)s).")
            % {"day": _day(review.approved_on)},
            code=ErrorCode.ORDER_BEFORE_REVIEW,
        )
    report_on = report_on or cycle.handover_date
    if report_on < cycle.handover_date:
        raise ValidationError(
            _("Ngày có mặt không được trước ngày giao quân của đợt (%(day)s).")
            % {"day": _day(cycle.handover_date)},
            code=ErrorCode.REPORT_DATE_BEFORE_HANDOVER,
        )
    if replaces is not None:
        _check_replaceable(cycle, replaces, commune)
    if not report_place.strip():
        raise ValidationError(_("Phải ghi địa điểm có mặt."), code=ErrorCode.REPORT_PLACE_REQUIRED)
    check_not_barred(person, issued_on, report_on, "__all__")
    evaluation = state_of(cycle, person, issued_on)
    if not evaluation.is_callable:
        raise ValidationError(
            _("Không thể gọi %(name)s nhập ngũ: %(reason)s (%(article)s).")
            % {
                "name": person,
                "reason": evaluation.reasons[0].message,
                "article": evaluation.reasons[0].article,
            },
            code=ErrorCode.NOT_CALLABLE,
        )
    if rules.order_is_late(report_on, issued_on):
        raise ValidationError(
            _(
                "%(document)s phải đến công dân ít nhất 15 ngày trước ngày có mặt (%(article)s): "
                "chậm nhất ngày %(day)s."
            )
            % {
                "document": cycle.regime.call_up_document,
                "article": cycle.regime.call_up_notice_article,
                "day": _day(rules.latest_order_date(report_on)),
            },
            code=ErrorCode.ORDER_NOTICE_LATE,
        )
    if (
        CallUpOrder.objects.filter(cycle=cycle, person=person)
        .exclude(outcome=Outcome.CANCELLED)
        .exists()
    ):
        raise ValidationError(
            _("%(name)s đã có lệnh gọi nhập ngũ trong đợt này.") % {"name": person},
            code=ErrorCode.ORDER_EXISTS,
        )
    year = issued_on.year
    if number is None:
        number = next_order_number(issuer, year)
    if number < 1:
        raise ValidationError(
            _("Số lệnh gọi phải từ 1 trở lên."), code=ErrorCode.ORDER_NUMBER_POSITIVE
        )
    if CallUpOrder.objects.filter(issuer=issuer, year=year, number=number).exists():
        raise ValidationError(
            _("Số %(number)s/%(year)s của %(issuer)s đã được dùng.")
            % {"number": number, "year": year, "issuer": issuer.label},
            code=ErrorCode.ORDER_NUMBER_TAKEN,
        )
    order = CallUpOrder(
        cycle=cycle,
        person=person,
        unit=commune,
        issuer=issuer,
        year=year,
        number=number,
        issued_on=issued_on,
        report_on=report_on,
        report_place=report_place.strip(),
        replaces=replaces,
    )
    return _create(user, order, commune)


def _check_replaceable(cycle: CallUpCycle, failed: CallUpOrder, commune: Unit) -> None:
    """A replacement fills the place of a citizen of the same ward and cycle who did not
    report, once."""
    if failed.cycle_id != cycle.pk or failed.outcome != Outcome.FAILED:
        raise ValidationError(
            _("Chỉ gọi thay cho người không có mặt trong cùng đợt."),
            code=ErrorCode.REPLACEMENT_OTHER_CYCLE,
        )
    if failed.unit_id != commune.pk:
        raise ValidationError(
            _("Người gọi thay phải thuộc %(unit)s như người không có mặt.")
            % {"unit": failed.unit.label},
            code=ErrorCode.REPLACEMENT_OTHER_UNIT,
        )
    if CallUpOrder.objects.filter(replaces=failed).exclude(outcome=Outcome.CANCELLED).exists():
        raise ValidationError(
            _("Đã gọi người thay cho lệnh này."), code=ErrorCode.REPLACEMENT_EXISTS
        )


def issue_replacement(
    user: AnyUser,
    failed: CallUpOrder,
    person: Person,
    *,
    issued_on: dt.date,
    report_on: dt.date,
    report_place: str,
    number: int | None = None,
) -> CallUpOrder:
    """Call a citizen of the reserve list (``reserve_list``) in place of one who failed to
    report; the new order keeps the 15-day notice to its own date (Art. 34.6)."""
    return issue_order(
        user,
        failed.cycle,
        person,
        issued_on=issued_on,
        report_place=report_place,
        number=number,
        replaces=failed,
        report_on=report_on,
    )


@transaction.atomic
def record_delivery(user: AnyUser, order: CallUpOrder, *, delivered_on: dt.date) -> CallUpOrder:
    """Record (or correct) the day the order (decision) reached the citizen: the 15-day notice
    of Art. 34.6 counts from this day to the day he reports, not from the signature."""
    check_object_writable(user, order)
    if order.outcome != Outcome.PENDING:
        raise ValidationError(
            _("Lệnh gọi này đã có kết quả giao quân."), code=ErrorCode.HANDOVER_RECORDED
        )
    if delivered_on < order.issued_on:
        raise ValidationError(
            _("Ngày giao cho công dân (%(day)s) không được trước ngày ký (%(signed)s).")
            % {"day": _day(delivered_on), "signed": _day(order.issued_on)},
            code=ErrorCode.ORDER_DELIVERED_BEFORE_ISSUE,
        )
    if rules.order_is_late(order.report_on, delivered_on):
        regime = order.cycle.regime
        raise ValidationError(
            _(
                "%(document)s giao cho công dân ngày %(day)s, có mặt ngày %(report)s: phải giao "
                "ít nhất 15 ngày trước ngày có mặt, chậm nhất ngày %(last)s (%(article)s)."
            )
            % {
                "document": regime.call_up_document,
                "day": _day(delivered_on),
                "report": _day(order.report_on),
                "last": _day(rules.latest_order_date(order.report_on)),
                "article": regime.call_up_notice_article,
            },
            code=ErrorCode.ORDER_NOTICE_LATE,
        )
    return _update(user, order, order.unit, delivered_on=delivered_on)


@transaction.atomic
def record_handover(
    user: AnyUser,
    order: CallUpOrder,
    *,
    handed_over: bool,
    on: dt.date,
    receiving_unit: str = "",
    failure_reason: str = "",
) -> CallUpOrder:
    """Record the outcome at the handover (Art. 35): handed to a unit, or absent with the reason
    (Art. 35.5 requires it confirmed). Only a man whose order reached him is handed over
    (Art. 34.6); one never reached may be recorded absent. A man handed over leaves the militia
    that day (Militia Law Art. 12.1.d), released through the militia's own service and audited
    there."""
    check_object_writable(user, order)
    if order.outcome != Outcome.PENDING:
        raise ValidationError(
            _("Lệnh gọi này đã có kết quả giao quân."), code=ErrorCode.HANDOVER_RECORDED
        )
    if on < order.issued_on:
        raise ValidationError(
            _("Ngày giao quân không được trước ngày ký lệnh gọi."),
            code=ErrorCode.HANDOVER_BEFORE_ORDER,
        )
    if handed_over and not receiving_unit.strip():
        raise ValidationError(
            _("Phải ghi đơn vị nhận quân."), code=ErrorCode.RECEIVING_UNIT_REQUIRED
        )
    if not handed_over and not failure_reason.strip():
        raise ValidationError(
            _("Phải ghi lý do công dân không có mặt."), code=ErrorCode.FAILURE_REASON_REQUIRED
        )
    if handed_over and order.delivered_on is None:
        raise ValidationError(
            _(
                "Chưa ghi ngày giao %(document)s số %(number)s/%(year)s cho %(name)s: ghi ngày "
                "giao trước khi ghi giao quân (%(article)s)."
            )
            % {
                "document": str(order.cycle.regime.call_up_document).lower(),
                "number": order.number,
                "year": order.year,
                "name": order.person,
                "article": order.cycle.regime.call_up_notice_article,
            },
            code=ErrorCode.ORDER_NOT_DELIVERED,
        )
    order = _update(
        user,
        order,
        order.unit,
        outcome=Outcome.HANDED_OVER if handed_over else Outcome.FAILED,
        handed_over_on=on if handed_over else None,
        receiving_unit=receiving_unit.strip(),
        failure_reason=failure_reason.strip(),
    )
    if handed_over:
        _release_from_militia(user, order, on)
    return order


def _release_from_militia(user: AnyUser, order: CallUpOrder, on: dt.date) -> None:
    """End the man's militia service on the handover day on ground 12.1.d, the call-up order
    standing as the decision (its number and date)."""
    members = militia.members_to_release_on_call_up([order.person_id], on)
    for membership in members.select_related("militia_unit__unit"):
        try:
            militia_services.end_membership(
                user,
                membership,
                reason=militia_rules.EndReason.RELEASED,
                on=on,
                decision_number=f"{order.number}/{order.year}",
                decision_date=order.issued_on,
                ground=militia_rules.CALLED_UP_RELEASE_GROUND,
            )
        except PermissionDenied as exc:
            raise ValidationError(
                _(
                    "%(name)s đang là dân quân tự vệ của %(unit)s, ngoài phạm vi của bạn: đơn vị "
                    "đó phải cho thôi thực hiện nghĩa vụ (điểm d khoản 1 Điều 12 Luật Dân quân tự "
                    "vệ) trước khi ghi giao quân."
                )
                % {"name": order.person, "unit": membership.militia_unit.unit.label},
                code=ErrorCode.MILITIA_RELEASE_OUT_OF_SCOPE,
            ) from exc


# -- deadlines ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OverdueStep:
    """A step of the cycle past the day the law (or the order) set for it."""

    unit: Unit
    deadline: dt.date
    message: str


def overdue_steps(cycle: CallUpCycle, *, on: dt.date) -> list[OverdueStep]:
    """Seen on ``on``: wards still short of orders for their quota after the last day an order
    may reach the citizen (Art. 34.6), and orders whose reporting day passed with no outcome."""
    steps: list[OverdueStep] = []
    last_day = rules.latest_order_date(cycle.handover_date)
    if rules.order_overdue(cycle.handover_date, on):
        issued = dict(
            CallUpOrder.objects.filter(cycle=cycle, outcome__in=LIVE_OUTCOMES)
            .values("unit_id")
            .annotate(n=Count("pk"))
            .values_list("unit_id", "n")
        )
        quotas = Quota.objects.filter(cycle=cycle, unit__kind=UnitKind.COMMUNE)
        for quota in quotas.select_related("unit").order_by("unit__path"):
            count = issued.get(quota.unit_id, 0)
            if count < quota.number:
                steps.append(
                    OverdueStep(
                        quota.unit,
                        last_day,
                        _("Mới có %(count)s/%(quota)s lệnh gọi; hạn chót ngày %(day)s.")
                        % {"count": count, "quota": quota.number, "day": _day(last_day)},
                    )
                )
    pending = CallUpOrder.objects.filter(cycle=cycle, outcome=Outcome.PENDING, report_on__lt=on)
    for order in pending.select_related("unit", "person").order_by("report_on", "pk"):
        steps.append(
            OverdueStep(
                order.unit,
                order.report_on,
                _("Chưa ghi kết quả giao quân của lệnh số %(number)s/%(year)s (%(name)s).")
                % {"number": order.number, "year": order.year, "name": order.person},
            )
        )
    return steps
