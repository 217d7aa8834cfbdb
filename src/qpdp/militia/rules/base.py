"""Dates every militia rule table starts from, and the shared result types."""

from __future__ import annotations

from datetime import date

from qpdp.core.breaches import Breach, Flag, Text

__all__ = ["BEFORE_REFORM", "MILITIA_LAW", "REFORM", "Breach", "Flag", "Text"]

MILITIA_LAW = date(2020, 7, 1)
"""Law on Militia and Self-Defense Forces 48/2019/QH14 takes effect."""
BEFORE_REFORM = date(2025, 6, 30)
REFORM = date(2025, 7, 1)
"""Law 98/2025/QH15 takes effect: the district level is gone, the commune decides (Art. 10)."""
