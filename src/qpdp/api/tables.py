"""The officer's API tokens as a table (the token page)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from qpdp.api.models import ApiToken
from qpdp.core.tables import Table


class TokenTable(Table):
    name = tables.Column(verbose_name=_("Tên gợi nhớ"))
    prefix = tables.Column(verbose_name=_("Mã nhận diện"), attrs={"td": {"class": "mono"}})
    created_at = tables.DateTimeColumn(format="d/m/Y H:i", verbose_name=_("Ngày tạo"))
    expires_at = tables.DateTimeColumn(format="d/m/Y H:i", verbose_name=_("Hết hạn"))
    last_used_at = tables.DateTimeColumn(format="d/m/Y H:i", verbose_name=_("Dùng lần cuối"))
    state = tables.Column(accessor="pk", verbose_name=_("Tình trạng"))
    revoke = tables.Column(accessor="pk", verbose_name="", empty_values=())

    class Meta(Table.Meta):
        empty_text = _("Bạn chưa có mã truy cập nào.")

    def render_prefix(self, value: str) -> str:
        return f"{value}…"

    def render_state(self, record: ApiToken) -> Any:
        if record.revoked_at:
            return _("Đã thu hồi")
        return _("Đang dùng") if record.is_active else _("Hết hạn")

    def render_revoke(self, record: ApiToken) -> str:
        if not record.is_active:
            return ""
        return format_html(
            '<a class="button danger" href="{}">{}</a>',
            reverse("api_tokens:revoke", args=[record.pk]),
            _("Thu hồi"),
        )
