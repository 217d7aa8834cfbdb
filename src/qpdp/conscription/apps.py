from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConscriptionConfig(AppConfig):
    name = "qpdp.conscription"
    label = "conscription"
    verbose_name = _("Nghĩa vụ quân sự")
