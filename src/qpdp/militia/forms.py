"""Forms of the militia pages: they check shape only (required, ranges, choices); the services
refuse the rest (ages, terms, strength, who signs), and the page shows their refusal on the form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
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
from qpdp.militia.error_codes import ErrorCode
from qpdp.militia.models import Attendance, Membership, MilitiaUnit
from qpdp.militia.rules import (
    DEFERRAL_GROUNDS,
    EXEMPTION_GROUNDS,
    RELEASE_GROUNDS,
    REMOVAL_GROUNDS,
    DecisionAuthority,
    DutyDecisionKind,
    EndReason,
    EstablishingAuthority,
    ForceKind,
    Level,
    Post,
)
from qpdp.people.models import Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


HOSTS = (UnitKind.COMMUNE, UnitKind.ORGANISATION, UnitKind.PROVINCE)


def _hosts_in_force() -> UnitSearch:
    return UnitSearch(kinds=HOSTS, on=timezone.localdate())


def _decided_by_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Cấp quyết định"),
        choices=[("", _("Theo luật (mặc định)")), *DecisionAuthority.choices],
        required=False,
    )


def _open_units(user: AnyUser) -> QuerySet[MilitiaUnit]:
    """The units the user may write that are in force today (each option names its keeper)."""
    return (
        MilitiaUnit.objects.active_on(timezone.localdate())
        .editable_by(user)
        .select_related("unit")
        .order_by("name", "pk")
    )


class MilitiaUnitForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị quản lý (xã, phường, cơ quan, tổ chức)"))
    name = forms.CharField(label=_("Tên đơn vị"), max_length=200)
    level = forms.ChoiceField(label=_("Quy mô"), choices=Level.choices)
    force_kind = forms.ChoiceField(label=_("Thành phần"), choices=ForceKind.choices)
    authorised_strength = forms.IntegerField(
        label=_("Biên chế (người)"), min_value=1, max_value=999
    )
    established_on = date_field(_("Ngày thành lập"))
    established_by = forms.ChoiceField(
        label=_("Cấp quyết định thành lập"), choices=EstablishingAuthority.choices
    )
    decision_number = forms.CharField(label=_("Số quyết định thành lập"), max_length=40)
    decision_signer = forms.CharField(label=_("Người ký"), max_length=120, required=False)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field(self, "unit").limit_to(user, _hosts_in_force())


class PersonChoiceField(forms.ModelChoiceField):
    """A person chosen on the search step (``?person=<pk>``), among those the user may write."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Person.objects.none(), **kwargs)


class MemberForm(forms.Form):
    # The person is found by name on the page's search step (or comes from their page,
    # ?person=<pk>); the hidden field checks the id is one the user may write.
    person = PersonChoiceField(
        error_messages={"required": _("Tìm và chọn công dân trước khi nhập quyết định.")}
    )
    militia_unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=MilitiaUnit.objects.none())
    post = forms.ChoiceField(label=_("Chức vụ"), choices=Post.choices, initial=Post.MEMBER)
    volunteer = forms.BooleanField(label=_("Tự nguyện (quá độ tuổi nghĩa vụ)"), required=False)
    joined_on = date_field(_("Ngày vào đơn vị"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=40)
    decision_date = date_field(_("Ngày quyết định"))
    decision_signer = forms.CharField(label=_("Người ký"), max_length=120)
    decided_by = _decided_by_field()

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "person").queryset = Person.objects.editable_by(user)
        choice_field(self, "militia_unit").queryset = _open_units(user)


