from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qpdp.core"
    label = "core"
    verbose_name = _("Dùng chung")

    def ready(self) -> None:
        from qpdp.core import signals  # noqa: F401  (login/logout audit receivers)
        from qpdp.core.retention import register_core_rules

        register_core_rules()
