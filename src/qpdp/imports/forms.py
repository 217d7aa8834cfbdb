"""Forms of the import pages: the upload, and the column mapping for headers not recognised."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import AnyUser, scope_units
from qpdp.core.units import Unit
from qpdp.imports.error_codes import ErrorCode
from qpdp.imports.headers import IGNORE, ColumnMapping, ColumnStatus
from qpdp.imports.layouts import Layout, all_layouts

EXTENSIONS: Final = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")


def too_large_message() -> str:
    """Larger lists are imported with ``qpdp import`` on the server, which has no size limit."""
    return gettext(
        "Tệp lớn hơn %(size)s. Hãy chia nhỏ tệp hoặc nhờ quản trị viên nhập bằng lệnh "
        "qpdp import trên máy chủ."
    ) % {"size": filesizeformat(settings.QPDP_IMPORT_MAX_BYTES)}


class UploadForm(forms.Form):
    layout = forms.ChoiceField(label=_("Loại danh sách"))
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=_("Đơn vị"),
        help_text=_("Dòng không ghi xã, phường thì nhập vào đơn vị này."),
    )
    file = forms.FileField(
        label=_("Tệp danh sách"),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["layout"].choices = [(layout.code, layout.label) for layout in all_layouts()]  # type: ignore[attr-defined]
        units = scope_units(user).valid_on(timezone.localdate()).order_by("path")
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units
        self.fields["file"].help_text = gettext(
            "Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV; tối đa %(size)s."
        ) % {"size": filesizeformat(settings.QPDP_IMPORT_MAX_BYTES)}
        if getattr(user, "unit", None) is not None:
            unit_field.initial = user.unit  # type: ignore[union-attr]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.QPDP_IMPORT_MAX_BYTES:
            raise forms.ValidationError(too_large_message(), code=ErrorCode.FILE_TOO_LARGE)
        if Path(upload.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(
                _("Chỉ nhận tệp Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV."),
                code=ErrorCode.FILE_TYPE,
            )
        return upload


class MappingForm(forms.Form):
    """One choice per column with a header; the officer's choices win over automatic ones."""

    save = forms.BooleanField(
        label=_("Ghi nhớ cách ghép cột này cho các tệp cùng mẫu"), required=False, initial=True
    )

    def __init__(self, *args: Any, layout: Layout, mapping: ColumnMapping, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.layout = layout
        self.mapping = mapping
        choices = [(IGNORE, _("— Bỏ qua cột này —"))] + [
            (layout_field.name, layout_field.label) for layout_field in layout.fields
        ]
        for column in mapping.columns:
            initial = column.field if column.status is ColumnStatus.MATCHED else IGNORE
            self.fields[f"column_{column.index}"] = forms.ChoiceField(
                label=f"{column.letter}: {column.header}",
                choices=choices,
                initial=initial,
                required=False,
            )
        self.order_fields([*(f"column_{column.index}" for column in mapping.columns), "save"])

    def chosen(self) -> dict[str, str]:
        """Header key → field name (or ``IGNORE``) for every column, as a saved mapping."""
        chosen: dict[str, str] = {}
        for column in self.mapping.columns:
            target = self.cleaned_data.get(f"column_{column.index}") or IGNORE
            chosen[column.key] = target
        return chosen

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        targets = [cleaned.get(f"column_{column.index}") for column in self.mapping.columns]
        named = [target for target in targets if target and target != IGNORE]
        if len(named) != len(set(named)):
            raise forms.ValidationError(
                _("Hai cột không được ghép vào cùng một trường."), code=ErrorCode.COLUMN_TWICE
            )
        return cleaned
