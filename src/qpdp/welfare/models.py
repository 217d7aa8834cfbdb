"""Rear policy (chính sách hậu phương quân đội): families of soldiers serving now and the support
paid to them (Decree 27/2016/NĐ-CP), and the Decision 62/2011 and Decision 49/2015 cases of
people who served in the wars defending the Fatherland or as frontline porters.

Every amount the law sets is a dated row with its source (``core.dated``): the base salary,
the Decree 27 allowances, the Decision 62 monthly allowance, the dossier checklists and the
deadlines of each step of a case. A soldier's family points at the handover record of the
call-up (``conscription.CallUpOrder``) and at ``people.Person``; nothing is copied.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qpdp.conscription.models import CallUpOrder
from qpdp.core.access import ScopedQuerySet
from qpdp.core.dated import DatedParameter
from qpdp.core.units import Unit
from qpdp.people.models import Person
from qpdp.welfare.error_codes import ErrorCode


class BaseSalary(DatedParameter):
    """The base salary (lương cơ sở) every "× lương cơ sở" amount is computed from, at the day of
    the payment (brief addendum §4.5: store it as dated rows). Awards use it too."""

    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng/tháng)"))

    class Meta:
        verbose_name = _("lương cơ sở")
        verbose_name_plural = _("lương cơ sở")
        ordering = ["valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from"],
                name="welfare_base_salary_once_per_day",
                violation_error_message=_("Đã có mức lương cơ sở áp dụng từ ngày này."),
                violation_error_code=ErrorCode.BASE_SALARY_ONCE_PER_DAY,
            )
        ]

    def __str__(self) -> str:
        return f"{self.amount:,} ({self.valid_from:%d/%m/%Y})"


class SupportKind(models.TextChoices):
    """The family allowances of Decree 27/2016/NĐ-CP Art. 6.1, and the local gifts."""

    SUDDEN_HARDSHIP = "sudden_hardship", _("Trợ cấp khó khăn đột xuất (nhà ở, tài sản)")
    SICK_RELATIVE = "sick_relative", _("Trợ cấp thân nhân ốm đau")
    DEATH = "death", _("Trợ cấp thân nhân chết, mất tích")


class AllowanceRate(DatedParameter):
    """One Decree 27/2016 allowance: the amount per grant and how many grants a year (per soldier
    for house damage, per relative for illness: Art. 6.1.c). Amounts are the 2016 text's [V];
    whether VBHN 40/VBHN-BQP (2025) changed them is UNVERIFIED (addendum §4.1)."""

    kind = models.CharField(_("loại trợ cấp"), max_length=20, choices=SupportKind.choices)
    amount = models.PositiveIntegerField(_("mức trợ cấp (đồng/lần)"))
    yearly_limit = models.PositiveSmallIntegerField(
        _("số lần tối đa trong năm"), null=True, blank=True
    )
    per_person_limit = models.PositiveSmallIntegerField(
        _("số lần tối đa cho mỗi người"), null=True, blank=True
    )
    article = models.CharField(_("điều khoản"), max_length=120)

    class Meta:
        verbose_name = _("mức trợ cấp gia đình quân nhân")
        verbose_name_plural = _("mức trợ cấp gia đình quân nhân")
        ordering = ["kind", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "valid_from"],
                name="welfare_allowance_once_per_day",
                violation_error_message=_("Loại trợ cấp này đã có mức áp dụng từ ngày đó."),
                violation_error_code=ErrorCode.ALLOWANCE_ONCE_PER_DAY,
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount:,}"


class SoldierFamily(models.Model):
    """The family of a citizen serving now, from the handover record of his call-up: the
    commune that supports it is the one of his order.

    The discharge day is read from the call-up's discharge record of that order
    (``selectors.with_discharge``, ``discharge_day_of``); ``discharged_on`` is typed only for a
    soldier whose order has no such record (discharged before the call-up recorded discharges)."""

    unit_field = "unit"

    soldier = models.ForeignKey(
        Person, models.PROTECT, related_name="soldier_families", verbose_name=_("quân nhân")
    )
    handover = models.OneToOneField(
        CallUpOrder,
        models.PROTECT,
        related_name="family",
        verbose_name=_("lệnh gọi nhập ngũ đã giao quân"),
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("xã, phường"))
    enlisted_on = models.DateField(_("ngày nhập ngũ"))
    discharged_on = models.DateField(_("ngày xuất ngũ"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("gia đình quân nhân tại ngũ")
        verbose_name_plural = _("gia đình quân nhân tại ngũ")
        ordering = ["unit", "-enlisted_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | Q(discharged_on__gt=F("enlisted_on")),
                name="welfare_family_discharge_after_enlistment",
                violation_error_message=_("Ngày xuất ngũ phải sau ngày nhập ngũ."),
                violation_error_code=ErrorCode.FAMILY_DISCHARGE_AFTER_ENLISTMENT,
            )
        ]

    def __str__(self) -> str:
        return f"{_('Gia đình quân nhân')} {self.soldier}"


class Relation(models.TextChoices):
    """The relatives Decree 27/2016 Art. 2.2 covers."""

    FATHER = "father", _("Bố đẻ")
    MOTHER = "mother", _("Mẹ đẻ")
    FATHER_IN_LAW = "father_in_law", _("Bố vợ (chồng)")
    MOTHER_IN_LAW = "mother_in_law", _("Mẹ vợ (chồng)")
    SPOUSE_CARER = "spouse_carer", _("Người nuôi dưỡng hợp pháp của vợ (chồng)")
    SPOUSE = "spouse", _("Vợ (chồng)")
    CHILD = "child", _("Con đẻ, con nuôi hợp pháp")


class FamilyMember(models.Model):
    """A relative of the soldier, who exists once in the person registry."""

    unit_field = "family__unit"

    family = models.ForeignKey(SoldierFamily, models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="soldier_relatives", verbose_name=_("thân nhân")
    )
    relation = models.CharField(_("quan hệ"), max_length=16, choices=Relation.choices)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("thân nhân quân nhân")
        verbose_name_plural = _("thân nhân quân nhân")
        ordering = ["family", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "person"],
                name="welfare_member_once_per_family",
                violation_error_message=_("Người này đã có trong danh sách thân nhân."),
                violation_error_code=ErrorCode.MEMBER_ONCE_PER_FAMILY,
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"


class SupportPayment(models.Model):
    """An allowance paid to a soldier's family (Decree 27/2016 Art. 6)."""

    unit_field = "family__unit"

    family = models.ForeignKey(SoldierFamily, models.PROTECT, related_name="payments")
    member = models.ForeignKey(
        FamilyMember,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("thân nhân"),
    )
    kind = models.CharField(_("loại trợ cấp"), max_length=20, choices=SupportKind.choices)
    paid_on = models.DateField(_("ngày chi"))
    amount = models.PositiveIntegerField(_("số tiền (đồng)"))
    reason = models.CharField(_("lý do, giấy tờ kèm theo"), max_length=300)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("khoản trợ cấp gia đình quân nhân")
        verbose_name_plural = _("khoản trợ cấp gia đình quân nhân")
        ordering = ["-paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=1),
                name="welfare_payment_positive",
                violation_error_message=_("Số tiền phải lớn hơn 0."),
                violation_error_code=ErrorCode.PAYMENT_POSITIVE,
            ),
            models.CheckConstraint(
                condition=Q(kind="sudden_hardship") | Q(member__isnull=False),
                name="welfare_payment_names_relative",
                violation_error_message=_("Trợ cấp ốm đau, từ trần phải ghi thân nhân được hưởng."),
                violation_error_code=ErrorCode.PAYMENT_NAMES_RELATIVE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount:,} ({self.paid_on:%d/%m/%Y})"


