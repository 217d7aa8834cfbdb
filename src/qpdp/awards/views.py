"""Pages of emulation and commendation, declared on the page kit (``core.views``): proposals
(one by one, or from the year's emulation ranking in one step), the emulation council's opinion
on many proposals after a confirmation, numbered decisions with their awardees, and the decision
and its certificates printed (``awards.documents``) through an audited download."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from qpdp.awards import documents, services
from qpdp.awards.filters import DecisionFilter, ProposalFilter
from qpdp.awards.forms import (
    AGREED_CHOICES,
    DecisionForm,
    ProposalForm,
    RankingForm,
    ReviewBulkForm,
)
from qpdp.awards.models import AwardDecision, AwardProposal, ProposalStatus
from qpdp.awards.tables import DecisionTable, ProposalTable
from qpdp.core.access import can_write
from qpdp.core.views import (
    DOCX,
    BulkActionView,
    DetailView,
    Download,
    DownloadView,
    ListView,
    ServiceFormView,
    stamped,
)


class UserFilterMixin:
    request: Any

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["can_add"] = can_write(self.request.user)
        return context


class ProposalListView(UserFilterMixin, ListView[AwardProposal]):
    model = AwardProposal
    filterset_class = ProposalFilter
    table_class = ProposalTable
    title = gettext_lazy("Đề nghị khen thưởng")
    template_name = "awards/proposal_list.html"
    export_slug = "de-nghi-khen-thuong"

    def get_queryset(self) -> QuerySet[AwardProposal]:
        return (
            super()
            .get_queryset()
            .select_related("form", "proposer", "collective", "person", "decision")
        )


class ProposalCreateView(ServiceFormView):
    form_class = ProposalForm
    title = gettext_lazy("Đề nghị khen thưởng")
    success_message = gettext_lazy("Đã ghi đề nghị khen thưởng.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        today = timezone.localdate()
        return {"year": today.year, "proposed_on": today}

    def save(self, form: ProposalForm) -> str:
        services.propose(self.request.user, **form.cleaned_data)
        return reverse("awards:home")


class RankingProposalView(ServiceFormView):
    """The wards the year's emulation ranking proposes become proposals in one step; a ward
    already proposed for that year and field is left as it is."""

    form_class = RankingForm
    title = gettext_lazy("Lập đề nghị khen thưởng từ kết quả chấm điểm thi đua")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        today = timezone.localdate()
        return {"year": today.year, "proposed_on": today}

    def save(self, form: RankingForm) -> str:
        created = services.proposals_from_ranking(self.request.user, **form.cleaned_data)
        n = len(created)
        message = ngettext(
            "Đã lập %(n)d đề nghị từ kết quả chấm điểm thi đua.",
            "Đã lập %(n)d đề nghị từ kết quả chấm điểm thi đua.",
            n,
        )
        messages.success(self.request, message % {"n": n})
        return reverse("awards:home") + f"?year={form.cleaned_data['year']}"


class ReviewBulkView(BulkActionView):
    """The emulation council's opinion on the ticked proposals, confirmed first."""

    template_name = "awards/review.html"
    form_class = ReviewBulkForm
    checked_field = "proposals"
    action_title = gettext_lazy("Ý kiến hội đồng thi đua, khen thưởng")

    def waiting(self, proposals: QuerySet[AwardProposal]) -> QuerySet[AwardProposal]:
        return proposals.filter(status=ProposalStatus.PROPOSED).select_related(
            "form", "proposer", "collective", "person"
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"proposals": self.waiting(AwardProposal.objects.editable_by(self.request.user))}

    def get_initial(self) -> dict[str, Any]:
        return {"reviewed_on": timezone.localdate()}

    def page_context(self) -> dict[str, Any]:
        return {"title": self.action_title}

    def list_context(self) -> dict[str, Any]:
        return {"proposals": self.waiting(AwardProposal.objects.visible_to(self.request.user))}

    def preview(self, form: forms.Form) -> list[tuple[Any, str]]:
        opinion = dict(AGREED_CHOICES)[form.cleaned_data["agreed"]]
        return [(p, str(opinion)) for p in form.cleaned_data["proposals"]]

    def perform(self, form: forms.Form) -> str:
        data = form.cleaned_data
        for proposal in data["proposals"]:
            services.review(
                self.request.user,
                proposal,
                agreed=data["agreed"] == "yes",
                reviewed_on=data["reviewed_on"],
                note=data["note"],
            )
        n = len(data["proposals"])
        message = ngettext(
            "Đã ghi ý kiến cho %(n)d đề nghị.", "Đã ghi ý kiến cho %(n)d đề nghị.", n
        )
        return message % {"n": n}


