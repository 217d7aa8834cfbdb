"""The list page of the kit: a scoped queryset, a filter set, a table, pages without a COUNT,
htmx re-rendering and the export, declared in a few lines.

    class PersonListView(ListView[Person]):
        model = Person
        filterset_class = PersonFilter
        table_class = PersonTable
        title = _("Công dân")
        export_slug = "cong-dan"

The queryset starts from ``model.objects.visible_to(user)``; the filter narrows it; the table
orders it (``?sort=``, a column alias); ``core.pagination`` cuts the page (one extra row, a
capped count); an htmx request gets only the table. ``?format=xlsx`` or ``csv`` writes the same
filtered, sorted list through the table's columns, audited by ``download_response``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

import django_filters
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from qpdp.core.exports import to_csv, to_xlsx
from qpdp.core.pagination import paginate
from qpdp.core.tables import Table
from qpdp.core.views.downloads import CONTENT_TYPES, Download, download_response, stamped
from qpdp.core.views.mixins import HtmxPartialMixin

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

EXPORT_LABELS: dict[str, StrOrPromise] = {
    "xlsx": gettext_lazy("Xuất Excel"),
    "csv": gettext_lazy("Xuất CSV"),
}


class ListView[M: Model](HtmxPartialMixin, LoginRequiredMixin, TemplateView):
    """A filtered, sorted, paginated list of the records the user may see, with its export.

    Declare ``model`` (or override ``get_queryset``), ``table_class``, optionally
    ``filterset_class`` (its extra arguments from ``get_filterset_kwargs``), ``title``,
    ``page_size`` and the export's ``export_slug`` / ``export_title`` / ``export_limit``.
    ``export_formats = ()`` turns the export off; ``export_only`` (through ``as_view``) makes a
    URL that only exports.
    """

    model: type[M]
    table_class: type[Table]
    filterset_class: type[django_filters.FilterSet] | None = None
    title: StrOrPromise = ""
    page_size = 50
    template_name = "core/list.html"
    partial_template_name = "core/table.html"
    export_formats: ClassVar[tuple[str, ...]] = ("xlsx", "csv")
    export_slug = "danh-sach"
    export_title: StrOrPromise = ""  # what the audit log says was exported (default: title)
    export_limit: int | None = None
    export_only = False

    request: HttpRequest

    def get_queryset(self) -> QuerySet[M]:
        return self.model.objects.visible_to(self.request.user)  # type: ignore[attr-defined]  # ScopedQuerySet's manager

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {}

    @cached_property
    def filterset(self) -> django_filters.FilterSet | None:
        if self.filterset_class is None:
            return None
        return self.filterset_class(
            self.request.GET or None,
            queryset=self.get_queryset(),
            request=self.request,  # a name search needs the user: who may search by number
            **self.get_filterset_kwargs(),
        )

    def filtered_queryset(self) -> QuerySet[M]:
        """The records the filter leaves (all the user may see while none is asked)."""
        found = self.filterset
        if found is None:
            return self.get_queryset()
        return found.qs if found.is_bound else found.queryset

    @cached_property
    def table(self) -> Table:
        """The table over the filtered records, sorted as ``?sort=`` asks (else its default)."""
        return self.table_class(
            self.filtered_queryset(),
            user=self.request.user,
            sort=self.request.GET.get("sort"),
            **self.get_table_kwargs(),
        )

    def get_table_kwargs(self) -> dict[str, Any]:
        """What the table needs beyond its records and the user (the page's cycle, say)."""
        return {}

    @property
    def list_id(self) -> str:
        """The id of the element htmx re-renders: ``person-table`` for ``Person``."""
        return f"{self.model._meta.model_name}-table"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.GET.get("format") or ("xlsx" if self.export_only else "")
        if fmt:
            if fmt not in self.export_formats:
                return HttpResponse(_("Định dạng xuất không hỗ trợ."), status=400)
            return download_response(request, self.export(fmt))
        return super().get(request, *args, **kwargs)

    def export(self, fmt: str) -> Download:
        """The whole filtered list (up to ``export_limit`` rows) through the table's columns."""
        records = self.table.ordered_data
        if self.export_limit is not None:
            records = records[: self.export_limit]
        title = str(self.title or self.model._meta.verbose_name_plural)
        return table_download(
            self.table, records, fmt, title, self.export_slug, self.export_title or title
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET
        page = paginate(
            self.table.ordered_data,
            query.get("page"),
            self.page_size,
            after=query.get("after"),
            before=query.get("before"),
        )
        self.table.show(page)
        context.update(
            title=self.title,
            filter=self.filterset,
            table=self.table,
            page=page,
            list_id=self.list_id,
            partial_template=self.partial_template_name,
            exports=[(fmt, EXPORT_LABELS[fmt]) for fmt in self.export_formats],
        )
        return context


def table_download(
    table: Table,
    records: Iterable[Any],
    fmt: str,
    title: str,
    slug: str,
    audit_title: StrOrPromise = "",
) -> Download:
    """``records`` written through ``table``'s export columns as ``fmt`` (``xlsx`` or ``csv``);
    a queryset is read in chunks. Lists computed in Python (a ward's pool) export this way too."""
    if isinstance(records, QuerySet):
        records = records.iterator(chunk_size=2000)
    rows = table.export_rows(records)
    if fmt == "xlsx":
        content = to_xlsx(title, table.export_header(), rows)
    else:
        content = to_csv(table.export_header(), rows)
    return Download(
        content=content,
        filename=stamped(slug, fmt),
        content_type=CONTENT_TYPES[fmt],
        title=audit_title or title,
        extra={"format": fmt},
    )
