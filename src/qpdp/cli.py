"""The ``qpdp`` command: django-admin with QPĐP's settings."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qpdp.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from qpdp.startup import require_secret_key

    try:
        require_secret_key()
    except ImproperlyConfigured as refusal:
        sys.exit(str(refusal))
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
