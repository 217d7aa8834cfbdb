"""Pool states, the reasons that put a person in one, and the result of an evaluation.

Every person lands in exactly one state. The members of ``PoolState`` are declared in order of
precedence: when several reasons hold, the state is that of the first reason in this order.

1. ``SERVING``, ``SERVED``: being in active service, or having completed it, settles the question
   before any pool rule is asked (Law on Military Service 2015 as amended, Art. 3.5, 4.4, 43).
2. ``INELIGIBLE``: people the call does not address at all: women who have not volunteered
   (Art. 6.2), people barred from registering (Art. 13), people exempt from registering (Art. 14).
3. ``UNDER_AGE``, ``OVER_AGE``: outside the call-up age no decision matters (Art. 30); past it the
   person belongs to the reserve (Art. 24.2.d).
4. ``AGE_UNCERTAIN``: a partial birth date leaves the age on either side of a limit; nobody is
   called on a guess, and the fix (complete the birth date) comes before anything else.
5. ``NOT_REGISTERED``: the pool is the registered citizens (Art. 3.2, 16).
6. ``EXEMPT`` before ``DEFERRED``: an exemption removes the peacetime call, a deferral only
   postpones it (Art. 41.2 against Art. 41.1 and 41.3).
7. ``DEFERRED`` before ``HEALTH_UNFIT``: a signed decision (Art. 42.1) outranks a finding that still
   awaits one; unfitness is itself deferral ground a (Art. 41.1.a).
8. ``HEALTH_UNFIT``, ``EDUCATION_UNMET``, ``NOT_EXAMINED``: the standards of Art. 31.1.c–d; a
   definite failure outranks a missing examination.
9. ``CALLABLE``: nothing above holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

type Text = str | Promise
"""A user-visible string: plain or lazily translated."""


class PoolState(TextChoices):
    """Where a person stands towards the call-up on a date; declared in order of precedence."""

    SERVING = "serving", _("Đang phục vụ tại ngũ")
    SERVED = "served", _("Đã hoàn thành nghĩa vụ phục vụ tại ngũ")
    INELIGIBLE = "ineligible", _("Không thuộc diện gọi nhập ngũ")
    UNDER_AGE = "under_age", _("Chưa đủ tuổi gọi nhập ngũ")
    OVER_AGE = "over_age", _("Hết tuổi gọi nhập ngũ")
    AGE_UNCERTAIN = "age_uncertain", _("Chưa xác định được tuổi (ngày sinh không đầy đủ)")
    NOT_REGISTERED = "not_registered", _("Chưa đăng ký nghĩa vụ quân sự")
    EXEMPT = "exempt", _("Miễn gọi nhập ngũ")
    DEFERRED = "deferred", _("Tạm hoãn gọi nhập ngũ")
    HEALTH_UNFIT = "health_unfit", _("Không đủ tiêu chuẩn sức khỏe")
    EDUCATION_UNMET = "education_unmet", _("Chưa đáp ứng tiêu chuẩn văn hóa")
    NOT_EXAMINED = "not_examined", _("Chưa khám sức khỏe")
    CALLABLE = "callable", _("Đủ điều kiện gọi nhập ngũ")

    @property
    def rank(self) -> int:
        """Position in the order of precedence: 0 wins over everything."""
        return _RANK[self]


_RANK: dict[PoolState, int] = {state: index for index, state in enumerate(PoolState)}


@dataclass(frozen=True, slots=True)
class Reason:
    """One legal reason behind a state, with the article that justifies it.

    ``code`` is stable (tests and stored snapshots compare it); ``message`` and ``article`` are
    what the user reads, in Vietnamese.
    """

    code: str
    state: PoolState
    message: Text = field(repr=False)
    article: Text = field(repr=False)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The state of one person on one date and every reason for it, in order of precedence.

    ``state`` is always ``reasons[0].state``. For people outside the pool (serving, served,
    ineligible, under or over age) only the reasons of that state are listed; for people in it,
    every reason that blocks the call is listed, so that the commune sees all that must change.
    """

    state: PoolState
    reasons: tuple[Reason, ...]

    @property
    def is_callable(self) -> bool:
        return self.state is PoolState.CALLABLE

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(reason.code for reason in self.reasons)


def single(reason: Reason) -> Evaluation:
    """An evaluation with one reason; the common results are built once and shared."""
    return Evaluation(reason.state, (reason,))
