from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "qpdp.planning"
    verbose_name = _("Kế hoạch và tổng kết")
