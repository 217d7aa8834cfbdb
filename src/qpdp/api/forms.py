"""The form an officer fills to make an API token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qpdp.api.tokens import MAX_DAYS

DAYS_CHOICES = [
    (30, _("30 ngày")),
    (90, _("90 ngày")),
    (180, _("180 ngày")),
    (MAX_DAYS, _("1 năm")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_("Hệ thống sẽ dùng mã này, ví dụ: “Phần mềm thống kê của Ban CHQS”."),
    )
    days = forms.TypedChoiceField(label=_("Thời hạn"), choices=DAYS_CHOICES, coerce=int, initial=90)


class RevokeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận thu hồi mã này; hệ thống đang dùng nó sẽ bị từ chối ngay."),
        error_messages={"required": _("Đánh dấu ô xác nhận để thu hồi.")},
    )
