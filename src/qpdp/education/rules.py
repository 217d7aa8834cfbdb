"""Defense education rules as pure functions: which group a person is in, whether a certificate
still counts, who is due for training. No ORM, dates passed in.

Sources (domain brief §4 and its addendum §3):

- target groups: Decree 13/2014/NĐ-CP Art. 2.1 as amended by Decree 139/2020/NĐ-CP (in force
  15/01/2021) [V, pre-2025 wording]; village and residential-group heads and heads of village
  mass organisations: Law on Defense and Security Education Art. 14.2.d as amended by Law
  98/2025/QH15 [V];
- programme volume (periods): Circular 38/2014/TT-BQP [V];
- refresh interval: no text sets one (addendum §3.4, UNVERIFIED), so it is the province's dated
  setting (``models.RefreshPeriod``), never a constant here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

GROUP_ARTICLE = "Điều 2 Nghị định 13/2014/NĐ-CP (sửa đổi bởi Nghị định 139/2020/NĐ-CP)"
REFRESH_ARTICLE = "Thời hạn bồi dưỡng lại do tỉnh quy định (chưa có văn bản quy định chung)"
MAX_REFRESH_YEARS = 20  # a longer interval is a typing error, not a policy
PASSING_RESULTS = frozenset({"excellent", "good", "passed"})
RESULTS = PASSING_RESULTS | {"pending", "failed"}


@dataclass(frozen=True, slots=True)
class GroupChoice:
    """The group a post holder is in, and whether an officer chose it (no post in the list)."""

    group: str
    by_hand: bool


def group_for(post_group: str | None, chosen: str | None) -> GroupChoice | None:
    """The post's group where the post is in the list, else the group the officer chose; None
    when neither is known. A chosen group that contradicts the post's is the caller's error
    (``contradicts_post``). Decree 13/2014 Art. 2.1 defines the groups by post."""
    if post_group:
        return GroupChoice(post_group, by_hand=False)
    if chosen:
        return GroupChoice(chosen, by_hand=True)
    return None


def contradicts_post(post_group: str | None, chosen: str | None) -> bool:
    return bool(post_group and chosen and post_group != chosen)


def is_passing(result: str) -> bool:
    """Giỏi, Khá and Đạt complete the course; only they earn a certificate."""
    return result in PASSING_RESULTS


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def certificate_expires(trained_on: dt.date, refresh_years: int | None) -> dt.date | None:
    """The first day the certificate no longer counts (None: it never lapses). The interval is
    the province's setting (``REFRESH_ARTICLE``)."""
    return None if refresh_years is None else add_years(trained_on, refresh_years)


def certificate_current(trained_on: dt.date, refresh_years: int | None, on: dt.date) -> bool:
    """A course finished on or before ``on`` whose refresh interval has not run out."""
    if trained_on > on:
        return False
    expires = certificate_expires(trained_on, refresh_years)
    return expires is None or on < expires


@dataclass(frozen=True, slots=True)
class Due:
    """Whether a post holder must be (re)trained on a day, and since when."""

    due: bool
    never_trained: bool
    since: dt.date | None
    basis: str = REFRESH_ARTICLE


def training_due(last_trained: dt.date | None, refresh_years: int | None, on: dt.date) -> Due:
    """Never trained for the group, or the last certificate expired: due."""
    if last_trained is None or last_trained > on:
        return Due(due=True, never_trained=True, since=None)
    expires = certificate_expires(last_trained, refresh_years)
    if expires is not None and expires <= on:
        return Due(due=True, never_trained=False, since=expires)
    return Due(due=False, never_trained=False, since=None)


def trained_by_cutoff(on: dt.date, refresh_years: int) -> dt.date:
    """The last training day whose certificate has expired by ``on``: a certificate earned on
    day ``t`` lapses on ``add_years(t, years)``, so this is the latest ``t`` with that day not
    after ``on`` (a query compares training dates with it instead of adding years per row)."""
    cutoff = on.replace(year=on.year - refresh_years) if (on.month, on.day) != (2, 29) else None
    if cutoff is None:  # 29 February: the same day, or 28 February in a common year
        cutoff = add_years(on, -refresh_years)
    following = cutoff + dt.timedelta(days=1)
    if add_years(following, refresh_years) <= on:  # 29 February lapses on 28 February
        return following
    return cutoff
