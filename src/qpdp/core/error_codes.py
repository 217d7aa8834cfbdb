"""Codes of the refusals the shared kernel raises, and the exception that carries one from pure
code (a rule, a reader) to the service that turns it into a ``ValidationError``.

A code is what a program acts on; the Vietnamese message is what an officer reads. Every app
lists its own codes in ``<app>/error_codes.py`` the same way; a value never changes once
published (API clients match on it).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError


class ErrorCode(StrEnum):
    ID_NUMBER_FORMAT = "id_number_format"
    """A personal id number that is not exactly twelve digits."""
    ID_NUMBER_PROVINCE = "id_number_province"
    """The first three digits name no province of birth registration."""
    ID_NUMBER_GENDER = "id_number_gender"
    """The fourth digit (century and gender) contradicts the gender entered."""
    ID_NUMBER_BIRTH_YEAR = "id_number_birth_year"
    """The number encodes another birth year than the one entered."""
    LEGACY_ID_NUMBER_FORMAT = "legacy_id_number_format"
    """An old identity card (CMND) number that is not exactly nine digits."""
    UNIT_EXISTS = "unit_exists"
    """A unit of the same code, level and start of validity exists."""
    UNIT_VALIDITY_ORDER = "unit_validity_order"
    ACCOUNT_UNIT_REQUIRED = "account_unit_required"
    """Every account but an administrator's belongs to a unit."""
    STALE = "stale"
    """Someone else saved the record after the caller read it (optimistic locking)."""
    CONFLICT = "conflict"
    """Two writers raced for the same unique value; the loser is told to reload and retry."""
    SECOND_FACTOR_REQUIRED = "second_factor_required"
    """A session that still owes its second factor called the API."""
    OTP_WRONG = "otp_wrong"
    """A second-factor code that does not match."""
    OTP_THROTTLED = "otp_throttled"
    """Too many wrong second-factor codes: wait before the next try."""
    NOT_FOUND = "not_found"
    """An API address that does not exist (DRF's own code for a missing record)."""
    SERVER_ERROR = "server_error"
    DATABASE_BUSY = "database_busy"
    """SQLite stayed locked by a long write (an import) past the wait: try again shortly."""
    REFUSED_FOR_PERSON = "refused_for_person"
    """A bulk action's refusal for one person whose own refusal carried no single code."""
    PARAMETER_NOT_NEW = "parameter_not_new"
    """A dated parameter is changed by a new row from its day; an existing row only by a
    correction."""
    CORRECTION_REASON_REQUIRED = "correction_reason_required"
    """A correction of a dated parameter's row says why it was wrong."""
    CORRECTION_NOT_CONFIRMED = "correction_not_confirmed"
    """A correction rewrites the days the row already answered for: the caller confirms it."""
    CORRECTION_CHANGES_NOTHING = "correction_changes_nothing"


class CodedError(Exception):
    """A refusal raised where Django is not (pure rules, file readers), with its code.

    ``message`` is shown to the officer as it is; ``as_validation_error`` is the same refusal
    in the form services raise.
    """

    def __init__(self, message: Any, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)

    def as_validation_error(self) -> ValidationError:
        return ValidationError(str(self.message), code=self.code)
