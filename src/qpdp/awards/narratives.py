"""The awards registry's sentence in the year-end review: what the unit awarded that year, from
its award decisions (``selectors.review_paragraph``), not from the ranking's proposals."""

from __future__ import annotations

from qpdp.awards.selectors import review_paragraph
from qpdp.core import narratives
from qpdp.core.units import Unit


def _awarded(unit: Unit, year: int) -> list[str]:
    paragraph = review_paragraph(unit, year)
    return [paragraph] if paragraph else []


narratives.register(narratives.Narrative("awards.decisions", narratives.AWARDS, _awarded))
