"""Helpers of the education, welfare and awards tests: a refusal with its code that leaves the
given tables (and the audit log) as they were."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Model

from qpdp.core.audit import AuditEntry


def codes(error: ValidationError) -> set[str]:
    """Every code a (field or plain) validation error carries."""
    if hasattr(error, "error_dict"):
        return {e.code or "" for errors in error.error_dict.values() for e in errors}
    return {e.code or "" for e in error.error_list}


@contextmanager
def refused(code: str, *models: type[Model], field: str | None = None) -> Iterator[None]:
    """The block raises ``ValidationError`` with ``code`` (on ``field`` when given) and adds or
    removes no row of ``models`` or of the audit log."""
    tables = (*models, AuditEntry)
    before = {m.__name__: m._default_manager.count() for m in tables}
    with pytest.raises(ValidationError) as caught:
        yield
    assert code in codes(caught.value), caught.value
    if field is not None:
        assert field in caught.value.message_dict, caught.value
    assert {m.__name__: m._default_manager.count() for m in tables} == before


@contextmanager
def audited(count: int = 1) -> Iterator[None]:
    """The block writes exactly ``count`` audit entries."""
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    assert AuditEntry.objects.filter(pk__gt=last).count() == count
