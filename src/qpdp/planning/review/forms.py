"""Forms of the review pages: the unit and year a dashboard shows, and the ranking weights."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qpdp.core import indicators
from qpdp.core.access import AnyUser, User, scope_units
from qpdp.core.units import Unit, UnitKind, UnitQuerySet
from qpdp.planning.figures import default_year

FIRST_YEAR = 2020  # the demo's residence history starts here; nothing earlier is recorded


def dashboard_units(user: AnyUser) -> UnitQuerySet:
    """The units the selector lists: those above commune level in scope, and the user's own.

    Any unit in scope can be shown (a ward is reached from its city's page); listing every
    commune of the country in one select would not help anyone.
    """
    units = scope_units(user).exclude(kind__in=[UnitKind.COMMUNE, UnitKind.ORGANISATION])
    if isinstance(user, User) and user.unit_id is not None:
        units = units | Unit.objects.filter(pk=user.unit_id)
    return units.order_by("path")


class ReviewFilterForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị"))
    year = forms.TypedChoiceField(coerce=int, label=_("Năm"))
    issued_on = forms.DateField(
        label=_("Ngày ban hành"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text=_("Để trống: hôm nay, hoặc 31/01 năm sau nếu năm báo cáo đã qua."),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = scope_units(user)
        listed = list(dashboard_units(user))
        chosen = self.data.get("unit") if self.is_bound else None
        if chosen and str(chosen).isdigit() and all(str(u.pk) != chosen for u in listed):
            listed += list(scope_units(user).filter(pk=int(chosen)))
        unit_field.widget.choices = [(u.pk, f"{'— ' * u.depth}{u.label}") for u in listed]
        this_year = timezone.localdate().year
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = [(y, str(y)) for y in range(this_year + 1, FIRST_YEAR - 1, -1)]


def selection_form(user: AnyUser, query: Mapping[str, Any]) -> ReviewFilterForm:
    """The form bound to ``?unit=&year=``, a missing unit or year filled with the defaults: the
    user's unit (or the first in scope) and its latest year. Pages and the API share it."""
    default = getattr(user, "unit", None) or dashboard_units(user).first()
    unit_raw = query.get("unit") or (default.pk if default is not None else "")
    year_raw = query.get("year", "")
    if not year_raw and str(unit_raw).isdigit():
        chosen = Unit.objects.filter(pk=int(unit_raw)).first()
        year_raw = str(default_year(chosen, timezone.localdate())) if chosen is not None else ""
    data = {"unit": unit_raw, "year": year_raw, "issued_on": query.get("ngay", "")}
    return ReviewFilterForm(data, user=user)


class WeightsForm(forms.Form):
    """One weight per declared indicator (0 leaves it out of the score)."""

    def __init__(
        self,
        *args: Any,
        initial_weights: Mapping[str, Decimal],
        initial_tie_break: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tie_break"] = forms.ChoiceField(
            label=_("Phân định đơn vị bằng điểm theo"),
            choices=[("", _("Không phân định: các đơn vị bằng điểm đồng hạng"))]
            + [(i.code, i.label) for i in indicators.all_indicators()],
            required=False,
            initial=initial_tie_break or "",
            help_text=_(
                "Chỉ số mà chỉ huy trưởng chọn để xếp các đơn vị bằng điểm; báo cáo ghi rõ cách "
                "phân định."
            ),
        )
        for indicator in indicators.all_indicators():
            self.fields[indicator.code] = forms.DecimalField(
                label=indicator.label,
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=6,
                decimal_places=2,
                initial=initial_weights.get(indicator.code, Decimal(0)),
                help_text=indicator.unit_of_measure,
            )

    def weights(self) -> dict[str, Decimal]:
        return {code: value for code, value in self.cleaned_data.items() if code != "tie_break"}

    def tie_break(self) -> str | None:
        return self.cleaned_data["tie_break"] or None


class LimitationsForm(forms.Form):
    """The review's "Tồn tại, hạn chế", one item a line; blank goes back to the generated one."""

    text = forms.CharField(
        label=_("Tồn tại, hạn chế"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Mỗi dòng là một ý của báo cáo. Gợi ý sẵn từ các chỉ số chưa đạt chỉ tiêu; để trống "
            "để báo cáo dùng lại phần gợi ý."
        ),
    )
