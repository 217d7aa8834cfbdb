"""Data approval: a unit declares its year's figures complete, the level above locks them
(keeping the snapshot) and may unlock them with a reason. The transitions are ``rules``'."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.core import audit
from qpdp.core.access import AnyUser, User, can_write, is_admin, is_commander
from qpdp.core.units import Unit
from qpdp.planning import rules
from qpdp.planning.figures import snapshot_rows
from qpdp.planning.models import DataApproval, IndicatorSnapshot
from qpdp.planning.rules import ApprovalAction, Capacity
from qpdp.planning.services._common import account, cleaned
from qpdp.planning.services.plans import check_unit_in_year


def capacities(user: AnyUser, unit: Unit) -> frozenset[Capacity]:
    """In which capacities ``user`` acts on ``unit``'s approval.

    The unit itself: an account (not a leader) of the unit or of the unit it was merged into,
    which keeps the archives. The level above: an administrator, or a commander of a unit whose
    territory holds ``unit``.
    """
    if not isinstance(user, User) or not can_write(user):
        return frozenset()
    if is_admin(user):
        return frozenset({Capacity.UNIT, Capacity.SUPERIOR})
    if user.unit is None:
        return frozenset()
    roots = [user.unit, *user.unit.predecessors()]
    if any(root.pk == unit.pk for root in roots):
        return frozenset({Capacity.UNIT})
    if is_commander(user) and any(
        unit.path.startswith(root.path) and unit.path != root.path for root in roots
    ):
        return frozenset({Capacity.SUPERIOR})
    return frozenset()


def approval_for(unit: Unit, year: int) -> DataApproval:
    """The unit's approval record for the year (unsaved and open if none was written yet)."""
    found = DataApproval.objects.filter(unit=unit, year=year).first()
    return found if found is not None else DataApproval(unit=unit, year=year)


@transaction.atomic
def act(
    user: AnyUser, unit: Unit, year: int, action: ApprovalAction, reason: str = ""
) -> DataApproval:
    """Apply one transition to ``unit``'s figures for ``year``, in one transaction.

    Locking takes the snapshot of every indicator for the unit and its children (replacing the
    one of an earlier lock); unlocking keeps the old snapshot until the next lock replaces it, and
    the reason goes into the note and the audit entry.
    """
    check_unit_in_year(unit, year)
    granted = capacities(user, unit)
    if not granted:
        raise PermissionDenied(_("Bạn không có quyền với số liệu của đơn vị này."))
    approval, _created = DataApproval.objects.select_for_update().get_or_create(
        unit=unit, year=year
    )
    reason = cleaned({"reason": reason})["reason"]
    try:
        status = rules.next_status(approval.status, action, granted, reason)
    except rules.TransitionRefused as exc:
        raise ValidationError(str(exc)) from exc
    before = audit.snapshot(approval)
    now = timezone.now()
    approval.status = status
    snapshot_count = None
    if action == ApprovalAction.COMPLETE:
        approval.completed_at, approval.completed_by = now, account(user)
    elif action == ApprovalAction.LOCK:
        approval.locked_at, approval.locked_by = now, account(user)
        approval.snapshots.all().delete()
        snapshot_count = len(IndicatorSnapshot.objects.bulk_create(snapshot_rows(approval)))
    elif action == ApprovalAction.UNLOCK:
        approval.unlocked_at, approval.unlocked_by = now, account(user)
        approval.note = reason
    elif action == ApprovalAction.REOPEN and reason:
        approval.note = reason
    approval.save()
    extra: dict[str, object] = {"action": str(action)}
    if reason:
        extra["reason"] = reason
    if snapshot_count is not None:
        extra["snapshot_rows"] = snapshot_count
    audit.record(
        user,
        audit.Action.UPDATE,
        approval,
        before=before,
        after=audit.snapshot(approval),
        unit=unit,
        extra=extra,
    )
    return approval


def complete(user: AnyUser, unit: Unit, year: int) -> DataApproval:
    return act(user, unit, year, ApprovalAction.COMPLETE)


def reopen(user: AnyUser, unit: Unit, year: int, reason: str = "") -> DataApproval:
    return act(user, unit, year, ApprovalAction.REOPEN, reason)


def lock(user: AnyUser, unit: Unit, year: int) -> DataApproval:
    return act(user, unit, year, ApprovalAction.LOCK)


def unlock(user: AnyUser, unit: Unit, year: int, reason: str) -> DataApproval:
    return act(user, unit, year, ApprovalAction.UNLOCK, reason)
