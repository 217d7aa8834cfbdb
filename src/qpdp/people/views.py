"""Pages of the person registry: list, detail with history, create, edit, delete, export."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from qpdp.core import audit
from qpdp.core.access import AnyUser, can_see_personal_numbers, can_write, is_admin, mask_number
from qpdp.core.exports import to_csv, to_xlsx
from qpdp.core.pagination import paginate
from qpdp.core.views import WriterRequiredMixin
from qpdp.people import services
from qpdp.people.filters import PersonFilter
from qpdp.people.forms import PersonDeleteForm, PersonForm, writable_residence_units
from qpdp.people.models import Person

EXPORT_LIMIT = 200_000


def visible_people(request: HttpRequest) -> QuerySet[Person]:
    return Person.objects.visible_to(request.user).select_related("residence_unit")


def filtered_people(request: HttpRequest) -> tuple[PersonFilter, QuerySet[Person]]:
    person_filter = PersonFilter(
        request.GET or None, queryset=visible_people(request), user=request.user
    )
    queryset = person_filter.qs if person_filter.is_bound else person_filter.queryset
    if not person_filter.is_bound or not request.GET.get("sort"):
        queryset = queryset.order_by("roster_key", "pk")
    return person_filter, queryset


class PersonListView(LoginRequiredMixin, TemplateView):
    template_name = "people/person_list.html"
    page_size = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person_filter, queryset = filtered_people(self.request)
        context["filter"] = person_filter
        context["page"] = paginate(queryset, self.request.GET.get("page"), self.page_size)
        context["can_add"] = can_write(self.request.user) and unit_in_force(self.request.user)
        return context

    def get_template_names(self) -> list[str]:
        htmx = self.request.htmx  # type: ignore[attr-defined]  # set by django-htmx's middleware
        if htmx and not htmx.boosted:
            return ["people/_person_table.html"]
        return [self.template_name]


class PersonDetailView(LoginRequiredMixin, TemplateView):
    template_name = "people/person_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = get_object_or_404(visible_people(self.request), pk=kwargs["pk"])
        context["person"] = person
        context["residences"] = person.residences.select_related("unit")
        context["history"] = audit.history(person)[:100]
        context["editable"] = (
            Person.objects.editable_by(self.request.user).filter(pk=person.pk).exists()
        )
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


class PersonFormView(WriterRequiredMixin, View):
    template_name = "people/person_form.html"

    def get_object(self) -> Person | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            Person.objects.editable_by(self.request.user), pk=self.kwargs["pk"]
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        person = self.get_object()
        if person is None and not can_add_people(request.user):
            messages.error(request, NO_COMMUNE_IN_FORCE)
            return HttpResponseRedirect(reverse("people:list"))
        form = PersonForm(instance=person, user=request.user)
        return render(request, self.template_name, {"form": form, "person": person})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        person = self.get_object()
        form = PersonForm(request.POST, instance=person or Person(), user=request.user)
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
                context = {"form": form, "person": current, "stale": True, "changes": changes}
                return render(request, self.template_name, context, status=400)
            except ValidationError as exc:
                similar = _similar(request.user, services.similar_ids(exc))
                if similar:
                    form.ask_to_confirm_similar()
                else:
                    _add_errors(form, exc)
        status = 200 if similar else 400
        context = {"form": form, "person": person, "similar": similar}
        return render(request, self.template_name, context, status=status)


def _similar(user: AnyUser, ids: Sequence[int]) -> list[Person]:
    """The look-alikes a ``similar_person`` refusal named, in its order, for the warning."""
    found = Person.objects.visible_to(user).select_related("residence_unit").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _add_errors(form: PersonForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            if field == "birth_date":
                target = "birth_date_text"
            for error in errors:
                form.add_error(target, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


class PersonDeleteView(WriterRequiredMixin, View):
    template_name = "people/person_confirm_delete.html"

    def get_object(self) -> Person:
        return get_object_or_404(
            Person.objects.editable_by(self.request.user), pk=self.kwargs["pk"]
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(
            request, self.template_name, {"person": self.get_object(), "form": PersonDeleteForm()}
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = self.get_object()
        form = PersonDeleteForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"person": person, "form": form}, status=400)
        name = str(person)
        services.delete_person(request.user, person)
        messages.success(request, _("Đã xóa công dân %(name)s.") % {"name": name})
        return HttpResponseRedirect(reverse("people:list"))


EXPORT_HEADERS = (
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân",
    "Dân tộc",
    "Tôn giáo",
    "Trình độ học vấn",
    "Đơn vị",
    "Địa chỉ",
    "Số điện thoại",
    "Nghề nghiệp",
    "Nơi làm việc",
)


class PersonExportView(LoginRequiredMixin, View):
    """The current list (filters applied) as XLSX or CSV; numbers masked for leaders."""

    def get(self, request: HttpRequest) -> HttpResponse:
        fmt = request.GET.get("format", "xlsx")
        if fmt not in ("xlsx", "csv"):
            return HttpResponse(_("Định dạng xuất không hỗ trợ."), status=400)
        _filter, queryset = filtered_people(request)
        show = can_see_personal_numbers(request.user)
        rows = (
            (
                p.full_name,
                p.birth_date_display,
                p.get_gender_display(),
                p.id_number if show else mask_number(p.id_number),
                p.ethnicity,
                p.religion,
                p.get_education_level_display() if p.education_level is not None else "",
                p.residence_unit.label,
                p.address,
                p.phone if show else mask_number(p.phone),
                p.occupation,
                p.workplace,
            )
            for p in queryset[:EXPORT_LIMIT].iterator(chunk_size=2000)
        )
        headers = [_(h) for h in EXPORT_HEADERS]
        if fmt == "xlsx":
            body = to_xlsx(_("Công dân"), headers, rows)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body = to_csv(headers, rows)
            content_type = "text/csv; charset=utf-8"
        audit.record(
            request.user,
            audit.Action.EXPORT,
            object_repr=_("Danh sách công dân"),
            extra={"query": request.GET.urlencode(), "format": fmt},
        )
        response = HttpResponse(body, content_type=content_type)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="cong-dan-{stamp}.{fmt}"'
        return response
