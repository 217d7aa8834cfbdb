"""Who sees and changes what: roles, unit scope, masking. The only place that decides it.

Every account belongs to one unit and has one role. Scope follows the territory through
reforms: an account of a unit also sees the records of the units merged into it, so the new
Kinh Bắc ward keeps the archives of the six wards it replaced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.models import AbstractUser, AnonymousUser, UserManager
from django.core.exceptions import PermissionDenied
from django.db import models
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
    if not isinstance(user, User):
        return Unit.objects.none()
    if is_admin(user):
        return Unit.objects.all()
    if user.unit is None:
        return Unit.objects.none()
    roots = scope_roots(user)
    if user.role == Role.STAFF:
        hosted = Unit.objects.filter(parent__in=roots, kind=UnitKind.ORGANISATION)
        return Unit.objects.subtree_of(roots, exact=True) | hosted
    return Unit.objects.subtree_of(roots)


def scope_roots(user: User) -> list[Unit]:
    """The user's unit and all its predecessors (none without a unit): the roots of the scope.
    The predecessor walk is cached for the life of the user object, so the home page's panels
    walk it once between them."""
    if user.unit is None:
        return []
    roots: list[Unit] | None = getattr(user, "_qpdp_scope_roots", None)
    if roots is None:
        roots = [user.unit, *user.unit.predecessors()]
        user._qpdp_scope_roots = roots  # type: ignore[attr-defined]  # a per-object cache
    return roots


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
        return models.Q(**{f"{field}__in": scope_units(user).values("pk")})


def check_unit_writable(user: AnyUser, unit: Unit) -> None:
    """Refuse a write into a unit outside the user's scope (a forged unit id in a form)."""
    if not can_write(user) or not scope_units(user).filter(pk=unit.pk).exists():
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
