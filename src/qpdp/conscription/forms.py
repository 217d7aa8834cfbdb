"""Forms of the call-up pages: what the officer types, parsed with Vietnamese messages.

The forms check only shape (required, ranges, choices); the workflow and the law refuse the rest
in ``services`` and ``rules``, whose messages the views show on the same form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qpdp.conscription import rules
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import HandoverAdjustment, HealthKind
from qpdp.conscription.rules import (
    CouncilStep,
    DecisionKind,
    DischargeKind,
    MeasureKind,
    RecognitionGround,
)
from qpdp.conscription.services import (
    DischargeInput,
    MeasureInput,
    MeetingInput,
    RecognitionInput,
)
from qpdp.core.access import AnyUser
from qpdp.core.forms import BulkActionForm, UnitChoiceField, choice_field, date_field
from qpdp.core.units import Unit
from qpdp.people.models import Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MIN_YEAR = 2016  # the Law on Military Service 2015 took effect on 01/01/2016


class PersonChoices(forms.ModelMultipleChoiceField):
    """The people ticked in a list; only those the page offered are accepted."""

    default_error_messages = {
        "required": _("Chọn ít nhất một công dân trong danh sách."),
        "invalid_choice": _("Công dân đã chọn không thuộc danh sách này."),
        "invalid_pk_value": _("Công dân đã chọn không thuộc danh sách này."),
    }

    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class BulkForm(BulkActionForm):
    """A bulk action on ticked people, posted twice: once to check, once confirmed."""

    people = PersonChoices(queryset=Person.objects.none(), widget=forms.MultipleHiddenInput)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["people"]
        if isinstance(field, PersonChoices):
            field.queryset = people

    def chosen(self) -> list[Person]:
        """The ticked people in the list's order (the queryset's, by name)."""
        return list(self.cleaned_data["people"])


class CycleForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị chủ trì"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Năm gọi nhập ngũ"), min_value=MIN_YEAR, max_value=2100)
    sequence = forms.IntegerField(label=_("Đợt"), min_value=1, max_value=9, initial=1)
    handover_date = date_field(
        _("Ngày giao quân"),
        help_text=_(
            "Tháng Hai hoặc tháng Ba (Điều 33), trừ lần gọi thứ hai hoặc khi được điều chỉnh do "
            "thảm họa thiên tai, dịch bệnh nguy hiểm."
        ),
    )
    handover_adjustment = forms.ChoiceField(
        label=_("Điều chỉnh thời gian giao quân"),
        choices=HandoverAdjustment.choices,
        required=False,
        help_text=_("Chỉ khi địa phương có thảm họa thiên tai, dịch bệnh nguy hiểm (Điều 33)."),
    )
    handover_adjustment_reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        max_length=250,
        required=False,
        help_text=_("Ví dụ: số, ngày văn bản cho phép điều chỉnh và nội dung."),
    )
    list_date = date_field(
        _("Ngày lập danh sách nam đủ 17 tuổi"),
        required=False,
        help_text=_("Để trống: ngày 01/01 năm trước năm gọi."),
    )
    registration_date = date_field(
        _("Ngày đăng ký lần đầu"),
        required=False,
        help_text=_("Để trống: ngày 01/4 năm trước năm gọi (Điều 16)."),
    )
    exam_start = date_field(
        _("Khám sức khỏe từ ngày"), required=False, help_text=_("Để trống: 01/11 (Điều 40).")
    )
    exam_end = date_field(
        _("Khám sức khỏe đến ngày"), required=False, help_text=_("Để trống: 31/12 (Điều 40).")
    )
    calls_women = forms.BooleanField(
        label=_("Gọi công dân nữ tình nguyện"),
        required=False,
        help_text=_("Chỉ khi quân đội có nhu cầu (khoản 2 Điều 6)."),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        if isinstance(field, UnitChoiceField):
            field.queryset = units

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("exam_start"), data.get("exam_end")
        if start and end and end < start:
            self.add_error(
                "exam_end",
                forms.ValidationError(
                    _("Ngày kết thúc khám phải sau ngày bắt đầu."),
                    code=ErrorCode.EXAM_END_BEFORE_START,
                ),
            )
        return data


class QuotaForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị được giao"), queryset=Unit.objects.none())
    number = forms.IntegerField(
        label=_("Chỉ tiêu (người)"),
        min_value=0,
        max_value=100_000,
        error_messages={"min_value": _("Chỉ tiêu không được âm.")},
    )
    assigned_on = date_field(_("Ngày giao"))

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        if isinstance(field, UnitChoiceField):
            field.queryset = units


class RegistrationBulkForm(BulkForm):
    registered_on = date_field(_("Ngày đăng ký"))
    place = forms.CharField(label=_("Địa điểm đăng ký"), max_length=200, required=False)


HEALTH_CLASS_ERRORS = {
    "min_value": _("Phân loại sức khỏe phải từ 1 đến 6."),
    "max_value": _("Phân loại sức khỏe phải từ 1 đến 6."),
    "invalid": _("Phân loại sức khỏe phải là số từ 1 đến 6."),
}


def health_class_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Phân loại sức khỏe (1–6)"),
        min_value=1,
        max_value=6,
        error_messages=HEALTH_CLASS_ERRORS,
    )


class HealthBulkForm(BulkForm):
    kind = forms.ChoiceField(
        label=_("Loại"), choices=HealthKind.choices, initial=HealthKind.EXAMINATION
    )
    examined_on = date_field(_("Ngày khám"))
    health_class = health_class_field()


class HealthForm(forms.Form):
    """One person's result, with the exclusions the circular lists (Circular 105/2023 Art. 6)."""

    kind = forms.ChoiceField(
        label=_("Loại"), choices=HealthKind.choices, initial=HealthKind.EXAMINATION
    )
    examined_on = date_field(_("Ngày khám"))
    health_class = health_class_field()
    drug_addicted = forms.BooleanField(label=_("Nghiện ma túy, tiền chất"), required=False)
    myopia_dioptres = forms.DecimalField(
        label=_("Cận thị (đi-ốp)"),
        required=False,
        min_value=0,
        max_digits=4,
        decimal_places=2,
        help_text=_("Độ lớn, ví dụ 2,5 cho cận −2,5 đi-ốp."),
        localize=True,
    )
    hyperopia = forms.BooleanField(label=_("Viễn thị"), required=False)
    bmi = forms.DecimalField(
        label=_("Chỉ số BMI"),
        required=False,
        min_value=0,
        max_digits=4,
        decimal_places=1,
        localize=True,
    )
    notes = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)


