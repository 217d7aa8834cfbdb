"""Forms of the awards pages. Shape only: the services (``awards.services``) refuse a form the
signer may not give, the same achievement awarded twice, a decision number used twice, and their
refusals land on these fields."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qpdp.awards.models import AwardField, AwardForm, AwardProposal
from qpdp.core.access import AnyUser
from qpdp.core.forms import BulkActionForm, UnitChoiceField, UnitSearch, date_field
from qpdp.people.forms import PersonNumberField


class ProposalForm(forms.Form):
    """A proposal for a collective (a unit of the proposer's area) or an individual (named by
    identity number: a person of the registry)."""

    proposer = UnitChoiceField(label=_("Đơn vị đề nghị"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    form = forms.ModelChoiceField(label=_("Hình thức"), queryset=AwardForm.objects.all())
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=AwardField.choices)
    collective = UnitChoiceField(label=_("Tập thể"), required=False)
    person = PersonNumberField(label=_("Cá nhân (số định danh)"), required=False)
    achievement = forms.CharField(label=_("Thành tích"), widget=forms.Textarea)
    proposed_on = date_field(_("Ngày đề nghị"))

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonNumberField, self.fields["person"]).limit_to(user)
        cast(UnitChoiceField, self.fields["proposer"]).limit_to(user, UnitSearch())
        cast(UnitChoiceField, self.fields["collective"]).limit_to(user, UnitSearch())


class RankingForm(forms.Form):
    """The wards the year's emulation ranking proposes for commendation become proposals."""

    unit = UnitChoiceField(label=_("Đơn vị chấm điểm thi đua"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    form = forms.ModelChoiceField(label=_("Hình thức"), queryset=AwardForm.objects.all())
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=AwardField.choices)
    proposed_on = date_field(_("Ngày đề nghị"))

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).limit_to(user, UnitSearch())


class ProposalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: AwardProposal) -> str:
        nominee = obj.collective.label if obj.collective is not None else str(obj.person)
        return f"{nominee} — {obj.form} ({obj.year})"


class DecisionForm(forms.Form):
    authority = UnitChoiceField(label=_("Cơ quan quyết định"))
    number = forms.CharField(label=_("Số quyết định"), max_length=40)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    signed_on = date_field(_("Ngày ký"))
    form = forms.ModelChoiceField(label=_("Hình thức"), queryset=AwardForm.objects.all())
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=AwardField.choices)
    proposals = ProposalChoiceField(
        label=_("Tập thể, cá nhân được khen (đề nghị đã được hội đồng nhất trí)"),
        queryset=AwardProposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    signer_name = forms.CharField(label=_("Người ký"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=100, initial="CHỦ TỊCH")

    def __init__(
        self, *args: Any, user: AnyUser, proposals: QuerySet[AwardProposal], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["authority"]).limit_to(user, UnitSearch())
        cast(forms.ModelChoiceField, self.fields["proposals"]).queryset = proposals


AGREED_CHOICES = [("yes", _("Nhất trí")), ("no", _("Không nhất trí"))]


class ReviewBulkForm(BulkActionForm):
    """The emulation council's opinion on the ticked proposals."""

    proposals = forms.ModelMultipleChoiceField(
        queryset=AwardProposal.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    agreed = forms.ChoiceField(label=_("Ý kiến hội đồng thi đua"), choices=AGREED_CHOICES)
    reviewed_on = date_field(_("Ngày hội đồng xét"))
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args: Any, proposals: QuerySet[AwardProposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["proposals"]).queryset = proposals
        self.fields["proposals"].label = _("Đề nghị")
