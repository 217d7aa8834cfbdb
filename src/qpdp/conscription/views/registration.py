"""First registration (Art. 16): the ward's January list, registered in bulk with the next
registration numbers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qpdp.conscription import selectors, services
from qpdp.conscription.forms import RegistrationBulkForm
from qpdp.conscription.models import Registration
from qpdp.conscription.tables import DueTable, RegisteredTable
from qpdp.conscription.views.scope import PAGE_SIZE, WardBulkView, refusal_for
from qpdp.core.pagination import paginate
from qpdp.core.tables import Table
from qpdp.people.models import Person


class RegistrationView(WardBulkView):
    template_name = "conscription/registration.html"
    form_class = RegistrationBulkForm
    action_title = gettext_lazy("Ghi nhận đăng ký nghĩa vụ quân sự lần đầu")
    export_slug = "dang-ky-nvqs"

    @property
    def year(self) -> int:
        return self.cycle.registration_date.year

    def candidates(self) -> QuerySet[Person]:
        return selectors.unregistered(self.cycle, self.ward_units, self.request.user)

    def registered(self) -> QuerySet[Registration]:
        return (
            Registration.objects.visible_to(self.request.user)
            .filter(unit=self.ward, person__birth_date__year=self.year - 17)
            .select_related("person")
            .order_by("number", "pk")
        )

    def is_overdue(self) -> bool:
        return self.today > self.cycle.registration_date

    def get_initial(self) -> dict[str, Any]:
        """The cycle's registration day (today once it has passed), within the ward's life: new
        Kinh Bắc, in force from 01/07/2025, never defaults to the April 2025 registration."""
        day = min(self.today, self.cycle.registration_date)
        if self.ward.valid_from is not None:
            day = max(day, self.ward.valid_from)
        if self.ward.valid_to is not None:
            day = min(day, self.ward.valid_to)
        return {"registered_on": day}

    def list_context(self) -> dict[str, Any]:
        page = paginate(self.candidates(), self.request.GET.get("page"), PAGE_SIZE)
        due = DueTable(page.rows, checked=self.checked(), user=self.request.user)
        return {
            "year": self.year,
            "page": page,
            "due": due,
            "overdue": self.is_overdue(),
            "definition": selectors.unregistered_definition(self.cycle, self.today),
            "registered": RegisteredTable(self.registered()[:500], user=self.request.user),
        }

    def numbers(self, form: Any) -> list[str]:
        registered_on = form.cleaned_data["registered_on"]
        count = len(form.chosen())
        return selectors.next_registration_numbers(self.ward, registered_on.year, count)

    def preview(self, form: Any) -> list[tuple[Person, str]]:
        """The numbers the save will give, after the save's own checks (a confirmation never
        promises what the save refuses)."""
        for person in form.chosen():
            with refusal_for(person):
                services.check_registration(
                    self.request.user,
                    person,
                    registered_on=form.cleaned_data["registered_on"],
                    unit=self.ward,
                )
        numbers = self.numbers(form)
        return [
            (p, _("số đăng ký %(number)s") % {"number": n})
            for p, n in zip(form.chosen(), numbers, strict=True)
        ]

    def perform(self, form: Any) -> str:
        data = form.cleaned_data
        people = form.chosen()
        for person, number in zip(people, self.numbers(form), strict=True):
            with refusal_for(person):
                services.record_registration(
                    self.request.user,
                    person,
                    registered_on=data["registered_on"],
                    number=number,
                    place=data["place"],
                    unit=self.ward,
                )
        return _("Đã ghi nhận đăng ký cho %(n)s công dân.") % {"n": len(people)}

    def export_table(self) -> tuple[Table, Iterable[Any], str]:
        user = self.request.user
        if self.request.GET.get("list") == "registered":
            title = _("Đã đăng ký NVQS %(year)s") % {"year": self.year}
            return RegisteredTable([], user=user), self.registered(), title
        title = _("Phải đăng ký NVQS %(year)s") % {"year": self.year}
        return DueTable([], user=user), self.candidates(), title
