"""Emulation and commendation (thi đua, khen thưởng): the forms of award, who may give which
(dated), the titles a title requires, the reward money, proposals for a collective or an
individual, and the numbered decisions that award them.

The law's tables are rows with their source (``core.dated``): Law on Emulation and
Commendation 06/2022/QH15 Art. 80 is known from a page image [S], its 2025 decentralisation
(Decree 152/2025/NĐ-CP) and the 2026 amendment (Law 06/2026/QH16, in force 01/10/2026) only in
part, so the province corrects the rows when the texts are read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qpdp.awards.error_codes import ErrorCode
from qpdp.core.access import ScopedQuerySet
from qpdp.core.dated import DatedParameter
from qpdp.core.units import Unit, UnitKind
from qpdp.people.models import Person


class AwardField(models.TextChoices):
    """What the achievement is in: the seed's review awards both."""

    LOCAL_DEFENSE = "local_defense", _("Công tác quân sự, quốc phòng địa phương")
    OVERALL = "overall", _("Thực hiện nhiệm vụ chính trị năm")


class AwardForm(models.Model):
    """A title (danh hiệu) or a form of commendation (Giấy khen, Bằng khen), and whether it is
    given to collectives, to individuals or both."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("hình thức"), max_length=200)
    for_collective = models.BooleanField(_("tặng tập thể"), default=False)
    for_individual = models.BooleanField(_("tặng cá nhân"), default=False)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(for_collective=True) | Q(for_individual=True),
                name="awards_form_has_recipient",
                violation_error_message=_("Hình thức phải tặng cho tập thể hoặc cá nhân."),
                violation_error_code=ErrorCode.FORM_HAS_RECIPIENT,
            )
        ]

    def __str__(self) -> str:
        return self.name


class AwardAuthority(DatedParameter):
    """The chair of a People's Committee of ``level`` may give ``form`` between the two days
    (Law 06/2022/QH15 Art. 80; the district level ends on 30/06/2025)."""

    form = models.ForeignKey(
        AwardForm, models.CASCADE, related_name="authorities", verbose_name=_("hình thức")
    )
    level = models.CharField(_("cấp"), max_length=16, choices=UnitKind.choices)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("thẩm quyền khen thưởng")
        verbose_name_plural = _("thẩm quyền khen thưởng")
        ordering = ["form", "level", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "level", "valid_from"],
                name="awards_authority_once_per_day",
                violation_error_message=_("Cấp này đã có thẩm quyền với hình thức đó từ ngày này."),
                violation_error_code=ErrorCode.AUTHORITY_ONCE_PER_DAY,
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="awards_authority_period_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu."),
                violation_error_code=ErrorCode.AUTHORITY_PERIOD_ORDERED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.form}"


class TitlePrerequisite(DatedParameter):
    """A title that needs ``requires`` (or ``or_requires``) in each of the ``years`` consecutive
    years ending with the award year (Chiến sĩ thi đua cơ sở needs Lao động tiên tiến or
    Chiến sĩ tiên tiến [S]; provincial emulation fighters three years of Chiến sĩ thi đua cơ
    sở: UNVERIFIED for the 2022 law, brief §6.2)."""

    form = models.ForeignKey(
        AwardForm, models.CASCADE, related_name="prerequisites", verbose_name=_("danh hiệu")
    )
    requires = models.ForeignKey(
        AwardForm, models.CASCADE, related_name="+", verbose_name=_("cần đạt danh hiệu")
    )
    or_requires = models.ForeignKey(
        AwardForm,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hoặc danh hiệu"),
    )
    years = models.PositiveSmallIntegerField(_("số năm liên tục"), default=1)

    class Meta:
        verbose_name = _("điều kiện danh hiệu")
        verbose_name_plural = _("điều kiện danh hiệu")
        ordering = ["form", "valid_from"]

    def __str__(self) -> str:
        return f"{self.form} ← {self.requires} × {self.years}"


class RewardRate(DatedParameter):
    """The money that goes with a form, as a multiple of the base salary (Decree 152/2025/NĐ-CP
    Art. 54 [S]); ``multiple`` empty means "not known" from that day (Giấy khen under Decree
    152/2025 is UNVERIFIED), so no amount is computed rather than a wrong one."""

    form = models.ForeignKey(
        AwardForm, models.CASCADE, related_name="rates", verbose_name=_("hình thức")
    )
    collective = models.BooleanField(_("tập thể"), default=False)
    multiple = models.DecimalField(
        _("hệ số × lương cơ sở"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("mức tiền thưởng")
        verbose_name_plural = _("mức tiền thưởng")
        ordering = ["form", "collective", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "collective", "valid_from"],
                name="awards_rate_once_per_day",
                violation_error_message=_("Hình thức này đã có mức thưởng áp dụng từ ngày đó."),
                violation_error_code=ErrorCode.RATE_ONCE_PER_DAY,
            )
        ]

    def __str__(self) -> str:
        return f"{self.form}: {self.multiple or '—'}"


class AwardDecision(models.Model):
    """A numbered decision (quyết định khen thưởng) of the chair of ``authority``'s People's
    Committee, giving one form to the awardees listed (the proposals pointing at it)."""

    unit_field = "authority"

    authority = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=_("cơ quan quyết định")
    )
    number = models.CharField(_("số quyết định"), max_length=40)
    year = models.PositiveSmallIntegerField(_("năm"))
    signed_on = models.DateField(_("ngày ký"))
    form = models.ForeignKey(
        AwardForm, models.PROTECT, related_name="decisions", verbose_name=_("hình thức")
    )
    field = models.CharField(_("lĩnh vực"), max_length=16, choices=AwardField.choices)
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, default="CHỦ TỊCH")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-signed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "number"],
                name="awards_decision_number_unique",
                violation_error_message=_("Số quyết định này đã dùng trong năm."),
                violation_error_code=ErrorCode.DECISION_NUMBER_UNIQUE,
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đã đề nghị")
    AGREED = "agreed", _("Hội đồng thi đua nhất trí")
    NOT_AGREED = "not_agreed", _("Hội đồng thi đua không nhất trí")
    AWARDED = "awarded", _("Đã khen thưởng")


class AwardProposal(models.Model):
    """A proposal (đề nghị khen thưởng) by ``proposer`` for a collective (a unit) or an
    individual (a person) of ``unit``, reviewed by the emulation council, then awarded by a
    decision."""

    unit_field = "unit"

    proposer = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị đề nghị")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("thuộc đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    form = models.ForeignKey(
        AwardForm, models.PROTECT, related_name="proposals", verbose_name=_("hình thức")
    )
    field = models.CharField(_("lĩnh vực"), max_length=16, choices=AwardField.choices)
    collective = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tập thể")
    )
    person = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="award_proposals",
        verbose_name=_("cá nhân"),
    )
    achievement = models.TextField(_("thành tích"))
    proposed_on = models.DateField(_("ngày đề nghị"))
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    reviewed_on = models.DateField(_("ngày hội đồng xét"), null=True, blank=True)
    council_note = models.CharField(_("ý kiến hội đồng"), max_length=300, blank=True)
    decision = models.ForeignKey(
        AwardDecision,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="awardees",
        verbose_name=_("quyết định"),
    )
    reward_amount = models.PositiveIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
    ranking_score = models.DecimalField(
        _("điểm thi đua"), max_digits=5, decimal_places=1, null=True, blank=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "proposer", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(collective__isnull=True, person__isnull=False)
                | Q(collective__isnull=False, person__isnull=True),
                name="awards_proposal_one_nominee",
                violation_error_message=_("Đề nghị cho một tập thể hoặc một cá nhân."),
                violation_error_code=ErrorCode.PROPOSAL_ONE_NOMINEE,
            ),
            models.CheckConstraint(
                condition=~Q(status="awarded") | Q(decision__isnull=False),
                name="awards_awarded_has_decision",
                violation_error_message=_("Đã khen thưởng thì phải có quyết định."),
                violation_error_code=ErrorCode.AWARDED_HAS_DECISION,
            ),
            models.UniqueConstraint(
                fields=["collective", "year", "field"],
                condition=Q(status="awarded"),
                name="awards_collective_once_per_achievement",
                violation_error_message=_("Tập thể đã được khen thưởng cho thành tích này."),
                violation_error_code=ErrorCode.COLLECTIVE_ONCE_PER_ACHIEVEMENT,
            ),
            models.UniqueConstraint(
                fields=["person", "year", "field"],
                condition=Q(status="awarded"),
                name="awards_person_once_per_achievement",
                violation_error_message=_("Cá nhân đã được khen thưởng cho thành tích này."),
                violation_error_code=ErrorCode.PERSON_ONCE_PER_ACHIEVEMENT,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form}: {self.nominee}"

    @property
    def nominee(self) -> Unit | Person:
        """The collective or the person (the constraint holds exactly one)."""
        if self.collective is not None:
            return self.collective
        assert self.person is not None
        return self.person
