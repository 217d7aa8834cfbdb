"""The API's documentation: drf-spectacular's own Swagger UI, served from local files.

The UI's scripts come from drf-spectacular-sidecar through the application's static files (the
machines may be offline, and the site's Content-Security-Policy forbids a CDN), and the split
view delivers its start-up code as a script file of its own, so no inline script runs.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(LoginRequiredMixin, SpectacularSwaggerSplitView):
    """Swagger UI for a signed-in officer; the schema it reads is scoped like every API call."""

    url_name = "api:schema"
    template_name = "api/swagger_ui.html"
    title = "QPĐP API"
