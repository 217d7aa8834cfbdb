"""The WSGI application gunicorn serves (deploy/gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

from qpdp.startup import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qpdp.settings")
require_secret_key()
application = get_wsgi_application()
