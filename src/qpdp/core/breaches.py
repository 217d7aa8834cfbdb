"""What a domain rule returns instead of raising: a breach (a code a program can act on, the
Vietnamese reason, the article), or a flag on a record that is lawful to keep but needs the
officer's attention. Pure; the services turn a breach into a coded ``ValidationError``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.functional import Promise

type Text = str | Promise


@dataclass(frozen=True, slots=True)
class Breach:
    """A rule a proposed record breaks; ``field`` names the input at fault."""

    code: StrEnum
    message: Text
    article: Text
    field: str = "__all__"

    def __str__(self) -> str:
        return f"{self.message} ({self.article})."

    def error(self) -> ValidationError:
        """The refusal a service raises: field-keyed, coded, the article in the message."""
        return ValidationError({self.field: ValidationError(str(self), code=str(self.code))})


@dataclass(frozen=True, slots=True)
class Flag:
    """A condition of a kept record the officer should act on (past age, past term)."""

    code: str
    message: Text
    article: Text

    def __str__(self) -> str:
        return f"{self.message} ({self.article})."
