"""The review's text and tables, independent of the file format.

The DOCX and the PDF writers draw the same blocks (parts, headings, paragraphs, items, tables)
in the same order, so the two documents say the same thing; the wording of Decree 30/2020's
fixed parts (national title, motto, "Nơi nhận", "TM.") lives here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from qpdp.core.officedocs import place_and_date
from qpdp.planning.review.data import Review, UnitFigure
from qpdp.planning.review.ranking import PROPOSAL_COUNT, PROPOSAL_MIN_SCORE, Score
from qpdp.planning.review.sentences import Figure, number

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BEHIND_MARK = " (*)"


@dataclass(frozen=True, slots=True)
class Block:
    kind: Literal["part", "heading", "paragraph", "item", "note"]
    text: str


@dataclass(frozen=True, slots=True)
class Header:
    parent_body: str
    body_line1: str
    body_line2: str
    number_line: str
    place_date: str


@dataclass(frozen=True, slots=True)
class Signature:
    mode: str
    position: str
    signer: str
    recipients: list[str]


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""
    total_rows: int = 0  # trailing rows that are totals (printed bold)


@dataclass(frozen=True, slots=True)
class Options:
    """What the issuer adds by hand: the document number and the signer's name."""

    number: str = ""
    signer: str = ""
    recipients: list[str] = field(default_factory=list)


def header(review: Review, options: Options | None = None) -> Header:
    """A People's Committee's name is two lines and carries no parent line (Appendix I, I.3)."""
    options = options or Options()
    number_text = options.number or "\u00a0" * 6
    return Header(
        parent_body="",
        body_line1="ỦY BAN NHÂN DÂN",
        body_line2=review.unit.in_text.upper(),
        number_line=f"Số: {number_text}/BC-UBND",
        place_date=place_and_date(review.unit.name, review.issued_on),
    )


def signature(review: Review, options: Options | None = None) -> Signature:
    options = options or Options()
    recipients = options.recipients or default_recipients(review)
    return Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", options.signer, recipients)


def default_recipients(review: Review) -> list[str]:
    unit = review.unit.in_text
    recipients = []
    if review.parent is not None:
        recipients.append(f"Bộ CHQS {review.parent.in_text} (để b/c)")
    recipients += [
        f"Thường trực HĐND {unit} (để b/c)",
        f"Chủ tịch, các PCT UBND {unit}",
        f"Ban CHQS {unit}",
    ]
    if review.children:
        recipients.append("UBND, Ban CHQS các đơn vị trực thuộc")
    recipients.append("Lưu: VT, BCHQS")
    return recipients


def lock_note(review: Review) -> str:
    if review.locked_at is not None:
        return (
            f"Số liệu trong báo cáo được khóa ngày {review.locked_on:%d/%m/%Y}; các thay đổi "
            "sau ngày này không làm thay đổi báo cáo."
        )
    return (
        f"Số liệu tính đến ngày {review.issued_on:%d/%m/%Y}, chưa được khóa; số liệu có thể "
        "còn thay đổi."
    )