def ground_choices() -> list[tuple[StrOrPromise, Any]]:
    """Grounds grouped by kind, each "letter) title": the clause the officer cites."""

    def options(table: tuple[rules.Ground, ...]) -> list[tuple[str, str]]:
        return [(f"{g.kind.value}:{g.code}", f"{g.letter}) {g.title}") for g in table]

    return [
        ("", _("— Chọn lý do —")),
        (_("Tạm hoãn gọi nhập ngũ (khoản 1 Điều 41)"), options(rules.DEFERRAL_GROUNDS)),
        (_("Miễn gọi nhập ngũ (khoản 2 Điều 41)"), options(rules.EXEMPTION_GROUNDS)),
    ]


class ProposalForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Lý do (điểm của Điều 41)"),
        error_messages={"required": _("Phải chọn lý do tạm hoãn hoặc miễn (điểm của Điều 41).")},
    )
    evidence = forms.CharField(
        label=_("Giấy tờ chứng minh"),
        max_length=250,
        error_messages={"required": _("Phải ghi giấy tờ chứng minh lý do.")},
    )
    proposed_on = date_field(_("Ngày đề nghị"))
    until = date_field(
        _("Tạm hoãn đến ngày"),
        required=False,
        help_text=_("Ngày hết lý do tạm hoãn, ví dụ ngày kết thúc khóa học."),
    )
    higher_education = forms.BooleanField(
        label=_("Học cao đẳng, đại học hệ chính quy (được gọi đến hết 27 tuổi)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ground"]
        if isinstance(field, forms.ChoiceField):
            field.choices = ground_choices()

    def proposal(self) -> dict[str, Any]:
        """The proposal as ``services.propose_decision`` reads it (the chosen option is a kind
        and a ground code); the page and the API both send it there."""
        data = self.cleaned_data
        kind, code = data["ground"].split(":", 1)
        return {
            "kind": DecisionKind(kind).value,
            "ground": code,
            "evidence": data["evidence"],
            "proposed_on": data["proposed_on"],
            "until": data["until"],
            "higher_education": data["higher_education"],
        }


class DecideForm(forms.Form):
    decided_on = date_field(_("Ngày quyết định"))
    number = forms.CharField(
        label=_("Số quyết định"),
        max_length=40,
        error_messages={"required": _("Phải ghi số quyết định.")},
    )


class ApproveForm(forms.Form):
    approved_on = date_field(_("Ngày phê duyệt"))
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận phê duyệt danh sách của đơn vị này"),
        error_messages={"required": _("Đánh dấu ô xác nhận để phê duyệt.")},
    )