class DecisionListView(UserFilterMixin, ListView[AwardDecision]):
    model = AwardDecision
    filterset_class = DecisionFilter
    table_class = DecisionTable
    title = gettext_lazy("Quyết định khen thưởng")
    template_name = "awards/decision_list.html"
    export_slug = "quyet-dinh-khen-thuong"

    def get_queryset(self) -> QuerySet[AwardDecision]:
        return (
            super()
            .get_queryset()
            .select_related("authority", "form")
            .annotate(awardee_count=Count("awardees"))
        )


class DecisionDetailView(DetailView[AwardDecision]):
    model = AwardDecision
    template_name = "awards/decision_detail.html"
    context_object_name = "decision"

    def get_queryset(self) -> QuerySet[AwardDecision]:
        return super().get_queryset().select_related("authority", "form")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["awardees"] = self.object.awardees.select_related(
            "collective", "person", "proposer"
        ).order_by("person", "pk")
        return context


class DecisionCreateView(ServiceFormView):
    """A numbered decision over agreed proposals: the service refuses a form the signer's level
    may not give (Law on Emulation and Commendation 2022 Art. 80), a nominee already awarded for
    the achievement, a number already used that year."""

    form_class = DecisionForm
    title = gettext_lazy("Ra quyết định khen thưởng")
    success_message = gettext_lazy("Đã ghi quyết định khen thưởng.")

    def get_form_kwargs(self) -> dict[str, Any]:
        agreed = AwardProposal.objects.editable_by(self.request.user).filter(
            status=ProposalStatus.AGREED
        )
        return {
            "user": self.request.user,
            "proposals": agreed.select_related("form", "collective", "person"),
        }

    def get_initial(self) -> dict[str, Any]:
        today = timezone.localdate()
        return {"year": today.year, "signed_on": today, "signer_title": "CHỦ TỊCH"}

    def save(self, form: DecisionForm) -> str:
        data = dict(form.cleaned_data)
        data["proposals"] = list(data["proposals"])
        decision = services.issue_decision(self.request.user, **data)
        return reverse("awards:decision", args=[decision.pk])


class DecisionPrintView(DownloadView):
    """The decision in the Decree 30 layout with its list of awardees (``part="decision"``), or
    one certificate per awardee (``part="certificates"``), as DOCX."""

    part = "decision"

    @cached_property
    def decision(self) -> AwardDecision:
        decisions = AwardDecision.objects.visible_to(self.request.user).select_related("authority")
        return get_object_or_404(decisions, pk=self.kwargs["pk"])

    def get_download(self) -> Download:
        decision = self.decision
        if self.part == "certificates":
            content, slug = documents.render_certificates(decision), "giay-khen"
            title = _("Giấy khen theo quyết định %(number)s") % {"number": decision.number}
        else:
            content, slug = documents.render_decision(decision), "quyet-dinh-khen-thuong"
            title = _("Quyết định khen thưởng %(number)s") % {"number": decision.number}
        return Download(
            content=content,
            filename=stamped(f"{slug}-{decision.pk}", "docx"),
            content_type=DOCX,
            title=title,
            obj=decision,
            unit=decision.authority,
            extra={"format": "docx", "part": self.part},
        )
