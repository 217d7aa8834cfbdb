from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MilitiaConfig(AppConfig):
    name = "qpdp.militia"
    label = "militia"
    verbose_name = _("Dân quân tự vệ")
