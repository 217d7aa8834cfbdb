"""The emulation score: normalisation, weights, ties and proposals (no database)."""

from __future__ import annotations

from decimal import Decimal

from qpdp.planning.review.data import UnitFigure, UnitRef
from qpdp.planning.review.ranking import (
    PROPOSAL_COUNT,
    achievement,
    default_weights,
    proposed,
    score_units,
)
from qpdp.planning.review.sentences import Figure


def ward(pk: int, name: str) -> UnitRef:
    return UnitRef(pk, f"0{pk}", name, "Phường", name)


def figure(value, target=None, better="higher", code="c.handed"):  # type: ignore[no-untyped-def]
    return Figure(code, code, "người", better, value, target)


A, B, C = ward(1, "An Bình"), ward(2, "Bắc Sơn"), ward(3, "Cẩm Giàng")


def test_achievement_against_a_target_is_capped_at_one() -> None:
    assert achievement(figure(85, Decimal(85)), []) == 1
    assert achievement(figure(90, Decimal(85)), []) == 1  # overshooting earns nothing more
    assert achievement(figure(40, Decimal(80)), []) == Decimal("0.5")
    assert achievement(figure(3, Decimal(0)), []) is None  # nothing was asked
    assert achievement(figure(None, None), []) is None  # not applicable, not asked
    # given a target, recorded nothing: not achieved (not rewarded for keeping no register)
    assert achievement(figure(None, Decimal(5)), []) == 0


def test_lower_is_better_reads_against_the_ceiling_or_the_best() -> None:
    assert achievement(figure(4, Decimal(5), "lower"), []) == 1
    assert achievement(figure(10, Decimal(5), "lower"), []) == Decimal("0.5")
    assert achievement(figure(0, Decimal(0), "lower"), []) == 1
    peers = [figure(2, better="lower"), figure(4, better="lower")]
    assert achievement(peers[1], peers) == Decimal("0.5")


def test_without_a_target_the_best_ward_sets_the_bar() -> None:
    peers = [figure(10), figure(5), figure(0)]
    assert [achievement(p, peers) for p in peers] == [1, Decimal("0.5"), 0]
    nobody = [figure(0), figure(0)]
    assert achievement(nobody[0], nobody) is None  # does not discriminate: left out


def test_scores_are_weighted_means_and_ties_share_a_rank() -> None:
    by_unit = {
        "c.handed": [
            UnitFigure(A, figure(5, Decimal(5))),
            UnitFigure(B, figure(4, Decimal(5))),
            UnitFigure(C, figure(5, Decimal(5))),
        ],
        "c.graduates": [
            UnitFigure(A, figure(1, code="c.graduates")),
            UnitFigure(B, figure(2, code="c.graduates")),
            UnitFigure(C, figure(2, code="c.graduates")),
        ],
    }
    equal = score_units(by_unit, {"c.handed": Decimal(1), "c.graduates": Decimal(1)})
    assert [(s.unit.name, s.score, s.rank) for s in equal] == [
        ("Cẩm Giàng", Decimal(100), 1),
        ("Bắc Sơn", Decimal(90), 2),  # (0.8 + 1) / 2
        ("An Bình", Decimal(75), 3),  # (1 + 0.5) / 2
    ]
    # the quota weighs three times as much: Bắc Sơn (80% of it) falls behind An Bình
    heavy = score_units(by_unit, {"c.handed": Decimal(3), "c.graduates": Decimal(1)})
    assert [(s.unit.name, s.score) for s in heavy] == [
        ("Cẩm Giàng", Decimal(100)),
        ("An Bình", Decimal("87.5")),
        ("Bắc Sơn", Decimal(85)),
    ]
    tied = score_units(by_unit, {"c.handed": Decimal(1)})
    assert [(s.unit.name, s.rank) for s in tied] == [
        ("An Bình", 1),
        ("Cẩm Giàng", 1),
        ("Bắc Sơn", 3),
    ]
    parts = {p.code: p for p in heavy[1].parts}
    assert (parts["c.graduates"].achievement, parts["c.graduates"].weight) == (50, 1)


def test_defaults_weigh_what_has_a_target_and_proposals_are_capped() -> None:
    by_unit = {
        "c.handed": [UnitFigure(A, figure(5, Decimal(5))), UnitFigure(B, figure(1, None))],
        "c.graduates": [UnitFigure(A, figure(1, code="c.graduates"))],
    }
    assert default_weights(by_unit) == {"c.handed": 1, "c.graduates": 0}
    wards = [ward(i, f"Phường {i:02d}") for i in range(1, PROPOSAL_COUNT + 3)]
    everyone = {"c.handed": [UnitFigure(w, figure(5, Decimal(5))) for w in wards]}
    scores = score_units(everyone, {"c.handed": Decimal(1)})
    assert all(s.rank == 1 for s in scores)
    # a tie across the cut is not settled by name: every tied ward is proposed
    assert len(proposed(scores)) == PROPOSAL_COUNT + 2
    assert all(s.tied for s in scores)
    below = score_units(
        {"c.handed": [UnitFigure(A, figure(4, Decimal(5)))]}, {"c.handed": Decimal(1)}
    )
    assert proposed(below) == []  # 80 points: under the threshold


def test_tied_wards_are_listed_in_vietnamese_order_and_ranked_equal() -> None:
    names = ["Vũ Ninh", "Đáp Cầu", "Hòa Long", "Hạp Lĩnh", "Dương Liễu"]
    wards = [ward(i, name) for i, name in enumerate(names, start=1)]
    everyone = {"c.handed": [UnitFigure(w, figure(5, Decimal(5))) for w in wards]}
    scores = score_units(everyone, {"c.handed": Decimal(1)})
    # d < đ < h; "Hạp" (a) before "Hòa" (o), unlike code-point order (ạ U+1EA1 > ò U+00F2)
    assert [s.unit.name for s in scores] == [
        "Dương Liễu",
        "Đáp Cầu",
        "Hạp Lĩnh",
        "Hòa Long",
        "Vũ Ninh",
    ]
    assert {s.rank for s in scores} == {1}


def test_the_commanders_tie_break_indicator_separates_equal_scores() -> None:
    by_unit = {
        "c.handed": [UnitFigure(w, figure(5, Decimal(5))) for w in (A, B, C)],
        "c.graduates": [
            UnitFigure(A, figure(1, code="c.graduates")),
            UnitFigure(B, figure(4, code="c.graduates")),
            UnitFigure(C, figure(4, code="c.graduates")),
        ],
    }
    weights = {"c.handed": Decimal(1)}  # graduates do not weigh in the score
    ties = score_units(by_unit, weights)
    assert [(s.unit.name, s.rank, s.tied) for s in ties] == [
        ("An Bình", 1, True),
        ("Bắc Sơn", 1, True),
        ("Cẩm Giàng", 1, True),
    ]
    broken = score_units(by_unit, weights, tie_break="c.graduates")
    assert [(s.unit.name, s.score, s.rank, s.tied) for s in broken] == [
        ("Bắc Sơn", Decimal(100), 1, True),  # still equal on the tie-break: still tied
        ("Cẩm Giàng", Decimal(100), 1, True),
        ("An Bình", Decimal(100), 3, False),
    ]
