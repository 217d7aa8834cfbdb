"""Forms of the defense education pages. They check shape only; the services
(``education.services``) refuse the rest and their refusals land on these fields."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import AnyUser
from qpdp.core.forms import BulkActionForm, UnitChoiceField, UnitSearch, date_field
from qpdp.education.models import Attendance, Course, Post, Result, TargetGroup
from qpdp.people.forms import PersonNumberField


class CourseForm(forms.Form):
    unit = UnitChoiceField(label=_("Hội đồng GDQPAN cấp"))
    group = forms.ModelChoiceField(label=_("Đối tượng"), queryset=TargetGroup.objects.all())
    code = forms.CharField(label=_("Số hiệu lớp"), max_length=40)
    name = forms.CharField(label=_("Tên lớp"), max_length=250)
    organiser = forms.CharField(label=_("Cơ sở tổ chức"), max_length=200, required=False)
    place = forms.CharField(label=_("Địa điểm"), max_length=200)
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(_("Đến ngày"))

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).limit_to(user, UnitSearch())


class AttendeeForm(forms.Form):
    """An attendee is named by identity number: a person already in the registry (the service
    refuses a number it cannot find in the user's scope)."""

    id_number = forms.CharField(label=_("Số định danh cá nhân của học viên"), max_length=20)


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Kết quả"), choices=Result.choices)
    certificate_number = forms.CharField(
        label=_("Số giấy chứng nhận"), max_length=40, required=False
    )


class ResultBulkForm(BulkActionForm):
    """One result for every ticked attendee (certificate numbers are written one by one)."""

    attendances = forms.ModelMultipleChoiceField(
        queryset=Attendance.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    result = forms.ChoiceField(label=_("Kết quả"), choices=Result.choices)

    def __init__(self, *args: Any, attendances: QuerySet[Attendance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["attendances"]).queryset = attendances
        self.fields["attendances"].label = _("Học viên")


class PlanForm(forms.Form):
    """A unit's plan for a year: one number per target group (``group_<pk>`` fields)."""

    unit = UnitChoiceField(label=_("Đơn vị"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).limit_to(user, UnitSearch())
        self.groups = list(TargetGroup.objects.all())
        for group in self.groups:
            self.fields[f"group_{group.pk}"] = forms.IntegerField(
                label=group.name, min_value=0, required=False
            )

    def lines(self) -> dict[TargetGroup, int]:
        """The groups given a number, with that number."""
        found = {g: self.cleaned_data.get(f"group_{g.pk}") for g in self.groups}
        return {group: number for group, number in found.items() if number is not None}


class OfficialForm(forms.Form):
    """A post holder to be trained: the group follows the post when it is in the list, else the
    officer chooses it (the service refuses a group that contradicts the post)."""

    person = PersonNumberField(label=_("Số định danh của người giữ chức vụ"))
    unit = UnitChoiceField(label=_("Đơn vị"))
    post = forms.ModelChoiceField(
        label=_("Chức vụ"), queryset=Post.objects.select_related("group"), required=False
    )
    title = forms.CharField(label=_("Chức vụ (ghi cụ thể)"), max_length=200, required=False)
    group = forms.ModelChoiceField(
        label=_("Đối tượng (khi chức vụ không có trong danh mục)"),
        queryset=TargetGroup.objects.all(),
        required=False,
    )
    started_on = date_field(_("Giữ chức vụ từ ngày"))

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonNumberField, self.fields["person"]).limit_to(user)
        cast(UnitChoiceField, self.fields["unit"]).limit_to(user, UnitSearch())


class PlanLineForm(forms.Form):
    """How many of one group the plan trains, and by which course of the plan's area."""

    group = forms.ModelChoiceField(label=_("Đối tượng"), queryset=TargetGroup.objects.all())
    number = forms.IntegerField(label=_("Số người"), min_value=0)
    course = forms.ModelChoiceField(
        label=_("Lớp bồi dưỡng"), queryset=Course.objects.none(), required=False
    )

    def __init__(self, *args: Any, courses: QuerySet[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["course"]).queryset = courses
