"""Award services: proposals, the council's review and numbered decisions, with every refusal
(code, nothing written); the review's sentence and the printed decision and certificates."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document

from qpdp.awards import documents, selectors, services
from qpdp.awards.error_codes import ErrorCode
from qpdp.awards.models import AwardDecision, AwardForm, AwardProposal, TitlePrerequisite
from qpdp.core.units import Unit
from qpdp.people.models import Person
from tests.civic import audited, refused
from tests.conftest import Accounts, Tree

pytestmark = pytest.mark.django_db
D = dt.date
FIELD = "local_defense"


@pytest.fixture
def forms(db: None) -> dict[str, AwardForm]:
    return {f.code: f for f in AwardForm.objects.all()}


@pytest.fixture
def agreed(
    accounts: Accounts, tree: Tree, forms: dict[str, AwardForm]
) -> Callable[..., AwardProposal]:
    """An agreed proposal of the city for a ward (or, with ``person``, of Suối Hoa for a person)."""

    def make(
        collective: Unit | None = None,
        person: Person | None = None,
        form: str = "giay_khen",
        year: int = 2022,
        field: str = FIELD,
    ) -> AwardProposal:
        proposer = tree.city if person is None else tree.suoi_hoa
        proposal = services.propose(
            accounts.city_commander,
            proposer=proposer,
            year=year,
            form=forms[form],
            field=field,
            achievement="Hoàn thành xuất sắc nhiệm vụ quốc phòng địa phương",
            proposed_on=D(year, 12, 10),
            collective=collective if person is None else None,
            person=person,
        )
        return services.review(
            accounts.city_commander, proposal, agreed=True, reviewed_on=D(year, 12, 15)
        )

    return make


def decide(
    accounts: Accounts,
    tree: Tree,
    forms: dict[str, AwardForm],
    proposals: list[AwardProposal],
    **extra: Any,
) -> AwardDecision:
    values: dict[str, Any] = {
        "authority": tree.city,
        "number": "125/QĐ-UBND",
        "year": 2022,
        "signed_on": D(2022, 12, 28),
        "form": forms["giay_khen"],
        "field": FIELD,
        "proposals": proposals,
        "signer_name": "Nguyễn Văn Thành",
    }
    values.update(extra)
    return services.issue_decision(accounts.city_commander, **values)


@pytest.fixture
def veteran(tree: Tree, make_person: Callable[..., Person]) -> Person:
    return make_person(tree.suoi_hoa, given_name="Quyết", birth_date=D(1980, 1, 1))


def test_a_decision_awards_collectives_and_individuals(
    accounts: Accounts,
    tree: Tree,
    forms: dict,
    agreed: Callable[..., AwardProposal],
    veteran: Person,
) -> None:
    ward, person = agreed(tree.suoi_hoa), agreed(person=veteran)
    with audited(3):  # the decision and its two awardees
        decision = decide(accounts, tree, forms, [ward, person])
    ward.refresh_from_db()
    person.refresh_from_db()
    assert (ward.status, ward.decision, ward.reward_amount) == ("awarded", decision, 447_000)
    assert (person.status, person.reward_amount) == ("awarded", 223_500)  # 0.15 × 1,490,000
    assert selectors.review_paragraph(tree.city, 2022) == (
        "Ủy ban nhân dân thành phố tặng Giấy khen cho 01 tập thể, 01 cá nhân có thành tích "
        "trong công tác quân sự, quốc phòng địa phương."
    )
    assert selectors.review_paragraph(tree.city, 2023) == ""
    assert selectors.awarded_by(tree.suoi_hoa, 2022) == []


def test_the_year_end_review_prints_the_awards_given_from_the_decisions(
    accounts: Accounts, tree: Tree, forms: dict, agreed: Callable[..., AwardProposal]
) -> None:
    from qpdp.planning.review import data, layout, outputs

    decide(accounts, tree, forms, [agreed(tree.suoi_hoa)])
    review = data.assemble(tree.city, 2022, issued_on=D(2023, 1, 10))
    paragraph = selectors.review_paragraph(tree.city, 2022)
    assert review.awarded == [paragraph]
    texts = [block.text for block in layout.body(review)]
    awards_heading = next(i for i, t in enumerate(texts) if t.endswith("Thi đua, khen thưởng"))
    assert texts[awards_heading + 1] == paragraph
    assert outputs.as_json_data(review)["awarded"] == [paragraph]
    assert data.assemble(tree.city, 2023, issued_on=D(2024, 1, 10)).awarded == []


def test_a_decision_number_is_used_once_a_year(
    accounts: Accounts, tree: Tree, forms: dict, agreed: Callable[..., AwardProposal]
) -> None:
    decide(accounts, tree, forms, [agreed(tree.suoi_hoa)])
    second = agreed(tree.kinh_bac_old)
    with refused(ErrorCode.DECISION_NUMBER_TAKEN, AwardDecision, field="number"):
        decide(accounts, tree, forms, [second])
    with refused(ErrorCode.DECISION_NUMBER_REQUIRED, AwardDecision, field="number"):
        decide(accounts, tree, forms, [second], number=" ")
    second.refresh_from_db()
    assert second.status == "agreed" and second.decision is None
    assert decide(accounts, tree, forms, [second], number="126/QĐ-UBND").number == "126/QĐ-UBND"


def test_a_form_the_signer_may_not_give_is_refused(
    accounts: Accounts, tree: Tree, forms: dict, agreed: Callable[..., AwardProposal]
) -> None:
    proposal = agreed(tree.suoi_hoa, form="bang_khen_tinh")
    with refused(ErrorCode.FORM_NOT_ALLOWED, AwardDecision, field="form"):
        decide(accounts, tree, forms, [proposal], form=forms["bang_khen_tinh"])
    # the district level ends on 30/06/2025: a city Giấy khen after that day is refused
    late = agreed(tree.suoi_hoa, year=2025)
    with refused(ErrorCode.FORM_NOT_ALLOWED, AwardDecision, field="form"):
        decide(accounts, tree, forms, [late], year=2025, signed_on=D(2025, 12, 28))


def test_the_same_achievement_is_not_awarded_twice(
    accounts: Accounts, tree: Tree, forms: dict, agreed: Callable[..., AwardProposal]
) -> None:
    decide(accounts, tree, forms, [agreed(tree.suoi_hoa)])
    with refused(ErrorCode.ACHIEVEMENT_AWARDED, AwardProposal, field="achievement"):
        agreed(tree.suoi_hoa)
    other_field = agreed(tree.suoi_hoa, field="overall")  # another achievement
    assert other_field.status == "agreed"


def test_a_nominee_proposed_twice_and_other_proposal_refusals(
    accounts: Accounts,
    tree: Tree,
    forms: dict,
    agreed: Callable[..., AwardProposal],
    veteran: Person,
) -> None:
    agreed(tree.suoi_hoa)
    with refused(ErrorCode.ACHIEVEMENT_PROPOSED, AwardProposal, field="achievement"):
        agreed(tree.suoi_hoa, form="tap_the_lao_dong_tien_tien")
    base = {
        "proposer": tree.city,
        "year": 2022,
        "field": FIELD,
        "achievement": "Thành tích",
        "proposed_on": D(2022, 12, 1),
    }
    user = accounts.city_commander
    with refused(ErrorCode.NOMINEE_REQUIRED, AwardProposal, field="collective"):
        services.propose(user, form=forms["giay_khen"], **base)
    with refused(ErrorCode.FORM_NOT_FOR_COLLECTIVE, AwardProposal, field="form"):
        services.propose(
            user, form=forms["lao_dong_tien_tien"], collective=tree.kinh_bac_old, **base
        )
    with refused(ErrorCode.FORM_NOT_FOR_INDIVIDUAL, AwardProposal, field="form"):
        services.propose(user, form=forms["tap_the_lao_dong_tien_tien"], person=veteran, **base)
    with refused(ErrorCode.NOMINEE_OUTSIDE_PROPOSER, AwardProposal, field="collective"):
        services.propose(
            user,
            form=forms["giay_khen"],
            collective=tree.vo_cuong,
            **{**base, "proposer": tree.suoi_hoa},
        )
    with refused(ErrorCode.ACHIEVEMENT_REQUIRED, AwardProposal, field="achievement"):
        services.propose(
            user,
            form=forms["giay_khen"],
            collective=tree.kinh_bac_old,
            **{**base, "achievement": " "},
        )
    with pytest.raises(PermissionDenied):
        services.propose(
            accounts.vo_cuong_staff, form=forms["giay_khen"], collective=tree.kinh_bac_old, **base
        )


def test_only_agreed_proposals_of_the_decision_are_awarded(
    accounts: Accounts, tree: Tree, forms: dict, agreed: Callable[..., AwardProposal]
) -> None:
    waiting = services.propose(
        accounts.city_commander,
        proposer=tree.city,
        year=2022,
        form=forms["giay_khen"],
        field=FIELD,
        achievement="Thành tích",
        proposed_on=D(2022, 12, 1),
        collective=tree.kinh_bac_old,
    )
    with refused(ErrorCode.PROPOSAL_NOT_AGREED, AwardDecision, field="proposals"):
        decide(accounts, tree, forms, [waiting])
    services.review(accounts.city_commander, waiting, agreed=False, reviewed_on=D(2022, 12, 2))
    with refused(ErrorCode.REVIEW_DONE, field="status"):
        services.review(accounts.city_commander, waiting, agreed=True, reviewed_on=D(2022, 12, 3))
    other_year = agreed(tree.suoi_hoa, year=2021)
    with refused(ErrorCode.PROPOSAL_MISMATCH, AwardDecision, field="proposals"):
        decide(accounts, tree, forms, [other_year])
    with refused(ErrorCode.DECISION_WITHOUT_AWARDEES, AwardDecision, field="proposals"):
        decide(accounts, tree, forms, [])


def test_a_title_needs_the_titles_it_requires(
    accounts: Accounts,
    tree: Tree,
    forms: dict,
    agreed: Callable[..., AwardProposal],
    veteran: Person,
) -> None:
    assert TitlePrerequisite.objects.filter(form=forms["chien_si_thi_dua_co_so"]).exists()
    fighter = agreed(person=veteran, form="chien_si_thi_dua_co_so", field="overall")
    with refused(ErrorCode.PREREQUISITE_MISSING, AwardDecision, field="proposals"):
        decide(
            accounts, tree, forms, [fighter], form=forms["chien_si_thi_dua_co_so"], field="overall"
        )
    advanced = agreed(person=veteran, form="lao_dong_tien_tien", field=FIELD)
    decide(
        accounts,
        tree,
        forms,
        [advanced],
        form=forms["lao_dong_tien_tien"],
        number="1/QĐ-UBND",
        signed_on=D(2022, 12, 20),
    )
    decision = decide(
        accounts,
        tree,
        forms,
        [fighter],
        form=forms["chien_si_thi_dua_co_so"],
        field="overall",
        number="2/QĐ-UBND",
    )
    fighter.refresh_from_db()
    assert fighter.reward_amount is None  # no multiple for 2022 in the data: no amount
    assert decision.awardees.get() == fighter


def test_the_printed_decision_and_certificates_name_the_awardees(
    accounts: Accounts,
    tree: Tree,
    forms: dict,
    agreed: Callable[..., AwardProposal],
    veteran: Person,
) -> None:
    decision = decide(accounts, tree, forms, [agreed(tree.suoi_hoa), agreed(person=veteran)])
    text = _text(documents.render_decision(decision))
    assert "QUYẾT ĐỊNH" in text and "Số: 125/QĐ-UBND" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ BẮC NINH" in text
    assert "Tặng Giấy khen cho 01 tập thể, 01 cá nhân" in text
    assert "Phường Suối Hoa" in text and veteran.full_name in text
    assert "447.000 đồng" in text and "223.500 đồng" in text
    assert "ngày 28 tháng 12 năm 2022" in text
    certificates = documents.render_certificates(decision)
    pages = _text(certificates)
    assert pages.count("GIẤY KHEN") == 2
    assert "Phường Suối Hoa" in pages and veteran.full_name in pages
    with zipfile.ZipFile(io.BytesIO(certificates)) as archive:
        assert "{{" not in archive.read("word/document.xml").decode()


def test_a_province_template_replaces_the_shipped_one(
    accounts: Accounts,
    tree: Tree,
    forms: dict,
    agreed: Callable[..., AwardProposal],
    settings: Any,
    tmp_path: Any,
) -> None:

    document = Document()
    document.add_paragraph(
        "Mẫu của tỉnh: {{ d.number }} — {% for a in d.awardees %}{{ a.name }}{% endfor %}"
    )
    document.save(tmp_path / documents.DECISION_TEMPLATE)
    settings.QPDP_TEMPLATE_DIR = str(tmp_path)
    decision = decide(accounts, tree, forms, [agreed(tree.suoi_hoa)])
    assert "Mẫu của tỉnh: 125/QĐ-UBND — Phường Suối Hoa" in _text(
        documents.render_decision(decision)
    )


def _text(body: bytes) -> str:
    document = Document(io.BytesIO(body))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)
