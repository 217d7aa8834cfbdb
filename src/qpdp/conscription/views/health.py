"""Health results of a ward's pool: recorded in bulk for the ward, or one person at a time with
every measurement the standards read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qpdp.conscription import rules, selectors, services
from qpdp.conscription.forms import ExamCallForm, HealthBulkForm, HealthForm, ResultsPostingForm
from qpdp.conscription.models import ExamCall, HealthKind, ResultsPosting
from qpdp.conscription.services import PoolEntry
from qpdp.conscription.tables import HealthTable
from qpdp.conscription.views.scope import (
    PAGE_SIZE,
    PersonMixin,
    PoolMixin,
    WardBulkView,
    WardMixin,
    refusal_for,
    visible,
)
from qpdp.core.pagination import paginate_list
from qpdp.core.tables import Table
from qpdp.core.views import ServiceFormView
from qpdp.people.models import Person

RESULT_FIELDS = (
    "kind",
    "examined_on",
    "health_class",
    "drug_addicted",
    "myopia_dioptres",
    "hyperopia",
    "bmi",
    "notes",
)


class HealthView(PoolMixin, WardBulkView):
    template_name = "conscription/health.html"
    form_class = HealthBulkForm
    action_title = gettext_lazy("Ghi kết quả sức khỏe")
    export_slug = "suc-khoe"

    def candidates(self) -> QuerySet[Person]:
        ids = [e.person.pk for e in self.entries]
        return visible(Person.objects.filter(pk__in=ids), self.request.user)

    def get_initial(self) -> dict[str, Any]:
        return {"examined_on": min(self.today, self.cycle.exam_start)}

    def table(self, entries: Sequence[PoolEntry]) -> HealthTable:
        """The entries with their pre-screening and examination results (one query)."""
        ids = [e.person.pk for e in entries]
        results = selectors.health_results(self.cycle, ids)
        calls = {
            c.person_id: c
            for c in ExamCall.objects.filter(
                cycle=self.cycle, person_id__in=ids, kind=HealthKind.EXAMINATION
            )
        }
        rows = [
            {
                "entry": e,
                "call": calls.get(e.person.pk),
                "pre": results.get(e.person.pk, {}).get(HealthKind.PRE_SCREENING),
                "exam": results.get(e.person.pk, {}).get(HealthKind.EXAMINATION),
            }
            for e in entries
        ]
        return HealthTable(rows, cycle=self.cycle, checked=self.checked(), user=self.request.user)

    def list_context(self) -> dict[str, Any]:
        page = paginate_list(self.filtered(), self.request.GET.get("page"), PAGE_SIZE)
        posting = ResultsPosting.objects.filter(cycle=self.cycle, unit=self.ward).first()
        return {
            "filter": self.pool_filter,
            "page": page,
            "table": self.table(page.rows),
            "posting": posting,
            "posting_article": self.cycle.regime.results_posting_article,
        }

    def preview(self, form: Any) -> list[tuple[Person, str]]:
        data = form.cleaned_data
        text = _("%(kind)s ngày %(day)s: loại %(cls)s") % {
            "kind": HealthKind(data["kind"]).label,
            "day": f"{data['examined_on']:%d/%m/%Y}",
            "cls": data["health_class"],
        }
        return [(p, text) for p in form.chosen()]

    def perform(self, form: Any) -> str:
        data = form.cleaned_data
        people = form.chosen()
        for person in people:
            with refusal_for(person):
                services.record_health(
                    self.request.user,
                    self.cycle,
                    person,
                    kind=data["kind"],
                    examined_on=data["examined_on"],
                    health_class=data["health_class"],
                )
        return _("Đã ghi kết quả sức khỏe cho %(n)s công dân.") % {"n": len(people)}

    def export_table(self) -> tuple[Table, Iterable[Any], str]:
        table = self.table(self.filtered())
        return table, table.ordered_data, _("Sức khỏe %(ward)s") % {"ward": self.ward.name}


class HealthPersonView(PersonMixin, ServiceFormView):
    form_class = HealthForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Kết quả sức khỏe")

    def get_initial(self) -> dict[str, Any]:
        existing = selectors.health_results(self.cycle, [self.person.pk]).get(self.person.pk, {})
        result = existing.get(HealthKind.EXAMINATION) or existing.get(HealthKind.PRE_SCREENING)
        initial: dict[str, Any] = {"examined_on": min(self.today, self.cycle.exam_start)}
        if result is not None:
            initial.update({field: getattr(result, field) for field in RESULT_FIELDS})
        return initial

    def back(self) -> str:
        return reverse("conscription:health", args=[self.cycle.pk, self.person_ward.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            **self.cycle_context(), person=self.person, back=self.back(), **kwargs
        )

    def save(self, form: Any) -> str:
        services.record_health(self.request.user, self.cycle, self.person, **form.cleaned_data)
        messages.success(
            self.request, _("Đã ghi kết quả sức khỏe của %(name)s.") % {"name": self.person}
        )
        return self.back()


class ExamCallView(PersonMixin, ServiceFormView):
    """The call to pre-screening or examination as delivered to one citizen (Art. 40.3)."""

    form_class = ExamCallForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Giấy gọi khám sức khỏe")

    def get_initial(self) -> dict[str, Any]:
        call = (
            ExamCall.objects.filter(cycle=self.cycle, person=self.person)
            .order_by("-exam_on")
            .first()
        )
        if call is not None:
            return {"kind": call.kind, "exam_on": call.exam_on, "delivered_on": call.delivered_on}
        exam_on = self.cycle.exam_start
        return {"exam_on": exam_on, "delivered_on": rules.latest_exam_call_date(exam_on)}

    def back(self) -> str:
        return reverse("conscription:health", args=[self.cycle.pk, self.person_ward.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        intro = _("Giấy gọi phải đến công dân ít nhất 15 ngày trước ngày khám (%(article)s).") % {
            "article": self.cycle.regime.exam_call_notice_article
        }
        return super().get_context_data(
            **self.cycle_context(), person=self.person, back=self.back(), intro=intro, **kwargs
        )

    def save(self, form: Any) -> str:
        services.record_exam_call(self.request.user, self.cycle, self.person, **form.cleaned_data)
        messages.success(
            self.request, _("Đã ghi giấy gọi khám sức khỏe của %(name)s.") % {"name": self.person}
        )
        return self.back()


class ResultsPostingView(WardMixin, ServiceFormView):
    """The day a ward's examination results were posted (Art. 40.6)."""

    form_class = ResultsPostingForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Niêm yết kết quả khám sức khỏe")

    def get_initial(self) -> dict[str, Any]:
        posting = ResultsPosting.objects.filter(cycle=self.cycle, unit=self.ward).first()
        return {"posted_on": posting.posted_on if posting is not None else self.today}

    def back(self) -> str:
        return reverse("conscription:health", args=[self.cycle.pk, self.ward.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        intro = _(
            "Kết quả khám sức khỏe của %(ward)s được niêm yết tại trụ sở Ủy ban nhân dân và "
            "đăng trên cổng thông tin trong 20 ngày kể từ ngày khám cuối cùng (%(article)s)."
        ) % {"ward": self.ward.label, "article": self.cycle.regime.results_posting_article}
        return super().get_context_data(
            **self.cycle_context(), back=self.back(), intro=intro, **kwargs
        )

    def save(self, form: Any) -> str:
        services.post_results(
            self.request.user, self.cycle, self.ward, posted_on=form.cleaned_data["posted_on"]
        )
        messages.success(
            self.request,
            _("Đã ghi ngày niêm yết kết quả khám sức khỏe của %(ward)s.")
            % {"ward": self.ward.label},
        )
        return self.back()
