"""Service recognised without enlistment (Law on Military Service 2015 as amended, Art. 4.4) and
what the militia registry tells the call-up about a standing militia member (Art. 41.1.h)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from qpdp.core.breaches import Flag

from .states import PoolState, Text

STANDING_MILITIA_MONTHS = 24
"""Art. 4.4.a: 24 months or more of standing militia service count as active service."""


class RecognitionGround(TextChoices):
    """The cases of Art. 4.4, each under its point."""

    STANDING_MILITIA = "militia", _("Dân quân thường trực phục vụ từ đủ 24 tháng trở lên")
    COMMUNE_POLICE = "commune_police", _("Công an xã phục vụ liên tục từ đủ 36 tháng trở lên")
    RESERVE_OFFICER = (
        "reserve_officer",
        _(
            "Cán bộ, công chức, viên chức, sinh viên tốt nghiệp được đào tạo và phong quân hàm "
            "sĩ quan dự bị"
        ),
    )
    ECONOMIC_DEFENCE = (
        "economic_defence",
        _(
            "Sinh viên tốt nghiệp tình nguyện phục vụ tại đoàn kinh tế – quốc phòng từ đủ 24 tháng "
            "trở lên"
        ),
    )
    FISHERIES_CONTROL = "fisheries_control", _("Phục vụ trên tàu kiểm ngư từ đủ 24 tháng trở lên")


@dataclass(frozen=True, slots=True)
class RecognitionRule:
    point: str
    min_months: int | None


RECOGNITION_RULES: dict[RecognitionGround, RecognitionRule] = {
    RecognitionGround.STANDING_MILITIA: RecognitionRule("a", STANDING_MILITIA_MONTHS),
    RecognitionGround.COMMUNE_POLICE: RecognitionRule("b", 36),
    RecognitionGround.RESERVE_OFFICER: RecognitionRule("c", None),
    RecognitionGround.ECONOMIC_DEFENCE: RecognitionRule("d", 24),
    RecognitionGround.FISHERIES_CONTROL: RecognitionRule("đ", 24),
}


def recognition_article(ground: RecognitionGround) -> Text:
    return _("điểm %(point)s khoản 4 Điều 4 Luật Nghĩa vụ quân sự") % {
        "point": RECOGNITION_RULES[ground].point
    }


def months_short(ground: RecognitionGround, months: int | None) -> int | None:
    """The months the ground requires when ``months`` falls short of them (Art. 4.4), else
    ``None``; a ground without a length (point c) is never short."""
    required = RECOGNITION_RULES[ground].min_months
    if required is None or (months is not None and months >= required):
        return None
    return required


MILITIA_DEFERRAL = "militia_deferral_ground"
MILITIA_RECOGNITION = "militia_recognition_due"

_CALLED_IF_NOT_DEFERRED = frozenset(
    {
        PoolState.AGE_UNCERTAIN,
        PoolState.NOT_REGISTERED,
        PoolState.HEALTH_UNFIT,
        PoolState.EDUCATION_UNMET,
        PoolState.NOT_EXAMINED,
        PoolState.CALLABLE,
    }
)
"""States a deferral would change: not yet deferred or exempt, and within the call-up age."""


def militia_flags(state: PoolState, *, standing: bool, months: int) -> tuple[Flag, ...]:
    """What the militia registry asks the commune to act on for a person of the pool in
    ``state``, serving as standing militia (``standing``) after ``months`` of such service.

    A standing militia member has deferral ground h (Art. 41.1.h), but only a signed decision
    defers (Art. 42.1): until one applies the pool says so, and he may still be called (he then
    leaves the militia, Militia Law Art. 12.1.d). 24 months or more of standing service count as
    active service once the provincial commander recognises them (Art. 4.4.a): until the
    recognition is recorded (state ``SERVED``) the pool says so.
    """
    flags: list[Flag] = []
    if standing and state in _CALLED_IF_NOT_DEFERRED:
        flags.append(
            Flag(
                MILITIA_DEFERRAL,
                _("Đang là dân quân thường trực: thuộc diện tạm hoãn gọi nhập ngũ, chưa có "
                  "quyết định tạm hoãn"),
                _("điểm h khoản 1 Điều 41 Luật Nghĩa vụ quân sự"),
            )
        )  # fmt: skip
    if months >= STANDING_MILITIA_MONTHS and state not in (PoolState.SERVING, PoolState.SERVED):
        flags.append(
            Flag(
                MILITIA_RECOGNITION,
                _("Đã phục vụ dân quân thường trực %(months)s tháng: đủ điều kiện công nhận "
                  "hoàn thành NVQS tại ngũ") % {"months": months},
                _("điểm a khoản 4 Điều 4 Luật Nghĩa vụ quân sự"),
            )
        )  # fmt: skip
    return tuple(flags)
