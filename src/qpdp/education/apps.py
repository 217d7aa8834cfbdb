from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "qpdp.education"
    label = "education"
    verbose_name = _("Giáo dục quốc phòng và an ninh")
