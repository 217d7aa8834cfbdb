"""The navigation: every domain of local defense work, built or still to come."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import can_see_personal_numbers, can_write, is_admin

# (url name or None while the module is being built, label)
DOMAINS = (
    ("people:list", _("Công dân")),
    ("conscription:home", _("Nghĩa vụ quân sự")),
    ("militia:home", _("Dân quân tự vệ")),
    ("reserves:home", _("Dự bị động viên")),
    ("education:home", _("Giáo dục QP-AN")),
    ("welfare:home", _("Hậu phương quân đội")),
    ("awards:home", _("Thi đua, khen thưởng")),
    ("planning:home", _("Kế hoạch, tổng kết")),
    ("imports:home", _("Nhập, xuất dữ liệu")),
)


def _link(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "nav_domains": [(label, _link(name)) for name, label in DOMAINS],
        "user_can_write": can_write(user),
        "user_is_admin": is_admin(user),
        "user_sees_numbers": can_see_personal_numbers(user),
    }
