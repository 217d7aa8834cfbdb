from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "qpdp.welfare"
    label = "welfare"
    verbose_name = _("Chính sách hậu phương quân đội")
