"""Tests of the import engine: pure, no database.

They also run without pytest-django (``-p no:django``); the translated messages then need
minimal settings, configured here only when nothing else has configured Django.
"""

from __future__ import annotations

import os

from django.conf import settings

if not settings.configured and "DJANGO_SETTINGS_MODULE" not in os.environ:
    settings.configure(USE_I18N=False)
