"""Forms of the reserve pages: shape only; the services refuse what the law refuses (ages,
speciality without a recorded reason, strength, excuses without confirmation), and the page shows
their refusal on the form."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any

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
from qpdp.people.models import Person
from qpdp.reserves.models import Assignment, ReserveSoldier, ReserveUnit
from qpdp.reserves.rules import (
    Category,
    DrillKind,
    Excuse,
    Rank,
    ServiceHistory,
    TransferAuthority,
    TransferReason,
    UnitLevel,
    UnitRole,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _months(label: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=600, initial=0)


class SoldierForm(forms.Form):
    """Registering a person of the registry for the reserve: where and when, and the service
    history Art. 24 decides the class by. The class is typed only where the law gives none
    (police service of 12 to under 20 months), with its reason; the service decides the rest."""

    # Found by name on the page's search step; the hidden field checks the user may write him.
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": _("Tìm và chọn công dân trước khi nhập đăng ký.")},
    )
    unit = UnitChoiceField(label=_("Nơi đăng ký (xã, phường, cơ quan, tổ chức)"))
    registered_on = date_field(_("Ngày đăng ký ngạch dự bị"))
    discharged_on = date_field(_("Ngày xuất ngũ, thôi phục vụ"), required=False)
    speciality = forms.CharField(label=_("Chuyên nghiệp quân sự"), max_length=120, required=False)
    rank = forms.ChoiceField(label=_("Cấp bậc"), choices=[("", "—"), *Rank.choices], required=False)
    active_service_months = _months(_("Số tháng phục vụ tại ngũ"))
    served_in_combat = forms.BooleanField(label=_("Đã tham gia chiến đấu"), required=False)
    police_months = _months(_("Số tháng phục vụ trong Công an nhân dân"))
    commune_police_months = _months(_("Số tháng liên tục trong Công an xã"))
    professional_soldier = forms.BooleanField(
        label=_("Đã là quân nhân chuyên nghiệp"), required=False
    )
    defence_worker = forms.BooleanField(
        label=_("Đã là công nhân, viên chức quốc phòng"), required=False
    )
    defence_worker_converted = forms.BooleanField(
        label=_("Công nhân, viên chức quốc phòng chuyển từ hạ sĩ quan, binh sĩ"), required=False
    )
    standing_militia_completed = forms.BooleanField(
        label=_("Đã hoàn thành nghĩa vụ dân quân thường trực"), required=False
    )
    militia_training_months = _months(_("Số tháng huấn luyện tập trung khi là dân quân nòng cốt"))
    reserve_training_months = _months(
        _("Số tháng huấn luyện tập trung khi là binh sĩ dự bị hạng hai")
    )
    studied_after_deferral = forms.BooleanField(
        label=_("Đã được tạm hoãn gọi nhập ngũ để học cao đẳng, đại học"),
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Hạng (chỉ khi luật không quy định)"),
        choices=[("", "—"), *Category.choices],
        required=False,
    )
    category_reason = forms.CharField(
        label=_("Lý do xếp hạng (chỉ khi luật không quy định)"), max_length=250, required=False
    )

    HISTORY = tuple(f.name for f in fields(ServiceHistory))

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "person").queryset = Person.objects.editable_by(user)
        registrars = UnitSearch(
            kinds=(UnitKind.COMMUNE, UnitKind.ORGANISATION), on=timezone.localdate()
        )
        unit_field(self, "unit").limit_to(user, registrars)

    def registration(self) -> dict[str, Any]:
        """The service's arguments: the history as one ``ServiceHistory``, the rest by name."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.HISTORY}
        history = ServiceHistory(**{k: self.cleaned_data[k] for k in self.HISTORY})
        return {**data, "history": history}


class ReserveUnitForm(forms.Form):
    unit = UnitChoiceField(label=_("Địa phương xây dựng (tỉnh, xã, phường)"))
    name = forms.CharField(label=_("Tên đơn vị"), max_length=200)
    level = forms.ChoiceField(label=_("Quy mô"), choices=UnitLevel.choices)
    role = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitRole.choices)
    speciality = forms.CharField(label=_("Chuyên nghiệp quân sự"), max_length=120)
    authorised_strength = forms.IntegerField(
        label=_("Biên chế (người)"), min_value=1, max_value=9999
    )
    established_on = date_field(_("Ngày thành lập"))

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        builders = UnitSearch(kinds=(UnitKind.COMMUNE, UnitKind.PROVINCE), on=timezone.localdate())
        unit_field(self, "unit").limit_to(user, builders)


class EndAssignmentForm(forms.Form):
    on = date_field(_("Ngày rút khỏi đơn vị"))


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
