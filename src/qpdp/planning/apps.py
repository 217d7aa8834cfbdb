from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "qpdp.planning"
    verbose_name = _("Kế hoạch và tổng kết")

    def ready(self) -> None:
        from qpdp.planning import generation

        generation.connect()  # writes to what the indicators read make stored figures stale
