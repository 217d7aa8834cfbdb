from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReservesConfig(AppConfig):
    name = "qpdp.reserves"
    label = "reserves"
    verbose_name = _("Lực lượng dự bị động viên")
