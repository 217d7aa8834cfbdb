"""Codes of the import engine's refusals: ``ValidationError``s of its workflows and forms, and
``ReadError``s of files that cannot be read as a table."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # Reading the file (readers.ReadError, headers)
    UNREADABLE = "unreadable"
    EMPTY = "empty"
    HTML = "html"
    """A web page saved with a spreadsheet's extension."""
    XML = "xml"
    """An XML spreadsheet (Excel 2003), which is not read."""
    UNKNOWN_FORMAT = "unknown_format"
    ZIP_RATIO = "zip_ratio"
    """Compressed far beyond what a table needs (a zip bomb)."""
    ZIP_TOO_LARGE = "zip_too_large"
    CORRUPT = "corrupt"
    UNKNOWN_ZIP = "unknown_zip"
    """A zip archive that is neither XLSX nor ODS."""
    PASSWORD = "password"
    """The workbook is protected by a password."""
    NO_SHEET = "no_sheet"
    CORRUPT_CSV = "corrupt_csv"
    NO_HEADER = "no_header"
    """No header row found in the first rows."""
    # Uploading and mapping
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE = "file_type"
    COLUMN_TWICE = "column_twice"
    """Two columns mapped to the same field."""
    MAPPING_INCOMPLETE = "mapping_incomplete"
    """A required field has no column."""
    # Runs
    LAYOUT_UNKNOWN = "layout_unknown"
    RUN_STATUS = "run_status"
    """The run is in a status that does not allow the action."""
    FILE_GONE = "file_gone"
    """The run's stored upload is missing or was replaced."""
    MODE_UNKNOWN = "mode_unknown"
    ROWS_REJECTED = "rows_rejected"
    """All-or-nothing was asked for and some rows have errors: nothing was written."""
    JOB_RUNNING = "job_running"
    NOT_RESTARTABLE = "not_restartable"
    UNDO_CHANGED_SINCE = "undo_changed_since"
    """People of the run were changed or deleted after it: it cannot be undone."""
    UNDO_PROTECTED = "undo_protected"
    """People of the run have records in other registries."""
    UNDO_EXPIRED = "undo_expired"
    """The run's links were pruned (``QPDP_IMPORT_ROWS_RETENTION_DAYS``): nothing to undo by."""
