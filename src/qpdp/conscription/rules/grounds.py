"""Deferral and exemption grounds (Law on Military Service 2015 as amended, Art. 41) and decisions.

Ground codes are the letters of the law; "đ" is spelt ``"dd"`` in identifiers and stored data,
and shown as "đ". Each ground has a validity window: ground h (standing militia) exists only
from 01/07/2020, when Law 48/2019/QH14 Art. 49.1.c added it.

A ``Decision`` is the signed decision applying a ground to a person (Art. 42.1: district chair
before 01/07/2025, provincial chair since). The rules never infer a deferral or an exemption from
facts alone: the law makes them decisions, so only decisions move a person to those states.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from .dated import in_force
from .states import PoolState, Reason, Text

LAW_IN_FORCE = date(2016, 1, 1)
"""Law 78/2015/QH13 takes effect."""
MILITIA_LAW_IN_FORCE = date(2020, 7, 1)
"""Law 48/2019/QH14 takes effect and adds deferral ground h."""


class DecisionKind(TextChoices):
    DEFERRAL = "deferral", _("Tạm hoãn gọi nhập ngũ")
    EXEMPTION = "exemption", _("Miễn gọi nhập ngũ")


@dataclass(frozen=True, slots=True)
class Ground:
    """One lettered ground of Art. 41.1 (deferral) or Art. 41.2 (exemption)."""

    kind: DecisionKind
    code: str
    letter: str
    title: Text
    article: Text
    valid_from: date
    valid_to: date | None
    reason: Reason


def _ground(
    kind: DecisionKind,
    code: str,
    title: Text,
    article: Text,
    valid_from: date = LAW_IN_FORCE,
) -> Ground:
    state = PoolState.DEFERRED if kind is DecisionKind.DEFERRAL else PoolState.EXEMPT
    reason = Reason(f"{kind.value}_{code}", state, title, article)
    letter = "đ" if code == "dd" else code
    return Ground(kind, code, letter, title, article, valid_from, None, reason)


_DEFER = DecisionKind.DEFERRAL
_EXEMPT = DecisionKind.EXEMPTION

DEFERRAL_GROUNDS: tuple[Ground, ...] = (
    _ground(
        _DEFER,
        "a",
        _("Chưa đủ sức khỏe phục vụ tại ngũ theo kết luận của Hội đồng khám sức khỏe"),
        _("điểm a khoản 1 Điều 41 Luật Nghĩa vụ quân sự"),
    ),
    _ground(
        _DEFER,
        "b",
        _(
            "Là lao động duy nhất trực tiếp nuôi dưỡng thân nhân không còn khả năng lao động "
            "hoặc chưa đến tuổi lao động; gia đình bị thiệt hại nặng về người và tài sản do tai "
            "nạn, thiên tai, dịch bệnh nguy hiểm được Ủy ban nhân dân cấp xã xác nhận"
        ),
        _("điểm b khoản 1 Điều 41 Luật Nghĩa vụ quân sự"),
    ),
    _ground(
        _DEFER,
        "c",
        _(
            "Một con của bệnh binh, người nhiễm chất độc da cam suy giảm khả năng lao động "
            "từ 61% đến 80%"
        ),
        _("điểm c khoản 1 Điều 41 Luật Nghĩa vụ quân sự"),
    ),
    _ground(
        _DEFER,
        "d",
        _(
            "Có anh, chị hoặc em ruột là hạ sĩ quan, binh sĩ đang phục vụ tại ngũ hoặc đang "
            "thực hiện nghĩa vụ tham gia Công an nhân dân"
        ),
        _("điểm d khoản 1 Điều 41 Luật Nghĩa vụ quân sự"),
    ),
    _ground(
        _DEFER,
        "dd",
        _(
            "Thuộc diện di dân, giãn dân trong 03 năm đầu đến các xã đặc biệt khó khăn theo dự "
            "án của Nhà nước do Ủy ban nhân dân cấp tỉnh trở lên quyết định"
        ),
        _("điểm đ khoản 1 Điều 41 Luật Nghĩa vụ quân sự"),
    ),
    _ground(
        _DEFER,
        "e",
        _(
            "Cán bộ, công chức, viên chức, thanh niên xung phong được điều động đến công tác, "
            "làm việc ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn"
        ),
        _("điểm e khoản 1 Điều 41 Luật Nghĩa vụ quân sự"),
    ),
    _ground(
        _DEFER,
        "g",
        _(
            "Đang học tại cơ sở giáo dục phổ thông; đang được đào tạo trình độ đại học, cao đẳng "
            "hệ chính quy trong thời gian một khóa đào tạo của một trình độ đào tạo"
        ),
        _("điểm g khoản 1 Điều 41 Luật Nghĩa vụ quân sự"),
    ),
    _ground(
        _DEFER,
        "h",
        _("Dân quân thường trực"),
        _(
            "điểm h khoản 1 Điều 41 Luật Nghĩa vụ quân sự "
            "(bổ sung bởi Luật Dân quân tự vệ 2019, từ ngày 01/07/2020)"
        ),
        valid_from=MILITIA_LAW_IN_FORCE,
    ),
)

EXEMPTION_GROUNDS: tuple[Ground, ...] = (
    _ground(
        _EXEMPT,
        "a",
        _("Con của liệt sĩ, con của thương binh hạng một"),
        _("điểm a khoản 2 Điều 41 Luật Nghĩa vụ quân sự"),
    ),
    _ground(
        _EXEMPT,
        "b",
        _("Một anh hoặc một em trai của liệt sĩ"),
        _("điểm b khoản 2 Điều 41 Luật Nghĩa vụ quân sự"),
    ),
    _ground(
        _EXEMPT,
        "c",
        _(
            "Một con của thương binh hạng hai; một con của bệnh binh, của người nhiễm chất độc "
            "da cam suy giảm khả năng lao động từ 81% trở lên"
        ),
        _("điểm c khoản 2 Điều 41 Luật Nghĩa vụ quân sự"),
    ),
    _ground(
        _EXEMPT,
        "d",
        _("Người làm công tác cơ yếu không phải là quân nhân, Công an nhân dân"),
        _("điểm d khoản 2 Điều 41 Luật Nghĩa vụ quân sự"),
    ),
    _ground(
        _EXEMPT,
        "dd",
        _(
            "Cán bộ, công chức, viên chức, thanh niên xung phong được điều động đến công tác, "
            "làm việc ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn từ 24 tháng trở lên"
        ),
        _("điểm đ khoản 2 Điều 41 Luật Nghĩa vụ quân sự"),
    ),
)

GROUNDS: dict[tuple[DecisionKind, str], Ground] = {
    (ground.kind, ground.code): ground for ground in DEFERRAL_GROUNDS + EXEMPTION_GROUNDS
}

STUDY_GROUND = "g"
"""Art. 41.1.g: the ground whose college or university use extends the call-up age (Art. 30)."""
HEALTH_GROUND = "a"
"""Art. 41.1.a: unfitness; volunteering cannot lift it (Art. 31.1.c still requires fitness)."""


def ground(kind: DecisionKind, code: str) -> Ground:
    """The ground of ``kind`` with ``code``; ``KeyError`` for a letter the law does not have."""
    return GROUNDS[(kind, code)]


def grounds_in_force(kind: DecisionKind, day: date) -> tuple[Ground, ...]:
    """The grounds a decision of ``kind`` may cite on ``day`` (for forms and validation)."""
    table = DEFERRAL_GROUNDS if kind is DecisionKind.DEFERRAL else EXEMPTION_GROUNDS
    return tuple(row for row in table if in_force(row, day))


@dataclass(frozen=True, slots=True)
class Decision:
    """A signed deferral or exemption decision for one person.

    ``until`` is the last day the ground holds (the end of the course, of the posting, of the
    standing-militia term): Art. 41.3 calls the person up once the ground ends, so a deferral
    must have one. An exemption lasts through peacetime unless revoked, so ``until`` is optional
    for it. ``higher_education`` marks a ground-g deferral for college or university training,
    which extends the call-up age to the end of 27 (Art. 30).
    """

    kind: DecisionKind
    ground: str
    decided_on: date
    until: date | None = None
    higher_education: bool = False

    def __post_init__(self) -> None:
        # Model fields hand back plain strings; the rules compare members by identity.
        object.__setattr__(self, "kind", DecisionKind(self.kind))
        if (self.kind, self.ground) not in GROUNDS:
            raise ValueError(f"no {self.kind.value} ground {self.ground!r} in Art. 41")
        if self.kind is DecisionKind.DEFERRAL and self.until is None:
            raise ValueError("a deferral needs the date its ground ends (Art. 41.3)")
        if self.until is not None and self.until < self.decided_on:
            raise ValueError("a decision cannot end before it is made")
        if self.higher_education and not (
            self.kind is DecisionKind.DEFERRAL and self.ground == STUDY_GROUND
        ):
            raise ValueError("only a ground-g deferral can be for higher education")

    def applies_on(self, day: date) -> bool:
        """In effect on ``day``: made by then, not ended, and its ground existed when made.

        A decision citing a ground that did not yet exist (ground h before 01/07/2020) has no
        legal basis and never applies.
        """
        basis = GROUNDS[(self.kind, self.ground)]
        return (
            in_force(basis, self.decided_on)
            and in_force(basis, day)
            and self.decided_on <= day
            and (self.until is None or day <= self.until)
        )
