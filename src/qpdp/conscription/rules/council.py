"""The Military Service Council's votes and who proposes the call-up list (Law on Military
Service 2015 as amended, Art. 34.3, 36–39).

A council works collectively: a resolution needs more than half of *all* its members voting for
it (Art. 36.3), so an absent member counts as a vote not given. Which council proposes the list
the chair approves follows the regime of the day of the act (``regime.Regime``).
"""

from __future__ import annotations

from datetime import date

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from .regime import regime_on
from .states import Text

RESOLUTION_ARTICLE = _("khoản 3 Điều 36 Luật Nghĩa vụ quân sự")


class CouncilStep(TextChoices):
    """What a council meeting decides about a cycle's lists."""

    REVIEW = "review", _("Xét duyệt danh sách của xã, phường")
    """The commune council reviews its commune's lists and reports them (Art. 39.2)."""
    PROPOSAL = "proposal", _("Đề nghị phê duyệt danh sách gọi nhập ngũ")
    """The council of the approving chair's level proposes the lists to the chair (Art. 34.3)."""


def resolution_passes(votes_for: int, members_total: int) -> bool:
    """A resolution passes when more than half of all the council's members vote for it, present
    or not: 4 of 7 passes, 3 of 7 fails; 5 of 8 passes, 4 of 8 fails (Law on Military Service
    2015, Art. 36.3)."""
    return members_total > 0 and 2 * votes_for > members_total


def votes_needed(members_total: int) -> int:
    """The fewest votes for that pass a resolution of a council of ``members_total`` members
    (Law on Military Service 2015, Art. 36.3)."""
    return members_total // 2 + 1


def proposing_level(on: date) -> str:
    """The level whose council proposes the call-up list to its chair on ``on``: the district
    before 01/07/2025 (Art. 38, 2015 text: the district council, under the district chair who
    approved the list, Art. 34.5), the province since (Art. 34.3 and 37 as amended by Law
    98/2025/QH15; Art. 38 repealed). Raises ``NoRuleInForce`` before 01/01/2016."""
    return regime_on(on).list_proposed_by_level


def has_council(level: str, on: date) -> bool:
    """Whether a council exists at ``level`` on ``on``: province, district and commune until
    30/06/2025, province and commune since (Art. 36.2 as amended; Art. 38 repealed)."""
    return level in regime_on(on).council_levels


def council_article(on: date) -> Text:
    """The article a user reads for the councils' levels on ``on``."""
    return regime_on(on).council_article
