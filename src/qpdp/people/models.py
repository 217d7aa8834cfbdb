"""The one citizen registry: a person exists once; every other registry points here."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import (
    AnyUser,
    ScopedQuerySet,
    User,
    can_write,
    is_admin,
    scope_unit_ids,
)
from qpdp.core.dates import PartialDate
from qpdp.core.units import Unit
from qpdp.people.choices import BirthPrecision, EducationLevel, Gender
from qpdp.people.error_codes import ErrorCode


class PersonQuerySet(ScopedQuerySet):
    def _scope_condition(self, user: AnyUser) -> Q:
        """Current residents of the scope; for an abolished unit's account, its residents then.

        A unit in force sees the people registered in it (or in units merged into it) now. An
        account of an abolished unit (a 2022 ward) sees who lived there, through ``Residence``.
        Keeping the two apart keeps the common list an index scan on
        ``(residence_unit, roster_key)``: an OR with the residence history made PostgreSQL hash
        every residence row in scope, about a second per page at a million people.
        """
        units = scope_unit_ids(user)
        if isinstance(user, User) and user.unit is not None and user.unit.valid_to is not None:
            return Q(Exists(Residence.objects.filter(person=OuterRef("pk"), unit__in=units)))
        return Q(residence_unit__in=units)

    def listed_for(self, user: AnyUser) -> PersonQuerySet:
        """The people ``user`` may see, with the residence unit that every list, page and API
        answer shows beside the name (one join instead of a query per person)."""
        return self.visible_to(user).select_related("residence_unit")  # type: ignore[return-value]  # visible_to keeps the queryset's class

    def editable_by(self, user: AnyUser) -> PersonQuerySet:
        """Writes need the person's current residence in scope: history is read-only."""
        if not can_write(user):
            return self.none()
        if is_admin(user):
            return self
        return self.filter(residence_unit__in=scope_unit_ids(user))


class Person(models.Model):
    """A citizen: identity and personal data, held once."""

    unit_field = "residence_unit"

    # NULL, not "", for people without a number: the unique constraint ignores NULLs.
    id_number = models.CharField(  # noqa: DJ001
        _("số định danh cá nhân"), max_length=12, null=True, blank=True
    )
    legacy_id_number = models.CharField(_("số CMND cũ"), max_length=9, blank=True)
    family_name = models.CharField(_("họ"), max_length=40)
    middle_name = models.CharField(_("tên đệm"), max_length=60, blank=True)
    given_name = models.CharField(_("tên"), max_length=40)
    full_name = models.CharField(_("họ và tên"), max_length=150, editable=False)
    search_key = models.CharField(max_length=150, editable=False)
    roster_key = models.BinaryField(editable=False)
    birth_date = models.DateField(_("ngày sinh"))
    birth_precision = models.CharField(
        _("độ chính xác ngày sinh"),
        max_length=1,
        choices=BirthPrecision.choices,
        default=BirthPrecision.DAY,
    )
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=40, default="Kinh")
    religion = models.CharField(_("tôn giáo"), max_length=40, default="Không")
    education_level = models.PositiveSmallIntegerField(
        _("trình độ học vấn"), choices=EducationLevel.choices, null=True, blank=True
    )
    residence_unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="residents", verbose_name=_("nơi thường trú (đơn vị)")
    )
    address = models.CharField(_("địa chỉ"), max_length=250, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=11, blank=True)
    party_member = models.BooleanField(_("đảng viên"), default=False)
    occupation = models.CharField(_("nghề nghiệp"), max_length=120, blank=True)
    workplace = models.CharField(_("nơi làm việc, học tập"), max_length=200, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("công dân")
        verbose_name_plural = _("công dân")
        ordering = ["roster_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                name="person_id_number_unique",
                violation_error_message=_("Số định danh cá nhân này đã có trong hệ thống."),
                violation_error_code=ErrorCode.DUPLICATE_ID_NUMBER,
            ),
        ]
        indexes = [
            models.Index(fields=["residence_unit", "roster_key"], name="person_unit_roster_idx"),
            models.Index(fields=["roster_key"], name="person_roster_idx"),
            models.Index(fields=["birth_date"], name="person_birth_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def birth(self) -> PartialDate:
        """The birth date as the rules take it: the interval of days it may mean."""
        return PartialDate.from_stored(self.birth_date, self.birth_precision)

    @property
    def birth_date_display(self) -> str:
        """As old records hold it: 15/03/2005, 03/2005 or 2005."""
        return str(self.birth)

    def age_on(self, day: dt.date) -> int:
        """Completed years on ``day`` (a year-only birth date counts from 1 January)."""
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Residence(models.Model):
    """A period a person was registered in a unit, so a 2022 record stays in its 2022 ward."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="residences")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("quá trình cư trú")
        verbose_name_plural = _("quá trình cư trú")
        ordering = ["person", "valid_from"]
        indexes = [
            models.Index(fields=["unit", "person"], name="residence_unit_person_idx"),
            models.Index(fields=["person", "unit"], name="residence_person_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.unit}"