def body(review: Review) -> list[Block]:
    """Parts I–III of the report, as blocks (domain brief §7.3 skeleton)."""
    blocks = [
        Block(
            "paragraph",
            f"Ủy ban nhân dân {review.unit.in_text} báo cáo tổng kết công tác Quốc phòng địa "
            f"phương năm {review.year} và phương hướng, nhiệm vụ năm {review.year + 1} như sau:",
        ),
        Block("note", lock_note(review)),
        Block("part", "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ"),
    ]
    index = 0
    for index, section in enumerate(review.sections, start=1):
        blocks.append(Block("heading", f"{index}. {section.title}"))
        blocks += [Block("paragraph", s) for s in section.sentences]
        if section.done:
            blocks.append(Block("paragraph", "Kết quả thực hiện cụ thể:"))
            blocks += [Block("item", line) for line in section.done]
        if section.unfinished:
            blocks.append(Block("paragraph", "Các nhiệm vụ chưa hoàn thành:"))
            blocks += [Block("item", line) for line in section.unfinished]
        if not (section.sentences or section.done or section.unfinished):
            blocks.append(
                Block("paragraph", "Chưa có số liệu, nhiệm vụ nào được cập nhật vào hệ thống.")
            )
    blocks.append(Block("heading", f"{index + 1}. Thi đua, khen thưởng"))
    blocks += _awards(review)
    blocks.append(Block("part", "II. ĐÁNH GIÁ CHUNG"))
    blocks += _assessment(review)
    blocks.append(Block("part", f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {review.year + 1}"))
    blocks += _directions(review)
    blocks.append(
        Block(
            "paragraph",
            f"Trên đây là báo cáo tổng kết công tác Quốc phòng địa phương năm {review.year}; "
            f"phương hướng, nhiệm vụ năm {review.year + 1} của Ủy ban nhân dân "
            f"{review.unit.in_text}./.",
        )
    )
    return blocks


def _place(score: Score) -> str:
    return f"đồng hạng {score.rank}" if score.tied else f"xếp thứ {score.rank}"


def _awards(review: Review) -> list[Block]:
    """The awards given in the year (from the decisions), then the ranking of the units below
    and those it proposes for next commendation."""
    awarded = [Block("paragraph", text) for text in review.awarded]
    if not review.ranking:
        return [*awarded, Block("paragraph", "Không có đơn vị trực thuộc để chấm điểm thi đua.")]
    scored = [s for s in review.ranking if s.score is not None]
    blocks = [
        *awarded,
        Block(
            "paragraph",
            f"Chấm điểm thi đua {number(len(scored))} đơn vị trực thuộc theo các chỉ số có trọng "
            "số (bảng điểm tại Phụ lục 3).",
        ),
    ]
    if review.tie_break:
        blocks.append(
            Block(
                "paragraph",
                f"Các đơn vị bằng điểm được phân định theo chỉ số “{review.tie_break}” "
                "do chỉ huy trưởng lựa chọn.",
            )
        )
    if review.proposed:
        if len(review.proposed) > PROPOSAL_COUNT:
            blocks.append(
                Block(
                    "paragraph",
                    f"{number(len(review.proposed))} đơn vị đồng hạng trong nhóm "
                    f"{number(PROPOSAL_COUNT)} đơn vị dẫn đầu nên đều được đề nghị.",
                )
            )
        blocks.append(Block("paragraph", "Đề nghị khen thưởng các tập thể:"))
        blocks += [
            Block("item", f"{s.unit.full_name} ({_place(s)}, {number(s.score)} điểm)")
            for s in review.proposed
            if s.score is not None
        ]
    else:
        blocks.append(
            Block(
                "paragraph",
                f"Không có đơn vị đạt từ {number(PROPOSAL_MIN_SCORE)} điểm để đề nghị khen thưởng.",
            )
        )
    return blocks


def _assessment(review: Review) -> list[Block]:
    measured = [f for f in review.figures if f.target is not None]
    blocks = [Block("heading", "1. Ưu điểm")]
    if measured:
        blocks.append(
            Block(
                "paragraph",
                f"Hoàn thành {number(len(review.met))}/{number(len(measured))} chỉ tiêu được giao.",
            )
        )
    else:
        blocks.append(Block("paragraph", "Năm nay chưa có chỉ tiêu nào được giao trong hệ thống."))
    blocks.append(Block("heading", "2. Tồn tại, hạn chế"))
    if review.limitations:  # the officer's text once saved, else the figures behind target
        blocks += [Block("item", line) for line in review.limitations]
    else:
        blocks.append(Block("paragraph", "Không có chỉ tiêu nào thấp hơn chỉ tiêu được giao."))
    return blocks


def _directions(review: Review) -> list[Block]:
    blocks = [Block("heading", "1. Các chỉ tiêu chủ yếu")]
    if review.next_targets:
        blocks += [Block("item", line) for line in review.next_targets]
    else:
        blocks.append(Block("paragraph", f"Chưa giao chỉ tiêu năm {review.year + 1}."))
    blocks.append(Block("heading", "2. Nhiệm vụ trọng tâm"))
    if review.directions:
        for direction in review.directions:
            blocks.append(Block("paragraph", f"{direction.title}:"))
            blocks += [Block("item", task) for task in direction.tasks]
    else:
        blocks.append(Block("paragraph", f"Chưa có kế hoạch năm {review.year + 1} trong hệ thống."))
    return blocks


# -- annex ----------------------------------------------------------------------------------


def cell(figure: Figure) -> str:
    """ "85/85" (result/target), "—" without a figure, marked when behind target."""
    if figure.value is None:
        return "—"
    text = number(figure.value)
    if figure.target is not None:
        text += f"/{number(figure.target)}"
    return text + (BEHIND_MARK if figure.behind else "")


def _column(figure: Figure) -> str:
    return f"{figure.label} ({figure.unit_of_measure})"


def annex(review: Review) -> list[Table]:
    """Appendix 1: one table per area, one row per child unit (or the unit itself when it has
    none) and the total; appendix 2: earlier years; appendix 3: the emulation scores."""
    tables = []
    sections = [s for s in review.sections if s.codes]
    for number_in_annex, section in enumerate(sections, start=1):
        totals = [review.figure(code) for code in section.codes]
        rows: list[list[str]] = []
        if review.children:
            per_child: list[list[UnitFigure]] = [review.by_unit[code] for code in section.codes]
            for index, child in enumerate(review.children, start=1):
                rows.append(
                    [
                        str(index),
                        child.full_name,
                        *(cell(col[index - 1].figure) for col in per_child),
                    ]
                )
        rows.append(["", f"Toàn {review.unit.in_text}", *(cell(f) for f in totals)])
        tables.append(
            Table(
                title=f"Phụ lục 1.{number_in_annex}. {section.title}: kết quả theo đơn vị",
                columns=["TT", "Đơn vị", *(_column(f) for f in totals)],
                rows=rows,
                note=(
                    "Ô dạng a/b: kết quả/chỉ tiêu; (*): chưa đạt chỉ tiêu; —: chưa có số liệu "
                    "hoặc không áp dụng."
                ),
                total_rows=1,
            )
        )
    tables.append(_history_table(review))
    tables.append(_ranking_table(review))
    return tables


def _history_table(review: Review) -> Table:
    years = sorted(review.history)
    rows = []
    for index, figure in enumerate(review.figures, start=1):
        earlier = [review.history[y].get(figure.code) for y in years]
        rows.append(
            [
                str(index),
                _column(figure),
                *("—" if v is None else number(v) for v in earlier),
                "—" if figure.value is None else number(figure.value),
            ]
        )
    return Table(
        title="Phụ lục 2. So sánh với các năm trước",
        columns=["TT", "Chỉ số", *(f"Năm {y}" for y in years), f"Năm {review.year}"],
        rows=rows,
        note=(
            "Số liệu các năm trước tính trên địa bàn của đơn vị trong năm đó, gồm cả các đơn "
            "vị đã sáp nhập vào đơn vị; —: chưa có số liệu (năm chưa có đợt tuyển quân, chưa "
            "cập nhật sổ sách vào hệ thống) hoặc không áp dụng, không phải số 0."
        ),
    )


def _ranking_table(review: Review) -> Table:
    codes: list[str] = []
    labels: dict[str, str] = {}
    for score in review.ranking:
        for part in score.parts:
            if part.code not in labels:
                codes.append(part.code)
                labels[part.code] = f"{part.label} (trọng số {number(part.weight)})"
    rows = []
    for score in review.ranking:
        shares = {p.code: p.achievement for p in score.parts}
        rows.append(
            [
                "—"
                if score.rank is None
                else f"{score.rank}{' (đồng hạng)' if score.tied else ''}",
                score.unit.full_name,
                "—" if score.score is None else number(score.score),
                *("—" if c not in shares else f"{number(shares[c])}%" for c in codes),
            ]
        )
    return Table(
        title="Phụ lục 3. Bảng điểm thi đua các đơn vị trực thuộc",
        columns=["Thứ hạng", "Đơn vị", "Điểm", *(labels[c] for c in codes)],
        rows=rows,
        note=(
            "Mỗi chỉ số: tỷ lệ đạt so với chỉ tiêu (tối đa 100%) hoặc so với đơn vị cao nhất "
            "khi không giao chỉ tiêu; điểm là trung bình có trọng số của các tỷ lệ."
        ),
    )
