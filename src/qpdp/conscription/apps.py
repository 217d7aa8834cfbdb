from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConscriptionConfig(AppConfig):
    name = "qpdp.conscription"
    label = "conscription"
    verbose_name = _("Nghĩa vụ quân sự")

    def ready(self) -> None:
        from qpdp.conscription import signals  # noqa: F401  (the stored pools' refresh)