class TransferForm(forms.Form):
    """Move a serving member to another unit from a day (the term goes with him)."""

    militia_unit = forms.ModelChoiceField(
        label=_("Chuyển đến đơn vị"), queryset=MilitiaUnit.objects.none()
    )
    post = forms.ChoiceField(label=_("Chức vụ ở đơn vị mới"), choices=Post.choices)
    on = date_field(_("Ngày chuyển"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=40)
    decision_date = date_field(_("Ngày quyết định"))

    def __init__(self, *args: Any, user: AnyUser, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = _open_units(user).exclude(pk=member.militia_unit_id)
        choice_field(self, "militia_unit").queryset = units


class StrengthForm(forms.Form):
    authorised_strength = forms.IntegerField(
        label=_("Biên chế mới (người)"), min_value=1, max_value=999
    )


class DissolveForm(forms.Form):
    on = date_field(_("Ngày giải thể"))


def duty_ground_choices() -> list[tuple[StrOrPromise, Any]]:
    """The grounds of Art. 11 grouped by kind, as "deferral/a" (11.1) and "exemption/a" (11.2),
    after an empty choice: the officer picks the ground, none is preselected."""
    return [
        ("", "—"),
        *(
            (
                kind.label,
                [(f"{kind}/{code}", f"{g.article}: {g.title}") for code, g in table.items()],
            )
            for kind, table in (
                (DutyDecisionKind.DEFERRAL, DEFERRAL_GROUNDS),
                (DutyDecisionKind.EXEMPTION, EXEMPTION_GROUNDS),
            )
        ),
    ]


class DutyDecisionForm(forms.Form):
    """A deferral or exemption of militia duty for one person (Art. 11); the ground names the
    kind, the service refuses what the law refuses (a deferral without its end, the signer)."""

    person = PersonChoiceField(
        error_messages={"required": _("Tìm và chọn công dân trước khi nhập quyết định.")}
    )
    unit = UnitChoiceField(label=_("Xã, phường hoặc cơ quan, tổ chức quyết định"))
    ground = forms.ChoiceField(label=_("Lý do (Điều 11)"), choices=duty_ground_choices)
    evidence = forms.CharField(label=_("Giấy tờ chứng minh"), max_length=250)
    decided_on = date_field(_("Ngày quyết định"))
    until = date_field(_("Tạm hoãn đến ngày (khi tạm hoãn)"), required=False)
    number = forms.CharField(label=_("Số quyết định"), max_length=40)
    signer = forms.CharField(label=_("Người ký"), max_length=120)
    decided_by = _decided_by_field()

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "person").queryset = Person.objects.editable_by(user)
        deciders = UnitSearch(
            kinds=(UnitKind.COMMUNE, UnitKind.ORGANISATION), on=timezone.localdate()
        )
        unit_field(self, "unit").limit_to(user, deciders)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, _sep, code = (data.get("ground") or "").partition("/")
        data["kind"], data["ground_code"] = kind, code
        return data


class ExtensionForm(forms.Form):
    until = date_field(_("Kéo dài đến ngày"))
    decision_number = forms.CharField(label=_("Số quyết định kéo dài"), max_length=40)
    decision_date = date_field(_("Ngày quyết định"))


def end_ground_choices() -> list[tuple[str, str]]:
    """The grounds of Art. 12 as "release/a" (12.1) and "removal/a" (12.2)."""
    choices: list[tuple[str, str]] = [("", "—")]
    for reason, table in (
        (EndReason.RELEASED, RELEASE_GROUNDS),
        (EndReason.REMOVED, REMOVAL_GROUNDS),
    ):
        for code, ground in table.items():
            choices.append((f"{reason}/{code}", f"{ground.article}: {ground.title}"))
    return choices


class EndMembershipForm(BulkActionForm):
    """Release early, remove, or record completion for the ticked members (one decision)."""

    members = forms.ModelMultipleChoiceField(
        queryset=Membership.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Chọn ít nhất một dân quân tự vệ.")},
    )
    reason = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[
            (EndReason.COMPLETED, EndReason.COMPLETED.label),
            (EndReason.RELEASED, EndReason.RELEASED.label),
            (EndReason.REMOVED, EndReason.REMOVED.label),
        ],
    )
    ground = forms.ChoiceField(
        label=_("Lý do (Điều 12, khi thôi hoặc đưa ra khỏi danh sách)"),
        choices=end_ground_choices,
        required=False,
    )
    on = date_field(_("Ngày thôi"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=40)
    decision_date = date_field(_("Ngày quyết định"))

    def __init__(self, *args: Any, members: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "members").queryset = members

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reason, ground = data.get("reason"), data.get("ground") or ""
        if reason and reason != EndReason.COMPLETED and not ground.startswith(f"{reason}/"):
            message = _("Chọn lý do theo Điều 12 cho hình thức này.")
            self.add_error("ground", ValidationError(message, code=ErrorCode.UNKNOWN_GROUND))
        data["ground_code"] = ground.partition("/")[2] if reason != EndReason.COMPLETED else ""
        return data


class TrainingPlanForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị tổ chức huấn luyện"))
    year = forms.IntegerField(label=_("Năm"), min_value=2020, max_value=2100)
    force_kind = forms.ChoiceField(label=_("Thành phần"), choices=ForceKind.choices)
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(_("Đến ngày"))
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field(self, "unit").limit_to(user, _hosts_in_force())


class AttendanceSheetForm(forms.Form):
    """The days each trainee of a plan attended, one field per trainee (``days_<attendance pk>``),
    as the training officer copies them from the roll."""

    def __init__(self, *args: Any, attendances: list[Attendance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attendances = attendances
        for row in attendances:
            self.fields[self.field_name(row)] = forms.IntegerField(
                label=str(row.membership.person),
                min_value=0,
                max_value=366,
                initial=row.attended_days,
                help_text=_("phải học %(n)s ngày") % {"n": row.required_days},
            )

    @staticmethod
    def field_name(row: Attendance) -> str:
        return f"days_{row.pk}"

    def changed_rows(self) -> list[tuple[Attendance, int]]:
        """The trainees whose days were changed, with the new number."""
        return [
            (row, self.cleaned_data[self.field_name(row)])
            for row in self.attendances
            if self.cleaned_data[self.field_name(row)] != row.attended_days
        ]
