"""Codes of the person registry's refusals (``ValidationError(message, code=…)``)."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    BIRTH_DATE_FORMAT = "birth_date_format"
    """Neither dd/mm/yyyy, yyyy-mm-dd, mm/yyyy nor a year."""
    BIRTH_DATE_IMPOSSIBLE = "birth_date_impossible"
    """A date that does not exist (31/02)."""
    BIRTH_YEAR_TOO_EARLY = "birth_year_too_early"
    BIRTH_DATE_FUTURE = "birth_date_future"
    PHONE_FORMAT = "phone_format"
    """Not a ten-digit mobile or an eleven-digit landline number."""
    SIMILAR_PERSON = "similar_person"
    """Someone with the same folded name, birth date and ward is registered; ``params["similar"]``
    holds their ids. Sent again with the officer's confirmation, the write goes through."""
    DUPLICATE_ID_NUMBER = "duplicate_id_number"
    """The personal id number belongs to another registered person."""
    PERSON_NOT_FOUND = "person_not_found"
    """No person with this identity number in the caller's scope (``forms.PersonNumberField``)."""
