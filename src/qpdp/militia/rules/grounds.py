"""Grounds of deferral and exemption from militia duty (Art. 11), who may still volunteer
(Art. 11.3), and the grounds that end a member's duty early (Art. 12).

Law on Militia and Self-Defense Forces 48/2019/QH14 in force 01/07/2020; Law 98/2025/QH15
reworded 11.1.e and 12.1.c (the confirming body) and 12.2.e (commune education measure) without
changing what they cover, so one row per ground serves both texts. Ground codes are the letters
of the law, "đ" spelt ``"dd"`` as in the call-up grounds.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from .base import Text


class DutyDecisionKind(TextChoices):
    DEFERRAL = "deferral", _("Tạm hoãn thực hiện nghĩa vụ tham gia Dân quân tự vệ")
    EXEMPTION = "exemption", _("Miễn thực hiện nghĩa vụ tham gia Dân quân tự vệ")


class EndReason(TextChoices):
    """How a membership ends."""

    COMPLETED = "completed", _("Hoàn thành nghĩa vụ")
    RELEASED = "released", _("Thôi thực hiện nghĩa vụ trước thời hạn")
    REMOVED = "removed", _("Đưa ra khỏi danh sách Dân quân tự vệ")
    TRANSFERRED = "transferred", _("Chuyển đơn vị")


@dataclass(frozen=True, slots=True)
class Ground:
    code: str
    title: Text
    article: Text

    @property
    def letter(self) -> str:
        return "đ" if self.code == "dd" else self.code


def _table(clause: str, rows: tuple[tuple[str, Text], ...]) -> dict[str, Ground]:
    return {
        code: Ground(
            code,
            title,
            _("điểm %(letter)s khoản %(clause)s Luật Dân quân tự vệ")
            % {"letter": "đ" if code == "dd" else code, "clause": clause},
        )
        for code, title in rows
    }


DEFERRAL_GROUNDS = _table(
    "1 Điều 11",
    (
        (
            "a",
            _(
                "Phụ nữ mang thai hoặc nuôi con dưới 36 tháng tuổi; nam giới một mình nuôi "
                "con dưới 36 tháng tuổi"
            ),
        ),
        ("b", _("Không đủ sức khỏe thực hiện nhiệm vụ của Dân quân tự vệ")),
        (
            "c",
            _(
                "Có chồng hoặc vợ là sĩ quan, quân nhân chuyên nghiệp, công chức, viên chức, công "
                "nhân quốc phòng, hạ sĩ quan, binh sĩ đang phục vụ trong Quân đội nhân dân"
            ),
        ),
        ("d", _("Có chồng hoặc vợ là sĩ quan, hạ sĩ quan, chiến sĩ, công nhân Công an nhân dân")),
        (
            "dd",
            _(
                "Có chồng hoặc vợ là cán bộ, công chức, viên chức, thanh niên xung phong được điều "
                "động đến công tác, làm việc ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn"
            ),
        ),
        (
            "e",
            _(
                "Lao động duy nhất trong hộ nghèo, hộ cận nghèo; người phải trực tiếp nuôi dưỡng "
                "thân nhân không còn khả năng lao động hoặc chưa đến tuổi lao động; người trong hộ "
                "gia đình bị thiệt hại nặng về người và tài sản do tai nạn, thiên tai, dịch bệnh "
                "nguy hiểm gây ra được xác nhận"
            ),
        ),
        (
            "g",
            _(
                "Vợ hoặc chồng, một con của thương binh, bệnh binh, người bị nhiễm chất độc da cam "
                "suy giảm khả năng lao động từ 61% đến 80%"
            ),
        ),
        (
            "h",
            _(
                "Người đang học tại trường của cơ quan nhà nước, tổ chức chính trị, hệ thống giáo "
                "dục quốc dân; người đang lao động, học tập, làm việc ở nước ngoài"
            ),
        ),
    ),
)

EXEMPTION_GROUNDS = _table(
    "2 Điều 11",
    (
        ("a", _("Vợ hoặc chồng, con của liệt sĩ")),
        (
            "b",
            _(
                "Vợ hoặc chồng, con của thương binh, bệnh binh, người bị nhiễm chất độc da cam suy "
                "giảm khả năng lao động từ 81% trở lên"
            ),
        ),
        ("c", _("Quân nhân dự bị đã được sắp xếp vào đơn vị dự bị động viên")),
        (
            "d",
            _(
                "Người trực tiếp nuôi dưỡng, chăm sóc Bà mẹ Việt Nam anh hùng; người trực tiếp "
                "nuôi dưỡng người suy giảm khả năng lao động từ 81% trở lên"
            ),
        ),
        ("dd", _("Người làm công tác cơ yếu")),
    ),
)

VOLUNTEER_GROUNDS: frozenset[tuple[str, str]] = frozenset(
    {
        (DutyDecisionKind.DEFERRAL, "c"),
        (DutyDecisionKind.DEFERRAL, "d"),
        (DutyDecisionKind.DEFERRAL, "dd"),
        (DutyDecisionKind.DEFERRAL, "e"),
        (DutyDecisionKind.DEFERRAL, "g"),
        (DutyDecisionKind.EXEMPTION, "a"),
        (DutyDecisionKind.EXEMPTION, "b"),
        (DutyDecisionKind.EXEMPTION, "d"),
    }
)
"""Art. 11.3: people deferred under 11.1 c, d, đ, e, g or exempt under 11.2 a, b, d may volunteer
and then be selected; the others (pregnancy, health, study; an assigned reservist, a cipher
worker) may not."""
VOLUNTEER_ARTICLE = _("khoản 3 Điều 11 Luật Dân quân tự vệ")

RELEASE_GROUNDS = _table(
    "1 Điều 12",
    (
        (
            "a",
            _(
                "Phụ nữ mang thai hoặc nuôi con dưới 36 tháng tuổi; nam giới một mình nuôi "
                "con dưới 36 tháng tuổi"
            ),
        ),
        ("b", _("Không đủ sức khỏe thực hiện nhiệm vụ của Dân quân tự vệ")),
        ("c", _("Hoàn cảnh gia đình khó khăn đột xuất được xác nhận")),
        (
            "d",
            _(
                "Được gọi nhập ngũ, thực hiện nghĩa vụ tham gia Công an nhân dân; được tuyển dụng "
                "vào công chức, viên chức, công nhân quốc phòng, công nhân công an"
            ),
        ),
        (
            "dd",
            _(
                "Được tuyển sinh vào học tại trường đại học, cao đẳng, trung cấp, trường của cơ "
                "quan nhà nước, tổ chức chính trị; đi lao động, học tập, làm việc ở nước ngoài"
            ),
        ),
    ),
)
"""Art. 12.1 (12.1.c confirmed by the commune chair or head of agency, 2025 wording)."""
CALLED_UP_RELEASE_GROUND = "d"
"""Art. 12.1.d: a member called up to the army or the police leaves the force."""

REMOVAL_GROUNDS = _table(
    "2 Điều 12",
    (
        ("a", _("Chết hoặc bị Tòa án tuyên bố mất tích, đã chết")),
        ("b", _("Bị khởi tố bị can")),
        ("c", _("Bị tước danh hiệu Dân quân tự vệ")),
        ("d", _("Bị áp dụng biện pháp đưa vào cơ sở giáo dục bắt buộc")),
        ("dd", _("Nghiện ma túy hoặc bị đưa vào cơ sở cai nghiện bắt buộc")),
        ("e", _("Bị áp dụng biện pháp giáo dục tại xã, phường, đặc khu")),
    ),
)


def duty_ground(kind: str, code: str) -> Ground:
    """A ground of Art. 11 by decision kind and letter (``KeyError`` if the law has none)."""
    table = DEFERRAL_GROUNDS if kind == DutyDecisionKind.DEFERRAL else EXEMPTION_GROUNDS
    return table[code]


def end_ground(reason: str, code: str) -> Ground:
    """A ground of Art. 12.1 (release) or 12.2 (removal) (``KeyError`` if the law has none)."""
    table = RELEASE_GROUNDS if reason == EndReason.RELEASED else REMOVAL_GROUNDS
    return table[code]


def may_volunteer(kind: str, code: str) -> bool:
    """Whether a person deferred or exempt on this ground may volunteer (Art. 11.3)."""
    return (kind, code) in VOLUNTEER_GROUNDS