class CouncilMeetingForm(forms.Form):
    """The minutes of a council meeting; the service checks the council's level on the day, the
    communes proposed and that the votes add up (Art. 34.3, 36–39)."""

    step = forms.ChoiceField(label=_("Nội dung họp"), choices=CouncilStep.choices)
    unit = UnitChoiceField(label=_("Hội đồng nghĩa vụ quân sự"), queryset=Unit.objects.none())
    held_on = date_field(_("Ngày họp"))
    members_total = forms.IntegerField(
        label=_("Tổng số thành viên hội đồng"),
        min_value=1,
        max_value=500,
        help_text=_(
            "Kể cả thành viên vắng mặt: nghị quyết cần quá nửa tổng số thành viên tán thành."
        ),
    )
    members_present = forms.IntegerField(
        label=_("Số thành viên có mặt"), min_value=0, max_value=500
    )
    votes_for = forms.IntegerField(label=_("Số tán thành"), min_value=0, max_value=500)
    votes_against = forms.IntegerField(label=_("Số không tán thành"), min_value=0, max_value=500)
    resolution_number = forms.CharField(label=_("Số nghị quyết"), max_length=40, required=False)
    content = forms.CharField(
        label=_("Nội dung nghị quyết"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Đề nghị danh sách của xã, phường"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chỉ khi hội đồng đề nghị phê duyệt danh sách gọi nhập ngũ."),
        error_messages={"invalid_choice": _("Xã, phường đã chọn không thuộc đợt này.")},
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], communes: QuerySet[Unit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "unit").queryset = units
        choice_field(self, "communes").queryset = communes

    def meeting(self) -> MeetingInput:
        data = self.cleaned_data
        return MeetingInput(
            step=data["step"],
            unit=data["unit"],
            held_on=data["held_on"],
            members_total=data["members_total"],
            members_present=data["members_present"],
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            resolution_number=data["resolution_number"],
            content=data["content"],
            communes=list(data["communes"]),
        )


class ExamCallForm(forms.Form):
    """The call to pre-screening or examination as it reached the citizen (Art. 40.3)."""

    kind = forms.ChoiceField(
        label=_("Gọi"), choices=HealthKind.choices, initial=HealthKind.EXAMINATION
    )
    exam_on = date_field(_("Ngày có mặt khám"))
    delivered_on = date_field(
        _("Ngày giao cho công dân"),
        help_text=_("Ít nhất 15 ngày trước ngày khám (Điều 40)."),
    )


class ResultsPostingForm(forms.Form):
    posted_on = date_field(
        _("Ngày niêm yết kết quả khám sức khỏe"),
        help_text=_("Trong 20 ngày kể từ ngày khám cuối cùng của xã, phường (Điều 40)."),
    )


class DeliveryForm(forms.Form):
    delivered_on = date_field(
        _("Ngày giao cho công dân"),
        help_text=_("Ít nhất 15 ngày trước ngày có mặt (khoản 6 Điều 34)."),
    )


class OrderBulkForm(BulkForm):
    issued_on = date_field(_("Ngày ký lệnh"))
    report_place = forms.CharField(
        label=_("Địa điểm có mặt"),
        max_length=200,
        error_messages={"required": _("Phải ghi địa điểm công dân có mặt.")},
    )


HANDOVER_CHOICES = [
    ("handed_over", _("Đã giao quân")),
    ("failed", _("Không có mặt")),
]


class HandoverForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Kết quả"), choices=HANDOVER_CHOICES, widget=forms.RadioSelect
    )
    on = date_field(_("Ngày giao quân"))
    receiving_unit = forms.CharField(label=_("Đơn vị nhận quân"), max_length=200, required=False)
    failure_reason = forms.CharField(label=_("Lý do không có mặt"), max_length=250, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("result") == "handed_over" and not data.get("receiving_unit", "").strip():
            self.add_error(
                "receiving_unit",
                forms.ValidationError(
                    _("Phải ghi đơn vị nhận quân."), code=ErrorCode.RECEIVING_UNIT_REQUIRED
                ),
            )
        if data.get("result") == "failed" and not data.get("failure_reason", "").strip():
            self.add_error(
                "failure_reason",
                forms.ValidationError(
                    _("Phải ghi lý do công dân không có mặt."),
                    code=ErrorCode.FAILURE_REASON_REQUIRED,
                ),
            )
        return data


class DischargeForm(forms.Form):
    """The discharge of a handed-over soldier (Art. 43) as the unit's decision gives it; the
    service refuses a day not after the handover and an early discharge without its reason."""

    discharged_on = date_field(_("Ngày xuất ngũ"))
    kind = forms.ChoiceField(
        label=_("Hình thức xuất ngũ"),
        choices=DischargeKind.choices,
        initial=DischargeKind.COMPLETED,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do xuất ngũ trước thời hạn"),
        max_length=250,
        required=False,
        help_text=_("Bắt buộc khi xuất ngũ trước thời hạn (khoản 2 Điều 43)."),
    )
    decision_number = forms.CharField(label=_("Số quyết định xuất ngũ"), max_length=40)
    decision_date = date_field(_("Ngày quyết định xuất ngũ"))
    reserve_registered_on = date_field(
        _("Ngày đăng ký ngạch dự bị"),
        required=False,
        help_text=_(
            "Để trống thì lấy ngày xuất ngũ. Quân nhân xuất ngũ đăng ký ngạch dự bị trong 15 ngày "
            "làm việc (Điều 45)."
        ),
    )

    def discharge(self) -> DischargeInput:
        return DischargeInput(**self.cleaned_data)


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} ({obj.birth_date_display})"


class ReplacementForm(forms.Form):
    person = PersonChoice(
        label=_("Gọi thay bằng công dân"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Chọn công dân được gọi thay.")},
    )
    issued_on = date_field(_("Ngày ký lệnh"))
    report_on = date_field(
        _("Ngày có mặt"), help_text=_("Lệnh phải đến công dân ít nhất 15 ngày trước ngày này.")
    )
    report_place = forms.CharField(label=_("Địa điểm có mặt"), max_length=200)
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận ra lệnh gọi thay"),
        error_messages={"required": _("Đánh dấu ô xác nhận để ra lệnh gọi thay.")},
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        if isinstance(field, PersonChoice):
            field.queryset = people


class ChosenPerson(forms.ModelChoiceField):
    """The person chosen on the page's search step (``?person=<pk>``) or given by the API, among
    those the user may write."""

    widget = forms.HiddenInput

    def __init__(self) -> None:
        super().__init__(
            queryset=Person.objects.none(),
            error_messages={
                "required": _("Tìm và chọn công dân trước."),
                "invalid_choice": _("Công dân không thuộc phạm vi của bạn."),
            },
        )


class MeasureForm(forms.Form):
    """An Art. 13 measure; the service refuses an end before the start and an overlap."""

    person = ChosenPerson()
    kind = forms.ChoiceField(label=_("Biện pháp (Điều 13)"), choices=MeasureKind.choices)
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(
        _("Đến ngày"), required=False, help_text=_("Để trống khi chưa biết ngày kết thúc.")
    )
    document_number = forms.CharField(label=_("Số văn bản"), max_length=40)
    document_date = date_field(_("Ngày văn bản"))
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "person").queryset = Person.objects.editable_by(user)

    def measure(self) -> MeasureInput:
        return MeasureInput(**self.cleaned_data)


class MeasureEndForm(forms.Form):
    ends_on = date_field(_("Ngày kết thúc"))


class RecognitionForm(forms.Form):
    """A recognition decision of Art. 4.4; the service refuses too few months."""

    person = ChosenPerson()
    ground = forms.ChoiceField(
        label=_("Trường hợp (khoản 4 Điều 4)"), choices=RecognitionGround.choices
    )
    months_served = forms.IntegerField(
        label=_("Số tháng đã phục vụ"), required=False, min_value=0, max_value=600
    )
    recognised_on = date_field(_("Ngày công nhận"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=40)
    signer = forms.CharField(label=_("Người ký"), max_length=200)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "person").queryset = Person.objects.editable_by(user)

    def recognition(self) -> RecognitionInput:
        return RecognitionInput(**self.cleaned_data)


class VolunteeringForm(forms.Form):
    applied_on = date_field(_("Ngày làm đơn"))
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)
