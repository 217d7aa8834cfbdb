"""Forms of the planning pages: shape only (required, ranges, choices); the services refuse the
rest with messages the views put back on the form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qpdp.core.forms import UnitChoiceField, date_field
from qpdp.core.units import Unit
from qpdp.planning.models import EventKind, EventRating, Section, TaskStatus
from qpdp.planning.services.documents import SIGNATURES

MIN_YEAR = 2016
MAX_YEAR = 2100


def year_field(label: Any = None) -> forms.IntegerField:
    return forms.IntegerField(label=label or _("Năm"), min_value=MIN_YEAR, max_value=MAX_YEAR)


def _units(field: forms.Field, units: Sequence[Unit]) -> None:
    if isinstance(field, forms.ModelChoiceField):
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("depth", "code")


class ContextForm(forms.Form):
    """The unit and year a planning page is about; the unit found by its code."""

    code = forms.CharField(label=_("Mã đơn vị"), max_length=16, required=False)
    year = year_field()


class PlanCreateForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    title = forms.CharField(
        label=_("Tên kế hoạch"),
        max_length=300,
        required=False,
        help_text=_("Để trống: “Phương hướng, nhiệm vụ công tác quốc phòng địa phương năm …”."),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, units: Sequence[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _units(self.fields["unit"], units)


class PlanEditForm(forms.Form):
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class TaskForm(forms.Form):
    section = forms.ChoiceField(label=_("Lĩnh vực"), choices=Section.choices)
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500)
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible_unit = UnitChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), required=False
    )
    deadline = date_field(_("Thời hạn"), required=False)
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=9999, required=False)

    def __init__(self, *args: Any, units: Sequence[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _units(self.fields["responsible_unit"], units)


class TaskProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Tiến độ"), choices=TaskStatus.choices)
    evidence = forms.CharField(label=_("Kết quả, minh chứng"), required=False, max_length=2000)


class DocumentForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60)
    issued_on = date_field(_("Ngày ban hành"))
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    summary = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(
        label=_("Tệp"),
        required=False,
        help_text=_("PDF, Word, OpenDocument, JPG hoặc PNG; tối đa 10 MB."),
        widget=forms.FileInput(attrs={"accept": ",".join(SIGNATURES)}),
    )


class EventForm(forms.Form):
    name = forms.CharField(label=_("Tên"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=EventKind.choices)
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(_("Đến ngày"))
    outcome = forms.CharField(
        label=_("Kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    rating = forms.ChoiceField(
        label=_("Xếp loại"), choices=[("", "—"), *EventRating.choices], required=False
    )


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("Giai đoạn"), max_length=300)
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(_("Đến ngày"))
    outcome = forms.CharField(
        label=_("Kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BudgetLineForm(forms.Form):
    section = forms.ChoiceField(label=_("Lĩnh vực"), choices=Section.choices)
    description = forms.CharField(label=_("Nội dung chi"), max_length=300)
    planned = forms.DecimalField(
        label=_("Dự toán (đồng)"), min_value=0, max_digits=16, decimal_places=0
    )
    spent = forms.DecimalField(
        label=_("Đã chi (đồng)"), initial=0, min_value=0, max_digits=16, decimal_places=0
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
