from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "qpdp.imports"
    verbose_name = _("Nhập, xuất dữ liệu")

    def ready(self) -> None:
        from qpdp.core.retention import Rule, register
        from qpdp.imports.services import prune_imported_rows

        label = _("dòng đã nhập (để hoàn tác)")
        register(Rule(label, "QPDP_IMPORT_ROWS_RETENTION_DAYS", prune_imported_rows))