class VisitKind(models.TextChoices):
    VISIT = "visit", _("Thăm hỏi")
    TET_GIFT = "tet_gift", _("Tặng quà Tết")


class Visit(models.Model):
    """A visit to a soldier's family, or a Tết gift (the seed's closing tasks)."""

    unit_field = "family__unit"

    family = models.ForeignKey(SoldierFamily, models.CASCADE, related_name="visits")
    kind = models.CharField(_("hình thức"), max_length=10, choices=VisitKind.choices)
    visited_on = models.DateField(_("ngày"))
    gift_value = models.PositiveIntegerField(_("giá trị quà (đồng)"), default=0)
    note = models.CharField(_("nội dung"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("thăm hỏi, tặng quà")
        verbose_name_plural = _("thăm hỏi, tặng quà")
        ordering = ["-visited_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.visited_on:%d/%m/%Y})"


# -- Decision 62/2011 and Decision 49/2015 cases ----------------------------------------------


class Scheme(models.TextChoices):
    DECISION_62 = "62_2011", _("Quyết định 62/2011/QĐ-TTg")
    DECISION_49 = "49_2015", _("Quyết định 49/2015/QĐ-TTg")


class Benefit(models.TextChoices):
    MONTHLY = "monthly", _("Trợ cấp hằng tháng")
    ONE_TIME = "one_time", _("Trợ cấp một lần")
    RELATIVE = "relative", _("Trợ cấp một lần cho thân nhân (người đã từ trần)")
    FUNERAL = "funeral", _("Trợ cấp mai táng")


class Coverage(models.TextChoices):
    """Who Decision 62/2011 Art. 2.1 covers (a–đ); Decision 49/2015 covers frontline porters."""

    SOLDIER = "a", _("a) Quân nhân, công an, cơ yếu nhập ngũ sau 30/4/1975")
    STATE_EMPLOYEE = "b", _("b) Công nhân viên chức, chuyên gia")
    COMMUNE_OFFICIAL = "c", _("c) Cán bộ xã, phường, thị trấn")
    MILITIA = "d", _("d) Dân quân tự vệ, công an xã")
    YOUTH_VOLUNTEER = "dd", _("đ) Thanh niên xung phong")
    PORTER = "porter", _("Dân công hỏa tuyến (Quyết định 49/2015)")


class WarTheatre(models.TextChoices):
    """The periods of Decision 62/2011 Art. 3.3."""

    SOUTH_WEST = "south_west", _("Biên giới Tây Nam (05/1975 – 07/01/1979)")
    NORTH = "north", _("Biên giới phía Bắc (02/1979 – 31/12/1988)")
    FULRO = "fulro", _("Truy quét FULRO (05/1975 – 12/1992)")
    LAOS = "laos", _("Giúp bạn Lào (05/1975 – 31/12/1988)")
    CAMBODIA = "cambodia", _("Giúp bạn Campuchia (01/1979 – 31/08/1989)")
    RESISTANCE = "resistance", _("Kháng chiến chống Pháp, chống Mỹ (dân công hỏa tuyến)")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    CHECKED = "checked", _("Đã kiểm tra")
    SENT_UP = "sent_up", _("Đã gửi cấp trên")
    APPROVED = "approved", _("Đã phê duyệt")
    RETURNED = "returned", _("Trả lại")
    PAID = "paid", _("Đã chi trả")


class DossierItem(models.Model):
    """One paper of a scheme's dossier (the configurable checklist): Decision 62/2011 Art. 7 is
    one declaration plus papers; the forms of TTLT 01/2012 and of Decision 49/2015 are
    UNVERIFIED (brief §5.2–5.3), so the province keeps the list here."""

    scheme = models.CharField(_("chế độ"), max_length=10, choices=Scheme.choices)
    benefit = models.CharField(
        _("loại trợ cấp"),
        max_length=10,
        choices=Benefit.choices,
        blank=True,
        help_text=_("Để trống nếu áp dụng cho mọi loại trợ cấp của chế độ."),
    )
    code = models.CharField(_("mã"), max_length=30)
    name = models.CharField(_("giấy tờ"), max_length=300)
    required = models.BooleanField(_("bắt buộc"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang áp dụng"), default=True)
    source = models.TextField(_("căn cứ"))

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"],
                name="welfare_dossier_item_code_unique",
                violation_error_message=_("Mã giấy tờ này đã có trong danh mục của chế độ."),
                violation_error_code=ErrorCode.DOSSIER_ITEM_CODE_UNIQUE,
            )
        ]

    def __str__(self) -> str:
        return self.name


class StepDeadline(DatedParameter):
    """How many days a case may stay in a status before the next step is due. No text found
    sets these deadlines for Decision 62/49 cases (UNVERIFIED): the province's setting."""

    scheme = models.CharField(_("chế độ"), max_length=10, choices=Scheme.choices)
    status = models.CharField(_("bước"), max_length=10, choices=CaseStatus.choices)
    days = models.PositiveSmallIntegerField(_("số ngày"))

    class Meta:
        verbose_name = _("thời hạn xử lý hồ sơ")
        verbose_name_plural = _("thời hạn xử lý hồ sơ")
        ordering = ["scheme", "status", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "status", "valid_from"],
                name="welfare_deadline_once_per_day",
                violation_error_message=_("Bước này đã có thời hạn áp dụng từ ngày đó."),
                violation_error_code=ErrorCode.DEADLINE_ONCE_PER_DAY,
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} — {self.get_status_display()}: {self.days}"


class Decision62Rate(DatedParameter):
    """The Decision 62/2011 monthly allowance for a year of service (Art. 5.1: 15 to under 20
    years), adjusted with pensions: the 2012 amounts [S] and Circular 103/2026/TT-BQP from
    01/07/2026 [S]; the amounts in force between them are UNVERIFIED (addendum §4.2)."""

    years = models.PositiveSmallIntegerField(_("số năm công tác"))
    amount = models.PositiveIntegerField(_("mức trợ cấp (đồng/tháng)"))

    class Meta:
        verbose_name = _("mức trợ cấp hằng tháng Quyết định 62")
        verbose_name_plural = _("mức trợ cấp hằng tháng Quyết định 62")
        ordering = ["valid_from", "years"]
        constraints = [
            models.UniqueConstraint(
                fields=["years", "valid_from"],
                name="welfare_d62_rate_once_per_day",
                violation_error_message=_("Số năm này đã có mức áp dụng từ ngày đó."),
                violation_error_code=ErrorCode.D62_RATE_ONCE_PER_DAY,
            )
        ]

    def __str__(self) -> str:
        return f"{self.years}: {self.amount:,}"


class BenefitCase(models.Model):
    """A Decision 62/2011 or 49/2015 case received at the commune, with the facts eligibility
    turns on, and where it stands in the workflow (``rules.NEXT_STEPS``)."""

    unit_field = "unit"

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=_("xã, phường tiếp nhận")
    )
    scheme = models.CharField(_("chế độ"), max_length=10, choices=Scheme.choices)
    benefit = models.CharField(_("loại trợ cấp"), max_length=10, choices=Benefit.choices)
    applicant = models.ForeignKey(
        Person, models.PROTECT, related_name="benefit_cases", verbose_name=_("người đề nghị")
    )
    beneficiary = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="benefit_cases_for",
        verbose_name=_("người tham gia kháng chiến (nếu khác người đề nghị)"),
    )
    coverage = models.CharField(_("đối tượng"), max_length=8, choices=Coverage.choices)
    theatre = models.CharField(_("địa bàn, thời kỳ"), max_length=12, choices=WarTheatre.choices)
    service_months = models.PositiveSmallIntegerField(_("thời gian công tác, tham gia (tháng)"))
    left_on = models.DateField(_("ngày phục viên, xuất ngũ, thôi việc"), null=True, blank=True)
    died_on = models.DateField(_("ngày từ trần"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    received_on = models.DateField(_("ngày tiếp nhận"))
    status_on = models.DateField(_("ngày của bước hiện tại"))
    due_on = models.DateField(_("hạn bước tiếp theo"), null=True, blank=True)
    late = models.BooleanField(_("có bước quá hạn"), default=False)
    settled_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=40, blank=True)
    amount = models.PositiveIntegerField(_("số tiền được hưởng (đồng)"), null=True, blank=True)
    paid_on = models.DateField(_("ngày chi trả"), null=True, blank=True)
    return_reason = models.CharField(_("lý do trả lại"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ chế độ Quyết định 49, 62")
        verbose_name_plural = _("hồ sơ chế độ Quyết định 49, 62")
        ordering = ["-received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status_on__gte=F("received_on")),
                name="welfare_case_steps_after_receipt",
                violation_error_message=_("Các bước không được trước ngày tiếp nhận."),
                violation_error_code=ErrorCode.CASE_STEPS_AFTER_RECEIPT,
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="welfare_case_return_has_reason",
                violation_error_message=_("Trả lại hồ sơ phải ghi lý do."),
                violation_error_code=ErrorCode.CASE_RETURN_HAS_REASON,
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="welfare_case_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} — {self.applicant}"


class CaseStep(models.Model):
    """One step of a case, dated, with who took it and, for a return, why: the case's history."""

    unit_field = "case__unit"

    case = models.ForeignKey(BenefitCase, models.CASCADE, related_name="steps")
    status = models.CharField(_("bước"), max_length=10, choices=CaseStatus.choices)
    on = models.DateField(_("ngày"))
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    late = models.BooleanField(_("quá hạn"), default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")
        ordering = ["case", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.on:%d/%m/%Y})"


class CaseDocument(models.Model):
    """A paper of the checklist received with the case."""

    unit_field = "case__unit"

    case = models.ForeignKey(BenefitCase, models.CASCADE, related_name="documents")
    item = models.ForeignKey(DossierItem, models.PROTECT, related_name="+")
    received_on = models.DateField(_("ngày nhận"))
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("giấy tờ trong hồ sơ")
        verbose_name_plural = _("giấy tờ trong hồ sơ")
        ordering = ["case", "item__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "item"],
                name="welfare_document_once_per_case",
                violation_error_message=_("Giấy tờ này đã có trong hồ sơ."),
                violation_error_code=ErrorCode.DOCUMENT_ONCE_PER_CASE,
            )
        ]

    def __str__(self) -> str:
        return str(self.item)
