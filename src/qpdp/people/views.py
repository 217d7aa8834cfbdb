"""Pages of the person registry: list (with its export), detail with history, create, edit,
delete; built on the page kit (``core.views``)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qpdp.core import timeline
from qpdp.core.access import AnyUser, can_write, is_admin
from qpdp.core.forms import add_service_errors
from qpdp.core.views import DetailView, ListView, ServiceFormView
from qpdp.people import services
from qpdp.people.filters import PersonFilter
from qpdp.people.forms import PersonDeleteForm, PersonForm, writable_residence_units
from qpdp.people.models import Person
from qpdp.people.tables import PersonTable, ResidenceTable


class PersonListView(ListView[Person]):
    model = Person
    filterset_class = PersonFilter
    table_class = PersonTable
    title = gettext_lazy("Công dân")
    template_name = "people/person_list.html"
    partial_template_name = "people/_person_table.html"
    export_slug = "cong-dan"
    export_title = gettext_lazy("Danh sách công dân")
    export_limit = 200_000

    def get_queryset(self) -> QuerySet[Person]:
        return Person.objects.listed_for(self.request.user)

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = can_write(self.request.user) and unit_in_force(self.request.user)
        return context


class PersonDetailView(DetailView[Person]):
    model = Person
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_queryset(self) -> QuerySet[Person]:
        return Person.objects.listed_for(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["residences"] = ResidenceTable(
            self.object.residences.select_related("unit"), user=self.request.user
        )
        # Other registries' records of this person (militia, reserve…), declared by the apps.
        context["registry_sections"] = timeline.sections_for(self.request.user, self.object)
        return context


NO_COMMUNE_IN_FORCE = gettext_lazy(
    "Đơn vị của tài khoản đã kết thúc hoạt động: công dân mới do xã, phường kế thừa nhập."
)


def can_add_people(user: AnyUser) -> bool:
    """Whether any commune in force lies in the user's scope: an account of a ward abolished in
    July 2025 still reads its old records but has nowhere to register a new person."""
    return can_write(user) and writable_residence_units(user, timezone.localdate()).exists()


def unit_in_force(user: AnyUser) -> bool:
    """The list's cheap stand-in for ``can_add_people`` (no query: the account's unit is loaded
    for the page header): administrators, and accounts whose unit has not ended."""
    unit = getattr(user, "unit", None)
    return is_admin(user) or (unit is not None and unit.is_valid_on(timezone.localdate()))


class EditablePersonMixin:
    """The person of the URL, if the user may change them (404 otherwise)."""

    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def person(self) -> Person | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            Person.objects.editable_by(self.request.user), pk=self.kwargs["pk"]
        )


class PersonFormView(EditablePersonMixin, ServiceFormView):
    form_class = PersonForm
    template_name = "people/person_form.html"
    error_aliases = {"birth_date": "birth_date_text"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"instance": self.person, "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**{"person": self.person, **kwargs})

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.person is None and not can_add_people(request.user):
            messages.error(request, NO_COMMUNE_IN_FORCE)
            return HttpResponseRedirect(reverse("people:list"))
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person = self.person
        form = self.get_form(request.POST)
        assert isinstance(form, PersonForm)
        similar: list[Person] = []
        if form.is_valid():
            entry = form.person_input()
            try:
                if person is None:
                    person = services.create_person(request.user, entry)
                    messages.success(request, _("Đã thêm công dân %(name)s.") % {"name": person})
                else:
                    person = services.update_person(request.user, person, entry)
                    messages.success(request, _("Đã lưu thay đổi."))
                return HttpResponseRedirect(reverse("people:detail", args=[person.pk]))
            except services.StaleRecord:
                assert person is not None
                current = Person.objects.select_related("residence_unit").get(pk=person.pk)
                form, changes = form.rebase(current)
                return self.render_form(
                    form, status=400, person=current, stale=True, changes=changes
                )
            except ValidationError as exc:
                similar = _similar(request.user, services.similar_ids(exc))
                if similar:
                    form.ask_to_confirm_similar()
                else:
                    add_service_errors(form, exc, aliases=self.error_aliases)
        status = 200 if similar else 400
        return self.render_form(form, status=status, person=person, similar=similar)


def _similar(user: AnyUser, ids: Sequence[int]) -> list[Person]:
    """The look-alikes a ``similar_person`` refusal named, in its order, for the warning."""
    found = Person.objects.visible_to(user).select_related("residence_unit").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


class PersonDeleteView(EditablePersonMixin, ServiceFormView):
    """Deleting a person is confirmed by ticking a box; the service refuses what it must."""

    form_class = PersonDeleteForm
    template_name = "people/person_confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**{"person": self.person, **kwargs})

    def save(self, form: PersonDeleteForm) -> str:
        assert self.person is not None
        name = str(self.person)
        services.delete_person(self.request.user, self.person)
        messages.success(self.request, _("Đã xóa công dân %(name)s.") % {"name": name})
        return reverse("people:list")
