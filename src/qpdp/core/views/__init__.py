"""The page kit: generic, declarative views every app builds its pages from.

``ListView`` (filters, table, pages without a full COUNT, htmx, export), ``DetailView``,
``ServiceFormView`` (a form whose data a service saves; ``ConfirmedFormView`` shows what the save
will write and asks first), ``BulkActionView`` (ticked records, an action confirmed on a second
page), ``DownloadView`` / ``download_response`` (every file audited), and the role mixins.
docs/adding-a-registry.md shows a complete page set.
"""

from qpdp.core.views.bulk import BulkActionView
from qpdp.core.views.detail import DetailView
from qpdp.core.views.downloads import DOCX, Download, DownloadView, download_response, stamped
from qpdp.core.views.errors import api_error, is_api, not_found, server_error
from qpdp.core.views.forms import ConfirmedFormView, ServiceFormView
from qpdp.core.views.lists import ListView, table_download
from qpdp.core.views.mixins import (
    CommanderRequiredMixin,
    HtmxPartialMixin,
    WriterRequiredMixin,
    wants_partial,
)
from qpdp.core.views.pages import AuditLogView, HomeView, UnitSearchView

__all__ = [
    "DOCX",
    "AuditLogView",
    "BulkActionView",
    "CommanderRequiredMixin",
    "ConfirmedFormView",
    "DetailView",
    "Download",
    "DownloadView",
    "HomeView",
    "HtmxPartialMixin",
    "ListView",
    "ServiceFormView",
    "UnitSearchView",
    "WriterRequiredMixin",
    "api_error",
    "download_response",
    "is_api",
    "not_found",
    "server_error",
    "stamped",
    "table_download",
    "wants_partial",
]
