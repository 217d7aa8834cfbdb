"""Forms of the reserve pages: shape only; the services refuse what the law refuses (ages,
speciality without a recorded reason, strength, excuses without confirmation), and the page shows
their refusal on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import AnyUser
from qpdp.core.forms import (
    BulkActionForm,
    UnitChoiceField,
    UnitSearch,
    choice_field,
    date_field,
    unit_field,
)
from qpdp.core.units import UnitKind
from qpdp.reserves.models import Assignment, ReserveSoldier, ReserveUnit
from qpdp.reserves.rules import DrillKind, Excuse, TransferAuthority, TransferReason


class SoldierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ReserveSoldier) -> str:
        person = obj.person
        speciality = obj.speciality or "—"
        return f"{person.full_name} ({person.birth_date_display}) · {speciality}"


class AssignmentForm(forms.Form):
    soldier = SoldierChoiceField(label=_("Quân nhân dự bị"), queryset=ReserveSoldier.objects.none())
    assigned_on = date_field(_("Ngày sắp xếp"))
    post = forms.CharField(label=_("Chức vụ"), max_length=80, required=False)
    override_reason = forms.CharField(
        label=_("Lý do sắp xếp chuyên nghiệp gần nhất"),
        max_length=250,
        required=False,
        help_text=_("Chỉ ghi khi chuyên nghiệp quân sự khác của đơn vị (khoản 1 Điều 16)."),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        # Those in the reserve and not placed in a unit today: the rest are refused anyway.
        choice_field(self, "soldier").queryset = (
            ReserveSoldier.objects.active_on(today)
            .visible_to(user)
            .exclude(pk__in=Assignment.objects.filter(ended_on__isnull=True).values("soldier"))
            .select_related("person")
            .order_by("person__roster_key", "pk")
        )


class DrillForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị tổ chức"))
    reserve_unit = forms.ModelChoiceField(
        label=_("Đơn vị dự bị (gọi toàn bộ quân nhân đã sắp xếp)"),
        queryset=ReserveUnit.objects.none(),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=DrillKind.choices)
    name = forms.CharField(label=_("Tên đợt"), max_length=200)
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(_("Đến ngày"))
    report_by = forms.DateTimeField(
        label=_("Có mặt trước"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Địa điểm tập trung"), max_length=200)
    summoned_on = date_field(_("Ngày gọi"))

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        on = timezone.localdate()
        organisers = UnitSearch(kinds=(UnitKind.COMMUNE, UnitKind.PROVINCE), on=on)
        unit_field(self, "unit").limit_to(user, organisers)
        choice_field(self, "reserve_unit").queryset = (
            ReserveUnit.objects.active_on(on).visible_to(user).order_by("name", "pk")
        )


class ReportForm(forms.Form):
    """Whether one summoned soldier reported (and when) or why he was absent (Art. 22.4.b)."""

    reported_at = forms.DateTimeField(
        label=_("Có mặt lúc"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    excuse = forms.ChoiceField(
        label=_("Lý do vắng mặt"), choices=[("", "—"), *Excuse.choices], required=False
    )
    confirmed_by = forms.CharField(label=_("Xác nhận của"), max_length=200, required=False)


class TransferOutForm(BulkActionForm):
    """One decision transferring the ticked soldiers out of the reserve (Art. 29)."""

    soldiers = forms.ModelMultipleChoiceField(
        queryset=ReserveSoldier.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Chọn ít nhất một quân nhân.")},
    )
    reason = forms.ChoiceField(label=_("Lý do giải ngạch"), choices=TransferReason.choices)
    evidence = forms.CharField(
        label=_("Kết luận khám sức khỏe (khi giải ngạch vì sức khỏe)"),
        max_length=250,
        required=False,
    )
    on = date_field(_("Ngày giải ngạch"))
    decided_by = forms.ChoiceField(
        label=_("Cấp quyết định"),
        choices=TransferAuthority.choices,
        initial=TransferAuthority.AREA_DEFENSE_COMMANDER,
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=40)

    def __init__(self, *args: Any, soldiers: QuerySet[ReserveSoldier], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "soldiers").queryset = soldiers
