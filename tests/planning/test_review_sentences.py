"""The review's sentences, written from the figures (no database)."""

from __future__ import annotations

from decimal import Decimal

from qpdp.planning.review.sentences import Figure, number, sentence


def handed_over(value: int | None, target: Decimal | None) -> Figure:
    return Figure(
        code="conscription.handed_over",
        label="Số công dân đã giao quân",
        unit_of_measure="người",
        better="higher",
        value=value,
        target=target,
        task="Nhiệm vụ tuyển chọn và gọi công dân nhập ngũ",
        counted="công dân",
        verb="giao",
    )


def test_a_quota_met_in_full_reads_as_the_seed_says() -> None:
    figure = handed_over(85, Decimal("85.00"))
    assert sentence(figure) == (
        "Nhiệm vụ tuyển chọn và gọi công dân nhập ngũ hoàn thành 100% chỉ tiêu "
        "(giao 85/85 công dân)."
    )
    assert not figure.behind


def test_a_quota_missed_says_how_far_and_how_many_are_missing() -> None:
    figure = handed_over(97, Decimal(100))
    assert sentence(figure) == (
        "Nhiệm vụ tuyển chọn và gọi công dân nhập ngũ đạt 97% chỉ tiêu "
        "(giao 97/100 công dân), còn thiếu 3 công dân."
    )
    assert figure.behind
    assert sentence(handed_over(82, Decimal(85))).startswith(
        "Nhiệm vụ tuyển chọn và gọi công dân nhập ngũ đạt 96,5% chỉ tiêu (giao 82/85"
    )


def test_a_quota_exceeded_says_by_how_much() -> None:
    assert sentence(handed_over(88, Decimal(85))) == (
        "Nhiệm vụ tuyển chọn và gọi công dân nhập ngũ hoàn thành vượt chỉ tiêu, đạt 103,5% "
        "(giao 88/85 công dân, vượt 3 công dân)."
    )


def test_without_a_target_the_figure_is_stated() -> None:
    assert sentence(handed_over(12, None)) == (
        "Nhiệm vụ tuyển chọn và gọi công dân nhập ngũ: giao 12 công dân."
    )
    plain = Figure("x.count", "Số lượt tuyên truyền", "lượt", "higher", 1234, None)
    assert sentence(plain) == "Số lượt tuyên truyền: 1.234 lượt."
    assert sentence(handed_over(None, None)).endswith("chưa có số liệu trong năm.")


def test_a_zero_quota_is_not_a_percentage() -> None:
    assert sentence(handed_over(0, Decimal(0))) == (
        "Nhiệm vụ tuyển chọn và gọi công dân nhập ngũ: không được giao chỉ tiêu trong năm."
    )
    assert sentence(handed_over(2, Decimal(0))).endswith(
        "không được giao chỉ tiêu trong năm; giao 2 công dân."
    )


def test_lower_is_better_reads_against_a_ceiling() -> None:
    def deferrals(value: int, target: Decimal | None) -> Figure:
        return Figure(
            "conscription.deferrals", "Số công dân được tạm hoãn", "người", "lower", value, target
        )

    assert sentence(deferrals(4, Decimal(5))) == (
        "Số công dân được tạm hoãn: 4 người, trong giới hạn chỉ tiêu (không quá 5 người)."
    )
    over = deferrals(7, Decimal(5))
    assert over.behind
    assert sentence(over) == (
        "Số công dân được tạm hoãn: 7 người, vượt mức tối đa 5 người của chỉ tiêu "
        "(2 người quá mức)."
    )
    assert sentence(deferrals(7, None)) == "Số công dân được tạm hoãn: 7 người."


def test_rates_compare_percentage_points() -> None:
    rate = Figure("c.rate", "Tỷ lệ hoàn thành", "%", "higher", Decimal("97.5"), Decimal(100))
    assert sentence(rate) == (
        "Tỷ lệ hoàn thành đạt 97,5%, chưa đạt chỉ tiêu 100% (thấp hơn 2,5 điểm phần trăm)."
    )
    full = Figure("c.rate", "Tỷ lệ hoàn thành", "%", "higher", Decimal("100.0"), Decimal(100))
    assert sentence(full) == "Tỷ lệ hoàn thành đạt 100%, hoàn thành chỉ tiêu."  # said once
    above = Figure("c.rate", "Tỷ lệ hoàn thành", "%", "higher", Decimal("98.2"), Decimal(95))
    assert sentence(above) == "Tỷ lệ hoàn thành đạt 98,2%, vượt chỉ tiêu 95%."


def test_numbers_are_written_the_vietnamese_way() -> None:
    assert number(1234567) == "1.234.567"
    assert number(Decimal("96.5")) == "96,5"
    assert number(Decimal("85.00")) == "85"
