"""Health results of a ward's pool: recorded in bulk for the ward, or one person at a time with
every measurement the standards read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qpdp.conscription import selectors, services
from qpdp.conscription.forms import HealthBulkForm, HealthForm
from qpdp.conscription.models import HealthKind
from qpdp.conscription.services import PoolEntry
from qpdp.conscription.views._base import (
    BulkView,
    FormPage,
    PersonMixin,
    PoolMixin,
    page_of,
    refusal_for,
    visible,
    xlsx_response,
)
from qpdp.core.views import WriterRequiredMixin
from qpdp.people.models import Person


class HealthView(PoolMixin, BulkView):
    template_name = "conscription/health.html"
    form_class = HealthBulkForm
    action_title = gettext_lazy("Ghi kết quả sức khỏe")

    def candidates(self) -> QuerySet[Person]:
        ids = [e.person.pk for e in self.entries]
        return visible(Person.objects.filter(pk__in=ids), self.request.user)

    def initial(self) -> dict[str, Any]:
        return {"examined_on": min(self.today, self.cycle.exam_start)}

    def rows(self, entries: Sequence[PoolEntry]) -> list[dict[str, Any]]:
        results = selectors.health_results(self.cycle, [e.person.pk for e in entries])
        return [
            {
                "entry": e,
                "pre": results.get(e.person.pk, {}).get(HealthKind.PRE_SCREENING),
                "exam": results.get(e.person.pk, {}).get(HealthKind.EXAMINATION),
            }
            for e in entries
        ]

    def list_context(self) -> dict[str, Any]:
        page = page_of(self.filtered(), self.request.GET.get("page"))
        return {"filter": self.pool_filter, "page": page, "rows": self.rows(page.rows)}

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

    def export(self) -> HttpResponse:
        headers = [
            _("Họ và tên"),
            _("Ngày sinh"),
            _("Sơ tuyển: ngày"),
            _("Sơ tuyển: loại"),
            _("Khám tuyển: ngày"),
            _("Khám tuyển: loại"),
            _("Trạng thái"),
        ]
        rows = (
            (
                r["entry"].person.full_name,
                r["entry"].person.birth_date_display,
                r["pre"].examined_on if r["pre"] else "",
                r["pre"].health_class if r["pre"] else "",
                r["exam"].examined_on if r["exam"] else "",
                r["exam"].health_class if r["exam"] else "",
                str(r["entry"].state.label),
            )
            for r in self.rows(self.filtered())
        )
        title = _("Sức khỏe %(ward)s") % {"ward": self.ward.name}
        return xlsx_response(self.request, title, "suc-khoe", headers, rows)


class HealthPersonView(PersonMixin, WriterRequiredMixin, FormPage):
    title = gettext_lazy("Kết quả sức khỏe")

    def make_form(self, data: Any = None) -> Form:
        existing = selectors.health_results(self.cycle, [self.person.pk]).get(self.person.pk, {})
        result = existing.get(HealthKind.EXAMINATION) or existing.get(HealthKind.PRE_SCREENING)
        initial: dict[str, Any] = {"examined_on": min(self.today, self.cycle.exam_start)}
        if result is not None:
            initial.update(
                {
                    field: getattr(result, field)
                    for field in (
                        "kind",
                        "examined_on",
                        "health_class",
                        "drug_addicted",
                        "myopia_dioptres",
                        "hyperopia",
                        "bmi",
                        "notes",
                    )
                }
            )
        return HealthForm(data, initial=initial)

    def back(self) -> str:
        return reverse("conscription:health", args=[self.cycle.pk, self.person_ward.pk])

    def context(self) -> dict[str, Any]:
        return {**self.cycle_context(), "person": self.person, "back": self.back()}

    def save(self, form: Any) -> str:
        services.record_health(self.request.user, self.cycle, self.person, **form.cleaned_data)
        messages.success(
            self.request, _("Đã ghi kết quả sức khỏe của %(name)s.") % {"name": self.person}
        )
        return self.back()
