"""Every write to what the pool's rules read refreshes the stored pools (``pool_store``): a
person's own data and residence, his registration, examinations, decisions, orders and
discharge, Art. 13 measures, Art. 4.4 recognition and volunteering. Bulk writes that send no
signals send ``core.bulk.rows_written`` (imports run in ``core.bulk.bulk_writes``, which sends
it at its end); that signal, like a change of the unit tree, drops every stored pool."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from qpdp.conscription.models import (
    BarringMeasure,
    CallUpOrder,
    Decision,
    Discharge,
    HealthResult,
    Registration,
    ServiceRecognition,
    Volunteering,
)
from qpdp.conscription.services import pool_store
from qpdp.core.access import units_changed
from qpdp.core.bulk import rows_written
from qpdp.people.models import Person, Residence

# People whose deletion is under way: their records' deletions must not store them again
# (the rows would point at a person about to disappear).
_deleting: ContextVar[frozenset[int]] = ContextVar("qpdp_pool_deleting", default=frozenset())

_BY_PERSON = (
    Residence,
    Registration,
    HealthResult,
    Decision,
    CallUpOrder,
    BarringMeasure,
    ServiceRecognition,
    Volunteering,
)


def _refresh(person_id: int | None) -> None:
    if person_id is not None and person_id not in _deleting.get():
        pool_store.refresh_people([person_id])


@receiver(post_save, sender=Person)
def _person_saved(sender: Any, instance: Person, **kwargs: Any) -> None:
    _refresh(instance.pk)


@receiver(pre_delete, sender=Person)
def _person_deleting(sender: Any, instance: Person, **kwargs: Any) -> None:
    _deleting.set(_deleting.get() | {instance.pk})
    pool_store.forget_people([instance.pk])


@receiver(post_delete, sender=Person)
def _person_deleted(sender: Any, instance: Person, **kwargs: Any) -> None:
    _deleting.set(_deleting.get() - {instance.pk})


def _record_written(sender: Any, instance: Any, **kwargs: Any) -> None:
    _refresh(instance.person_id)


for _model in _BY_PERSON:
    post_save.connect(_record_written, sender=_model, dispatch_uid=f"pool:{_model.__name__}")
    post_delete.connect(_record_written, sender=_model, dispatch_uid=f"pool-del:{_model.__name__}")


@receiver(post_save, sender=Discharge)
@receiver(post_delete, sender=Discharge)
def _discharge_written(sender: Any, instance: Discharge, **kwargs: Any) -> None:
    _refresh(
        CallUpOrder.objects.filter(pk=instance.order_id).values_list("person_id", flat=True).first()
    )


@receiver(units_changed)
def _drop_stored_pools(sender: Any, **kwargs: Any) -> None:
    pool_store.invalidate()


@receiver(rows_written)
def _rows_written(sender: Any, **kwargs: Any) -> None:
    """A bulk write of what the pool reads (or of tables unknown: an import, a restore)."""
    if sender is None or sender in (Person, *_BY_PERSON, Discharge):
        pool_store.invalidate()
