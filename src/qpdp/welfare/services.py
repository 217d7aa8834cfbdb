"""Rear-policy workflows: soldiers' families and their support, discharge allowances, and the
Decision 62/2011 and 49/2015 cases from receipt at the commune to payment.

Each function takes the acting user, checks scope first, asks ``rules`` (with the amounts in
force read from the dated tables), refuses with a Vietnamese message and an ``ErrorCode``,
writes in one transaction and records the audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.conscription.models import CallUpOrder, Outcome
from qpdp.conscription.rules import service_length
from qpdp.core import audit
from qpdp.core.access import (
    AnyUser,
    User,
    check_object_writable,
    check_unit_writable,
    is_admin,
    is_commander,
    scope_units,
)
from qpdp.core.dated import latest_in_force
from qpdp.core.units import Unit
from qpdp.core.vietnamese import clean_text
from qpdp.people.models import Person
from qpdp.welfare import rules, selectors
from qpdp.welfare.error_codes import ErrorCode
from qpdp.welfare.models import (
    AllowanceRate,
    Benefit,
    BenefitCase,
    CaseDocument,
    CaseStatus,
    CaseStep,
    Decision62Rate,
    DossierItem,
    FamilyMember,
    Relation,
    Scheme,
    SoldierFamily,
    StepDeadline,
    SupportKind,
    SupportPayment,
    Visit,
    VisitKind,
)

SCHEME_IN_FORCE = {
    Scheme.DECISION_62: rules.DECISION_62_IN_FORCE,
    Scheme.DECISION_49: rules.DECISION_49_IN_FORCE,
}


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _refuse(field: str, message: str, code: ErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# -- dated amounts -----------------------------------------------------------------------------


def base_salary_on(day: dt.date) -> int:
    amount = selectors.base_salary(day)
    if amount is None:
        raise _refuse(
            "on",
            _("Chưa có mức lương cơ sở áp dụng ngày %(day)s.") % {"day": _day(day)},
            ErrorCode.NO_BASE_SALARY,
        )
    return amount


def allowance_rate(kind: str, day: dt.date) -> AllowanceRate | None:
    return latest_in_force(AllowanceRate.objects.filter(kind=kind), day)


def decision62_rates(day: dt.date) -> dict[int, int]:
    """Years of service → the monthly amount in force on ``day``."""
    rows = list(Decision62Rate.objects.all())
    result: dict[int, int] = {}
    for years in {row.years for row in rows}:
        row = latest_in_force(rows, day, key=lambda r: r.years, wanted=years)
        if row is not None:
            result[years] = row.amount
    return result


def step_days(scheme: str, status: str, day: dt.date) -> int | None:
    row = latest_in_force(StepDeadline.objects.filter(scheme=scheme, status=status), day)
    return None if row is None else row.days


# -- soldiers' families ------------------------------------------------------------------------


@transaction.atomic
def register_family(user: AnyUser, order: CallUpOrder, *, note: str = "") -> SoldierFamily:
    """The family of a citizen handed over to the army, supported by the commune of his order
    (Law on Military Service Art. 50.2, 52)."""
    check_unit_writable(user, order.unit)
    if order.outcome != Outcome.HANDED_OVER or order.handed_over_on is None:
        raise _refuse(
            "handover",
            _("Công dân %(name)s chưa được giao quân theo lệnh số %(number)s.")
            % {"name": order.person, "number": order.number},
            ErrorCode.HANDOVER_NOT_DONE,
        )
    if SoldierFamily.objects.filter(handover=order).exists():
        raise _refuse(
            "handover",
            _("Gia đình quân nhân %(name)s đã có trong sổ.") % {"name": order.person},
            ErrorCode.FAMILY_EXISTS,
        )
    family = SoldierFamily(
        soldier=order.person,
        handover=order,
        unit=order.unit,
        enlisted_on=order.handed_over_on,
        note=clean_text(note),
    )
    return audit.create_audited(user, family, order.unit)


@transaction.atomic
def add_member(
    user: AnyUser, family: SoldierFamily, person: Person, *, relation: str
) -> FamilyMember:
    """A relative of the soldier (Decree 27/2016 Art. 2.2), who exists once in the registry."""
    check_object_writable(user, family)
    if relation not in Relation.values:
        raise _refuse("relation", _("Quan hệ không hợp lệ."), ErrorCode.KIND_UNKNOWN)
    if person.pk == family.soldier_id:
        raise _refuse(
            "person",
            _("Quân nhân không phải là thân nhân của chính mình."),
            ErrorCode.MEMBER_IS_SOLDIER,
        )
    if FamilyMember.objects.filter(family=family, person=person).exists():
        raise _refuse(
            "person",
            _("%(name)s đã có trong danh sách thân nhân.") % {"name": person},
            ErrorCode.MEMBER_TWICE,
        )
    member = FamilyMember(family=family, person=person, relation=relation)
    return audit.create_audited(user, member, family.unit)


@transaction.atomic
def record_discharge(
    user: AnyUser, family: SoldierFamily, *, discharged_on: dt.date
) -> SoldierFamily:
    """Type the discharge day of a soldier whose order has no discharge record (discharged
    before the call-up recorded discharges); once the call-up records it, the record's day is
    the one read, and typing another is refused."""
    check_object_writable(user, family)
    recorded = selectors.recorded_discharge(family)
    if recorded is not None:
        raise _refuse(
            "discharged_on",
            _("Quân nhân đã được ghi nhận xuất ngũ ngày %(day)s trên lệnh gọi nhập ngũ.")
            % {"day": _day(recorded.discharged_on)},
            ErrorCode.DISCHARGE_RECORDED,
        )
    if discharged_on <= family.enlisted_on:
        raise _refuse(
            "discharged_on",
            _("Ngày xuất ngũ phải sau ngày nhập ngũ %(day)s.") % {"day": _day(family.enlisted_on)},
            ErrorCode.DISCHARGE_BEFORE_ENLISTMENT,
        )
    return audit.update_audited(user, family, family.unit, {"discharged_on": discharged_on})


def discharge_allowance(
    family: SoldierFamily, *, discharged_on: dt.date | None = None, rank_allowance: int = 0
) -> rules.DischargeAllowance:
    """The Decree 27/2016 Art. 7 allowances for the months served, at the base salary in force
    on the discharge day (``rank_allowance``: the soldier's monthly rank allowance in đồng)."""
    end = discharged_on or selectors.discharge_day_of(family)
    if end is None or end <= family.enlisted_on:
        raise _refuse(
            "discharged_on",
            _("Phải có ngày xuất ngũ sau ngày nhập ngũ %(day)s.")
            % {"day": _day(family.enlisted_on)},
            ErrorCode.DISCHARGE_BEFORE_ENLISTMENT,
        )
    service = service_length(family.enlisted_on, end)
    return rules.discharge_allowance(service, base_salary_on(end), rank_allowance)


def _in_service(family: SoldierFamily, day: dt.date) -> bool:
    discharged_on = selectors.discharge_day_of(family)
    return family.enlisted_on <= day and (discharged_on is None or day <= discharged_on)


@transaction.atomic
def pay_support(
    user: AnyUser,
    family: SoldierFamily,
    *,
    kind: str,
    paid_on: dt.date,
    amount: int,
    reason: str,
    member: FamilyMember | None = None,
) -> SupportPayment:
    """Pay a Decree 27/2016 Art. 6 allowance: never more than the amount in force, never beyond
    the yearly number of grants (Art. 6.1.c), only while the soldier serves."""
    check_object_writable(user, family)
    reason = clean_text(reason or "")
    if kind not in SupportKind.values:
        raise _refuse("kind", _("Loại trợ cấp không hợp lệ."), ErrorCode.KIND_UNKNOWN)
    if not reason:
        raise _refuse("reason", _("Phải ghi lý do và giấy tờ kèm theo."), ErrorCode.REASON_REQUIRED)
    if paid_on < rules.DECREE_27_IN_FORCE or not _in_service(family, paid_on):
        raise _refuse(
            "paid_on",
            _("Ngày %(day)s %(name)s không đang tại ngũ (nhập ngũ %(start)s).")
            % {"day": _day(paid_on), "name": family.soldier, "start": _day(family.enlisted_on)},
            ErrorCode.NOT_IN_SERVICE,
        )
    if kind != SupportKind.SUDDEN_HARDSHIP and member is None:
        raise _refuse(
            "member", _("Phải chọn thân nhân được hưởng trợ cấp."), ErrorCode.MEMBER_REQUIRED
        )
    if member is not None and member.family_id != family.pk:
        raise _refuse(
            "member",
            _("%(name)s không phải thân nhân của quân nhân này.") % {"name": member.person},
            ErrorCode.MEMBER_OTHER_FAMILY,
        )
    rate = allowance_rate(kind, paid_on)
    same_kind = SupportPayment.objects.filter(family=family, kind=kind)
    if kind == SupportKind.SICK_RELATIVE:
        same_kind = same_kind.filter(member=member)  # Art. 6.1.c: per relative
    this_year = same_kind.filter(paid_on__year=paid_on.year).count()
    to_person = same_kind.filter(member=member).count() if member is not None else 0
    refusal = rules.check_support(
        amount=amount,
        entitlement=rate.amount if rate else None,
        grants_this_year=this_year,
        yearly_limit=rate.yearly_limit if rate else None,
        grants_to_person=to_person,
        per_person_limit=rate.per_person_limit if rate else None,
    )
    if refusal is not None:
        label = SupportKind(kind).label
        messages = {
            "no_rate": (
                "paid_on",
                _("Chưa có mức %(kind)s áp dụng ngày %(day)s.")
                % {"kind": label, "day": _day(paid_on)},
            ),
            "payment_over_entitlement": (
                "amount",
                _(
                    "Số tiền %(amount)s đồng vượt mức %(kind)s được hưởng "
                    "(%(rate)s đồng, %(article)s)."
                )
                % {
                    "amount": _money(amount),
                    "kind": label,
                    "rate": _money(rate.amount if rate else 0),
                    "article": rate.article if rate else "",
                },
            ),
            "yearly_limit_reached": (
                "paid_on",
                _(
                    "Đã chi %(count)s lần %(kind)s trong năm %(year)s; tối đa %(limit)s lần "
                    "(%(article)s)."
                )
                % {
                    "count": this_year,
                    "kind": label,
                    "year": paid_on.year,
                    "limit": rate.yearly_limit if rate else 0,
                    "article": rate.article if rate else "",
                },
            ),
            "person_limit_reached": (
                "member",
                _("%(name)s đã được chi %(kind)s.")
                % {"name": member.person if member else "", "kind": label},
            ),
        }
        field, message = messages[refusal.code]
        raise _refuse(field, message, ErrorCode(refusal.code))
    payment = SupportPayment(
        family=family,
        member=member,
        kind=kind,
        paid_on=paid_on,
        amount=amount,
        reason=reason,
        paid_by=user if isinstance(user, User) else None,
    )
    return audit.create_audited(user, payment, family.unit)


@transaction.atomic
def record_visit(
    user: AnyUser,
    family: SoldierFamily,
    *,
    kind: str,
    visited_on: dt.date,
    gift_value: int = 0,
    note: str = "",
) -> Visit:
    """A visit or a Tết gift to the family (the seed's closing tasks)."""
    check_object_writable(user, family)
    if kind not in VisitKind.values:
        raise _refuse("kind", _("Hình thức không hợp lệ."), ErrorCode.KIND_UNKNOWN)
    visit = Visit(
        family=family,
        kind=kind,
        visited_on=visited_on,
        gift_value=gift_value,
        note=clean_text(note),
    )
    return audit.create_audited(user, visit, family.unit)


# -- Decision 62/2011 and 49/2015 cases --------------------------------------------------------


def case_entitlement(case: BenefitCase, on: dt.date) -> int | None:
    """The amount the rules give the case on ``on`` (None: no verified amount: Decision 49)."""
    if case.scheme == Scheme.DECISION_49:
        return None
    return rules.entitlement(case.benefit, case.service_months, decision62_rates(on))


@transaction.atomic
def receive_case(
    user: AnyUser,
    *,
    unit: Unit,
    scheme: str,
    benefit: str,
    applicant: Person,
    coverage: str,
    theatre: str,
    service_months: int,
    received_on: dt.date,
    left_on: dt.date | None = None,
    died_on: dt.date | None = None,
    beneficiary: Person | None = None,
    documents: Iterable[DossierItem] = (),
) -> BenefitCase:
    """The commune receives a case (Decision 62/2011 Art. 7.2: through the village head), with
    the facts its eligibility turns on and the papers handed in."""
    check_unit_writable(user, unit)
    if received_on < SCHEME_IN_FORCE.get(Scheme(scheme), received_on):
        raise _refuse(
            "received_on",
            _("%(scheme)s chưa có hiệu lực ngày %(day)s.")
            % {"scheme": Scheme(scheme).label, "day": _day(received_on)},
            ErrorCode.BEFORE_SCHEME,
        )
    found = rules.eligibility(
        scheme=scheme,
        coverage=coverage,
        theatre=theatre,
        service_months=service_months,
        left_on=left_on,
        died_on=died_on,
    )
    if found.benefit is None:
        reasons = {
            "wrong_scheme": _("Đối tượng, địa bàn này không thuộc %(scheme)s."),
            "no_service": _("Phải ghi thời gian công tác, tham gia (tháng)."),
            "left_too_late": _("Thời điểm phục viên, xuất ngũ, thôi việc không thuộc diện hưởng."),
            "served_too_long": _("Từ đủ 20 năm công tác trở lên không thuộc diện hưởng."),
        }
        raise _refuse(
            "coverage",
            str(reasons[found.reason]) % {"scheme": Scheme(scheme).label} + f" ({found.article})",
            ErrorCode.NOT_ELIGIBLE,
        )
    if benefit != found.benefit:
        raise _refuse(
            "benefit",
            _("Theo các thông tin đã ghi, người này hưởng %(benefit)s (%(article)s).")
            % {"benefit": Benefit(found.benefit).label.lower(), "article": found.article},
            ErrorCode.BENEFIT_MISMATCH,
        )
    days = step_days(scheme, CaseStatus.RECEIVED, received_on)
    case = BenefitCase(
        unit=unit,
        scheme=scheme,
        benefit=benefit,
        applicant=applicant,
        beneficiary=beneficiary,
        coverage=coverage,
        theatre=theatre,
        service_months=service_months,
        left_on=left_on,
        died_on=died_on,
        received_on=received_on,
        status_on=received_on,
        due_on=rules.due_date(received_on, days),
    )
    audit.create_audited(user, case, unit)
    _step(user, case, CaseStatus.RECEIVED, received_on, due_on=case.due_on)
    for item in documents:
        add_document(user, case, item, received_on=received_on)
    return case


def _step(
    user: AnyUser,
    case: BenefitCase,
    status: str,
    on: dt.date,
    *,
    due_on: dt.date | None,
    late: bool = False,
    note: str = "",
) -> CaseStep:
    step = CaseStep(
        case=case,
        status=status,
        on=on,
        due_on=due_on,
        late=late,
        actor=user if isinstance(user, User) else None,
        note=note,
    )
    return audit.create_audited(user, step, case.unit)


@transaction.atomic
def add_document(
    user: AnyUser, case: BenefitCase, item: DossierItem, *, received_on: dt.date
) -> CaseDocument:
    check_object_writable(user, case)
    if item.scheme != case.scheme:
        raise _refuse(
            "item",
            _("Giấy tờ “%(item)s” không thuộc hồ sơ %(scheme)s.")
            % {"item": item, "scheme": case.get_scheme_display()},
            ErrorCode.DOCUMENT_OTHER_SCHEME,
        )
    if CaseDocument.objects.filter(case=case, item=item).exists():
        raise _refuse(
            "item",
            _("Giấy tờ “%(item)s” đã có trong hồ sơ.") % {"item": item},
            ErrorCode.DOCUMENT_TWICE,
        )
    document = CaseDocument(case=case, item=item, received_on=received_on)
    return audit.create_audited(user, document, case.unit)


def checklist(case: BenefitCase) -> list[tuple[DossierItem, CaseDocument | None]]:
    """The scheme's active checklist for the case's benefit, each item with the paper received."""
    items = DossierItem.objects.filter(scheme=case.scheme, active=True).filter(
        benefit__in=["", case.benefit]
    )
    received = {d.item_id: d for d in CaseDocument.objects.filter(case=case)}
    return [(item, received.get(item.pk)) for item in items]


def missing_documents(case: BenefitCase) -> list[DossierItem]:
    return [item for item, paper in checklist(case) if item.required and paper is None]


def may_decide(user: AnyUser, case: BenefitCase) -> bool:
    """Approval and return are the higher level's (Decision 62/2011 Art. 7.2: the province or
    the military region decides): a commander of a unit above the commune, or an
    administrator entering a signed decision."""
    if is_admin(user):
        return True
    return (
        is_commander(user)
        and isinstance(user, User)
        and user.unit_id != case.unit_id
        and scope_units(user).filter(pk=case.unit_id).exists()
    )


def _check_decider(user: AnyUser, case: BenefitCase) -> None:
    if not may_decide(user, case):
        raise PermissionDenied(_("Phê duyệt hoặc trả lại hồ sơ là việc của cấp trên."))


@transaction.atomic
def advance(
    user: AnyUser,
    case: BenefitCase,
    *,
    status: str,
    on: dt.date,
    note: str = "",
    decision_number: str = "",
    amount: int | None = None,
    reason: str = "",
) -> BenefitCase:
    """Take the case's next step (``rules.NEXT_STEPS``), dated and signed by ``user``: approval
    needs every required paper, a decision number and an amount within the entitlement; a
    return needs its reason; payment follows approval."""
    check_object_writable(user, case)
    if status in (CaseStatus.APPROVED, CaseStatus.RETURNED):
        _check_decider(user, case)
    if not rules.step_allowed(case.status, status):
        raise _refuse(
            "status",
            _("Hồ sơ đang ở bước “%(current)s”; không chuyển sang “%(wanted)s” được.")
            % {
                "current": case.get_status_display(),
                "wanted": CaseStatus(status).label if status in CaseStatus.values else status,
            },
            ErrorCode.STEP_OUT_OF_ORDER,
        )
    if on < case.status_on:
        raise _refuse(
            "on",
            _("Ngày %(day)s trước ngày của bước trước (%(previous)s).")
            % {"day": _day(on), "previous": _day(case.status_on)},
            ErrorCode.STEP_DATE_ORDER,
        )
    changes: dict[str, object] = {}
    if status == CaseStatus.APPROVED:
        changes.update(_approval(case, on, decision_number, amount))
    elif status == CaseStatus.RETURNED:
        reason = clean_text(reason or "")
        if not reason:
            raise _refuse(
                "reason", _("Trả lại hồ sơ phải ghi lý do."), ErrorCode.RETURN_REASON_REQUIRED
            )
        changes["return_reason"] = reason
        note = note or reason
    elif status == CaseStatus.PAID:
        changes["paid_on"] = on
    late = rules.is_late(on, case.due_on)
    due_on = rules.due_date(on, step_days(case.scheme, status, on))
    _step(user, case, status, on, due_on=due_on, late=late, note=clean_text(note))
    changes.update(
        status=status,
        status_on=on,
        due_on=due_on if status in rules.OPEN_STATUSES else None,
        late=case.late or late,
    )
    return audit.update_audited(user, case, case.unit, changes)


def _approval(
    case: BenefitCase, on: dt.date, decision_number: str, amount: int | None
) -> dict[str, object]:
    missing = missing_documents(case)
    if missing:
        raise _refuse(
            "status",
            _("Hồ sơ còn thiếu: %(items)s.") % {"items": "; ".join(str(i) for i in missing)},
            ErrorCode.DOSSIER_INCOMPLETE,
        )
    decision_number = clean_text(decision_number or "")
    if not decision_number:
        raise _refuse(
            "decision_number", _("Phải ghi số quyết định."), ErrorCode.DECISION_NUMBER_REQUIRED
        )
    allowed = case_entitlement(case, on)
    if amount is None:
        amount = allowed
    if amount is None:
        raise _refuse(
            "amount",
            _("Phải ghi số tiền theo quyết định (chưa có mức quy định trong hệ thống)."),
            ErrorCode.AMOUNT_REQUIRED,
        )
    if allowed is not None and amount > allowed:
        raise _refuse(
            "amount",
            _("Số tiền %(amount)s đồng vượt mức được hưởng %(allowed)s đồng.")
            % {"amount": _money(amount), "allowed": _money(allowed)},
            ErrorCode.AMOUNT_OVER_ENTITLEMENT,
        )
    return {"settled_on": on, "decision_number": decision_number, "amount": amount}
