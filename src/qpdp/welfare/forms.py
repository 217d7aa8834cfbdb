"""Forms of the rear-policy pages. Shape only: the services (``welfare.services``) refuse a
payment over the entitlement, a third sick-relative payment in a year, a step out of order or an
approval with papers missing, and their refusals land on these fields."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qpdp.conscription.models import CallUpOrder
from qpdp.core.access import AnyUser
from qpdp.core.forms import BulkActionForm, UnitChoiceField, UnitSearch, date_field
from qpdp.core.units import UnitKind
from qpdp.people.forms import PersonNumberField
from qpdp.welfare.models import (
    Benefit,
    BenefitCase,
    CaseStatus,
    Coverage,
    DossierItem,
    FamilyMember,
    Relation,
    Scheme,
    SupportKind,
    VisitKind,
    WarTheatre,
)


class HandoverChoiceField(forms.ModelChoiceField):
    """A handed-over call-up order: the select offers those whose family is not registered yet
    (``offer``), but any order the user may write is accepted, so the service's own refusal
    (not handed over, family already in the register) lands on the field."""

    def label_from_instance(self, obj: Any) -> str:
        order = cast(CallUpOrder, obj)
        handed = f"{order.handed_over_on:%d/%m/%Y}" if order.handed_over_on else "—"
        return _("Lệnh số %(number)s/%(year)s — %(name)s (%(unit)s), giao quân %(day)s") % {
            "number": order.number,
            "year": order.year,
            "name": order.person,
            "unit": order.unit.name,
            "day": handed,
        }

    def offer(self, accepted: QuerySet[CallUpOrder], offered: QuerySet[CallUpOrder]) -> None:
        self.queryset = accepted
        self.widget.choices = [
            ("", self.empty_label or ""),
            *((order.pk, self.label_from_instance(order)) for order in offered),
        ]


class FamilyForm(forms.Form):
    """A soldier's family, registered from the call-up order he was handed over on."""

    handover = HandoverChoiceField(
        label=_("Lệnh (quyết định) gọi nhập ngũ đã giao quân"),
        queryset=CallUpOrder.objects.none(),
        empty_label=_("— Chọn công dân đã giao quân —"),
        help_text=_(
            "Các lệnh gọi nhập ngũ đã ghi kết quả giao quân mà gia đình chưa có trong sổ "
            "(kết quả giao quân ghi ở trang đợt gọi nhập ngũ)."
        ),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        accepted: QuerySet[CallUpOrder],
        offered: QuerySet[CallUpOrder],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(HandoverChoiceField, self.fields["handover"]).offer(accepted, offered)


class MemberForm(forms.Form):
    person = PersonNumberField(label=_("Số định danh của thân nhân"))
    relation = forms.ChoiceField(label=_("Quan hệ với quân nhân"), choices=Relation.choices)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonNumberField, self.fields["person"]).limit_to(user)


class DischargeForm(forms.Form):
    discharged_on = date_field(_("Ngày xuất ngũ"))


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=VisitKind.choices)
    visited_on = date_field(_("Ngày"))
    gift_value = forms.IntegerField(label=_("Giá trị quà (đồng)"), min_value=0, initial=0)
    note = forms.CharField(label=_("Nội dung"), max_length=300, required=False)


class PaymentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại trợ cấp"), choices=SupportKind.choices)
    member = forms.ModelChoiceField(
        label=_("Thân nhân được hưởng"), queryset=FamilyMember.objects.none(), required=False
    )
    paid_on = date_field(_("Ngày chi"))
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1)
    reason = forms.CharField(label=_("Lý do, giấy tờ kèm theo"), max_length=300)

    def __init__(self, *args: Any, members: QuerySet[FamilyMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["member"]).queryset = members


class CaseForm(forms.Form):
    """A case received at the commune; the applicant is named by identity number (a person
    already in the registry)."""

    unit = UnitChoiceField(label=_("Xã, phường tiếp nhận"))
    applicant = PersonNumberField(label=_("Số định danh người đề nghị"))
    scheme = forms.ChoiceField(label=_("Chế độ"), choices=Scheme.choices)
    benefit = forms.ChoiceField(label=_("Loại trợ cấp"), choices=Benefit.choices)
    coverage = forms.ChoiceField(label=_("Đối tượng"), choices=Coverage.choices)
    theatre = forms.ChoiceField(label=_("Địa bàn, thời kỳ"), choices=WarTheatre.choices)
    service_months = forms.IntegerField(
        label=_("Thời gian công tác, tham gia (tháng)"), min_value=0, max_value=600
    )
    left_on = date_field(_("Ngày phục viên, xuất ngũ, thôi việc"), required=False)
    died_on = date_field(_("Ngày từ trần"), required=False)
    received_on = date_field(_("Ngày tiếp nhận"))

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        communes = UnitSearch(kinds=(UnitKind.COMMUNE,))
        cast(UnitChoiceField, self.fields["unit"]).limit_to(user, communes)
        cast(PersonNumberField, self.fields["applicant"]).limit_to(user)


class StepForm(forms.Form):
    """One step of a case, confirmed on its own page; approval asks the decision and the
    amount, a return its reason (the service refuses what is missing)."""

    on = date_field(_("Ngày thực hiện"))
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args: Any, status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if status == CaseStatus.APPROVED:
            self.fields["decision_number"] = forms.CharField(
                label=_("Số quyết định"), max_length=40, required=False
            )
            self.fields["amount"] = forms.IntegerField(
                label=_("Số tiền theo quyết định (đồng)"),
                min_value=0,
                required=False,
                help_text=_("Để trống: hệ thống tính theo mức quy định."),
            )
        if status == CaseStatus.RETURNED:
            self.fields["reason"] = forms.CharField(
                label=_("Lý do trả lại"), max_length=300, required=False
            )


class DocumentForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Giấy tờ"), queryset=DossierItem.objects.none())
    received_on = date_field(_("Ngày nhận"))

    def __init__(self, *args: Any, items: QuerySet[DossierItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["item"]).queryset = items


BULK_STEPS = [
    (CaseStatus.CHECKED.value, CaseStatus.CHECKED.label),
    (CaseStatus.SENT_UP.value, CaseStatus.SENT_UP.label),
]


class CaseBulkForm(BulkActionForm):
    """The commune's own steps for many cases at once: checked, or sent up."""

    cases = forms.ModelMultipleChoiceField(
        queryset=BenefitCase.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(label=_("Chuyển sang bước"), choices=BULK_STEPS)
    on = date_field(_("Ngày thực hiện"))

    def __init__(self, *args: Any, cases: QuerySet[BenefitCase], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["cases"]).queryset = cases
        self.fields["cases"].label = _("Hồ sơ")
