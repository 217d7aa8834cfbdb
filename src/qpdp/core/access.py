"""Who sees and changes what: roles, unit scope, masking. The only place that decides it.

Every account belongs to one unit and has one role. Scope follows the territory through
reforms: an account of a unit also sees the records of the units merged into it, so the new
Kinh Bắc ward keeps the archives of the six wards it replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.models import AbstractUser, AnonymousUser, UserManager
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from qpdp.core.error_codes import ErrorCode
from qpdp.core.units import Unit, UnitKind, UnitQuerySet

if TYPE_CHECKING:
    from django.db.models import Model


class Role(models.TextChoices):
    ADMINISTRATOR = "admin", _("Quản trị hệ thống")
    COMMANDER = "commander", _("Chỉ huy (đọc, ghi toàn đơn vị và cấp dưới)")
    STAFF = "staff", _("Cán bộ (đọc, ghi đơn vị mình)")
    LEADER = "leader", _("Lãnh đạo (chỉ xem, báo cáo)")


class AccountManager(UserManager["User"]):
    """Django's manager, with ``createsuperuser`` making an administrator: the one role that
    needs no unit, so the first account of a fresh installation can exist before any unit."""

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """An account: one unit, one role."""

    objects: ClassVar[AccountManager] = AccountManager()

    unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name=_("đơn vị"),
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.STAFF)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(unit__isnull=False),
                name="user_unit_required_unless_admin",
                violation_error_message=_("Tài khoản không phải quản trị phải thuộc một đơn vị."),
                violation_error_code=ErrorCode.ACCOUNT_UNIT_REQUIRED,
            )
        ]


AnyUser = User | AnonymousUser


def is_admin(user: AnyUser) -> bool:
    return isinstance(user, User) and (user.is_superuser or user.role == Role.ADMINISTRATOR)


def _not_leader(user: AnyUser) -> bool:
    return isinstance(user, User) and (is_admin(user) or user.role != Role.LEADER)


def can_write(user: AnyUser) -> bool:
    """Leaders read; every other role writes within its scope."""
    return _not_leader(user)


def can_see_personal_numbers(user: AnyUser) -> bool:
    """Leaders read dashboards and reports; they have no need for identity numbers or phones."""
    return _not_leader(user)


def is_commander(user: AnyUser) -> bool:
    """Commanders (and administrators) set cycles and quotas, approve plans, hand down targets
    and lock a year's figures; a ward's staff does not."""
    return is_admin(user) or (isinstance(user, User) and user.role == Role.COMMANDER)


def require_writer(user: AnyUser) -> None:
    """Refuse a write by a role that only reads (leaders), before any form is looked at."""
    if not can_write(user):
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))


def scope_units(user: AnyUser) -> UnitQuerySet:
    """The units whose records ``user`` may read (and, unless a leader, write).

    Administrators: everything. Commanders and leaders: their unit's subtree and the subtrees of
    its predecessors. Staff: their unit and its predecessors, without children other than the
    host organisations (agencies, enterprises) directly under them: the commune's military command
    oversees the self-defense units of the agencies and enterprises of its territory.
    """
    if is_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=scope_unit_ids(user))


def scope_unit_ids(user: AnyUser) -> tuple[int, ...]:
    """The ids of :func:`scope_units` for a non-administrator, as a literal list.

    Filtering a large table by a literal list of ids lets PostgreSQL estimate the rows (a
    subquery over the unit tree made it expect hundreds for 420,000 and sort them all), and the
    list is computed once per unit, role and change of the unit tree: see :func:`_scope`.
    """
    if not isinstance(user, User) or user.unit is None:
        return ()
    return _scope(user).unit_ids


def scope_roots(user: User) -> list[Unit]:
    """The user's unit and all its predecessors (none without a unit): the roots of the scope."""
    if user.unit is None:
        return []
    return list(_scope(user).roots)


@dataclass(frozen=True)
class _Scope:
    roots: tuple[Unit, ...]
    unit_ids: tuple[int, ...]


