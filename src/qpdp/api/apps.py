from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "qpdp.api"
    verbose_name = _("Giao diện lập trình (API)")

    def ready(self) -> None:
        from qpdp.api import schema  # noqa: F401  # registers the bearer scheme with drf-spectacular
