"""Codes of the API's own refusals; the workflows' are in each app's ``error_codes``."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    INVALID_SORT = "invalid_sort"
    WARD_NOT_IN_CYCLE = "ward_not_in_cycle"
    """The ward is not in the cycle's territory or not in the caller's scope."""
    TOKEN_NAME_REQUIRED = "token_name_required"
    TOKEN_DURATION = "token_duration"
    """A token must live between one day and a year."""
    TOKEN_LIMIT = "token_limit"
    """The account already has the most tokens in force it may have."""
    INVALID_DATE = "invalid_date"  # a date in the query string that is not a date