SCOPE_CACHE_SECONDS = 300
"""How long a worker may keep a scope after the unit tree changed elsewhere, when the cache is
local to each process (no ``QPDP_CACHE_URL``). A change in the same process, and any change
with a shared cache, takes effect at once: every unit or succession write bumps the tree's
generation, which is part of the key."""

_GENERATION_KEY = "qpdp:units:generation"

units_changed = Signal()
"""Sent by ``unit_tree_changed``: what other apps keep per unit (the stored pools) is stale."""


def unit_tree_changed() -> None:
    """Make every cached scope stale and tell other apps (``units_changed``): called on each
    unit and succession write (signals) and by the bulk loaders that bypass signals."""
    units_changed.send(sender=Unit)
    forget_scopes()


def forget_scopes() -> None:
    """Make every cached scope stale (a restore replaces the unit tree under the cache)."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.add(_GENERATION_KEY, 1, timeout=None) or cache.incr(_GENERATION_KEY)


def _scope(user: User) -> _Scope:
    """The roots and unit ids of ``user``'s scope: kept in Django's cache across requests
    (successions change only at reforms, so walking them on every request cost three queries for
    nothing) and on the user object while the unit tree's generation holds (a long command that
    adds units, such as a demo, sees them at once)."""
    generation = cache.get(_GENERATION_KEY, 0)
    memo: tuple[int, _Scope] | None = getattr(user, "_qpdp_scope", None)
    if memo is not None and memo[0] == generation:
        return memo[1]
    key = f"qpdp:scope:{generation}:{user.unit_id}:{user.role}"
    scope = cache.get(key)
    if scope is None:
        scope = _compute_scope(user)
        cache.set(key, scope, SCOPE_CACHE_SECONDS)
    user._qpdp_scope = (generation, scope)  # type: ignore[attr-defined]  # a per-object memo
    return scope


def _compute_scope(user: User) -> _Scope:
    assert user.unit is not None
    roots = [user.unit, *user.unit.predecessors()]
    if user.role == Role.STAFF:
        hosted = Unit.objects.filter(parent__in=roots, kind=UnitKind.ORGANISATION)
        units = Unit.objects.subtree_of(roots, exact=True) | hosted
    else:
        units = Unit.objects.subtree_of(roots)
    ids = tuple(sorted(units.values_list("pk", flat=True)))
    return _Scope(roots=tuple(roots), unit_ids=ids)


class ScopedQuerySet(models.QuerySet):
    """A queryset of records that belong to a unit, declared by ``unit_field`` on the model."""

    def visible_to(self, user: AnyUser) -> ScopedQuerySet:
        if not user.is_authenticated:
            return self.none()
        if is_admin(user):
            return self
        return self.filter(self._scope_condition(user))

    def editable_by(self, user: AnyUser) -> ScopedQuerySet:
        if not can_write(user):
            return self.none()
        return self.visible_to(user)

    def _scope_condition(self, user: AnyUser) -> models.Q:
        field = self.model.unit_field  # type: ignore[attr-defined]
        return models.Q(**{f"{field}__in": scope_unit_ids(user)})


def check_unit_writable(user: AnyUser, unit: Unit) -> None:
    """Refuse a write into a unit outside the user's scope (a forged unit id in a form)."""
    if not can_write(user) or not (is_admin(user) or unit.pk in scope_unit_ids(user)):
        raise PermissionDenied(_("Bạn không có quyền ghi dữ liệu cho đơn vị này."))


def check_object_writable(user: AnyUser, obj: Model) -> None:
    manager = type(obj)._default_manager
    if not manager.all().editable_by(user).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied(_("Bạn không có quyền sửa bản ghi này."))


def mask_number(value: str | None, *, keep: int = 3) -> str:
    """Show only the last ``keep`` digits: 027205001234 → *********234."""
    if not value:
        return ""
    return "*" * max(len(value) - keep, 0) + value[-keep:]
