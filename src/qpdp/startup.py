"""Checks made before ``qpdp`` or the WSGI application starts: a production process never runs on
the published development key.

Settings only pick the key; refusing lives here, in the two entry points, so the test suite
(pytest-django loads the settings itself) keeps the development key without debugging on.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = (
    "QPĐP không khởi động: chưa đặt khóa bí mật. Đặt biến môi trường QPDP_SECRET_KEY "
    "(hoặc QPDP_SECRET_KEY_FILE trỏ tới tệp chứa khóa), hoặc QPDP_DEBUG=1 khi chạy thử.\n"
    "QPĐP refuses to start: no secret key. Set QPDP_SECRET_KEY (or QPDP_SECRET_KEY_FILE, a file "
    "holding the key), or QPDP_DEBUG=1 for a trial run.\n"
    "Tạo khóa / make one: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
)


def require_secret_key() -> None:
    """Raise ImproperlyConfigured when debugging is off and no key was given."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(MISSING_SECRET_KEY)
