"""The org-unit tree: administrative units and host organisations, with validity and successions.

Codes are reused across reforms (new Kinh Bắc ward carries 09187, the code of old Suối Hoa), so a
unit is identified by its code *and* its validity period. Each unit stores a materialised path of
fixed-width id segments: a subtree is one indexed range query on ``path``, never recursion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from qpdp.core.error_codes import ErrorCode
from qpdp.core.vietnamese import clean_text, fold

SEGMENT = 8  # digits per path segment: room for 99,999,999 units
REFORM_DATE = dt.date(2025, 7, 1)  # Law 98/2025/QH15 and Resolution 202/2025/QH15 in force


def path_segment(pk: int) -> str:
    return str(pk).zfill(SEGMENT)


def path_upper_bound(path: str) -> str:
    """The smallest path greater than every descendant of ``path`` (same width, digits only).

    Digit-only strings of equal width compare the same way under any collation, so the range
    ``[path, upper)`` is safe on PostgreSQL's default collation and on SQLite alike.
    """
    return str(int(path) + 1).zfill(len(path))


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/thành phố")
    DISTRICT = "district", _("Huyện/quận/thị xã/thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã/phường/đặc khu")
    ORGANISATION = "organisation", _("Cơ quan, tổ chức, doanh nghiệp")


class UnitQuerySet(models.QuerySet["Unit"]):
    def valid_on(self, day: dt.date) -> UnitQuerySet:
        """Units that existed on ``day``."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def current(self) -> UnitQuerySet:
        return self.filter(valid_to__isnull=True)

    def subtree_of(self, units: Iterable[Unit], *, exact: bool = False) -> UnitQuerySet:
        """The given units and (unless ``exact``) all their descendants, in one indexed query."""
        condition = Q(pk__in=[])
        for unit in units:
            if exact:
                condition |= Q(pk=unit.pk)
            else:
                condition |= Q(path__gte=unit.path, path__lt=path_upper_bound(unit.path))
        return self.filter(condition)

    def by_code(self, code: str, *, on: dt.date | None = None) -> UnitQuerySet:
        """Units with ``code``; with ``on``, only the one valid that day."""
        qs = self.filter(code=code)
        return qs.valid_on(on) if on else qs


class Unit(models.Model):
    """An administrative unit (province, district, commune) or a host organisation."""

    code = models.CharField(_("mã"), max_length=16)
    name = models.CharField(_("tên"), max_length=200)
    type_label = models.CharField(_("loại"), max_length=40, blank=True)
    kind = models.CharField(_("cấp"), max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    path = models.CharField(max_length=8 * SEGMENT, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    search_key = models.CharField(max_length=200, editable=False)
    source = models.CharField(_("nguồn"), max_length=40, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                "code",
                "kind",
                models.functions.Coalesce("valid_from", models.Value(dt.date(1, 1, 1))),
                name="unit_code_kind_valid_from_unique",
                violation_error_message=_("Đã có đơn vị cùng mã, cùng cấp và cùng ngày hiệu lực."),
                violation_error_code=ErrorCode.UNIT_EXISTS,
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
                violation_error_code=ErrorCode.UNIT_VALIDITY_ORDER,
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = clean_text(self.name)
        self.search_key = fold(f"{self.type_label} {self.name}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        expected = (self.parent.path if self.parent else "") + path_segment(self.pk)
        if self.path != expected:
            old_path, old_depth = self.path, self.depth
            self.path = expected
            self.depth = len(expected) // SEGMENT - 1
            Unit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old_path:  # re-parented: move the whole subtree in one statement
                Unit.objects.filter(path__gt=old_path, path__lt=path_upper_bound(old_path)).update(
                    path=Concat(models.Value(expected), Substr("path", len(old_path) + 1)),
                    depth=models.F("depth") + (self.depth - old_depth),
                )

    @property
    def label(self) -> str:
        """Name with its type ("Phường Kinh Bắc") and, for units no longer in force, the period."""
        full = f"{self.type_label} {self.name}".strip()
        if self.valid_to:
            return f"{full} ({_('đến')} {self.valid_to:%d/%m/%Y})"
        return full

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def ancestor_ids(self) -> list[int]:
        return [int(self.path[i : i + SEGMENT]) for i in range(0, len(self.path), SEGMENT)]

    def ancestors(self) -> UnitQuerySet:
        return Unit.objects.filter(pk__in=self.ancestor_ids()).order_by("depth")

    def subtree(self) -> UnitQuerySet:
        return Unit.objects.subtree_of([self])

    def predecessors(self) -> list[Unit]:
        """Every unit that was merged or split into this one, transitively (oldest last).

        Succession chains are short (2022 ward → interim ward → 2025 ward), so one query per
        generation is bounded by the number of reforms, not by the size of the tree.
        """
        found: dict[int, Unit] = {}
        frontier = [self.pk]
        while frontier:
            links = UnitSuccession.objects.filter(successor_id__in=frontier).select_related(
                "predecessor"
            )
            frontier = []
            for link in links:
                if link.predecessor_id not in found and link.predecessor_id != self.pk:
                    found[link.predecessor_id] = link.predecessor
                    frontier.append(link.predecessor_id)
        return list(found.values())

    def successors(self) -> UnitQuerySet:
        return Unit.objects.filter(predecessor_links__predecessor=self)


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")


class UnitSuccession(models.Model):
    """A link from a unit that ended to a unit that took over (all or part of) its territory."""

    predecessor = models.ForeignKey(
        Unit, models.CASCADE, related_name="successor_links", verbose_name=_("đơn vị cũ")
    )
    successor = models.ForeignKey(
        Unit, models.CASCADE, related_name="predecessor_links", verbose_name=_("đơn vị mới")
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=SuccessionKind.choices)
    effective = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sắp xếp đơn vị")
        verbose_name_plural = _("sắp xếp đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_succession_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
