"""Demo emulation and commendation on the Bắc Ninh demo, written through the services.

- **2022, the old city of Bắc Ninh (256)**: the wards the city's 2022 emulation ranking
  proposes become proposals for a Giấy khen in local defense work in one step
  (``services.proposals_from_ranking``) — every ward met its quota, so thirteen tie at 100
  points and the city's commander first chooses to separate them by first registrations
  (``TIE_BREAK_2022``), which leaves five; seven wards each propose their military commander; the
  city's emulation council agrees; the chair of the city signs decision 125/QĐ-UBND on
  28/12/2022 for all of them ("tặng Giấy khen cho 05 tập thể, 07 cá nhân" when the ranking
  proposes five wards).
- **2026, the five new wards**: each ward proposes two individuals for its chair's Giấy khen
  in the 2026 call-up; the council agrees and the chair signs; a third proposal (Lao động tiên
  tiến) waits for the council.

Needs the ranking's figures: it runs after the education, rear-policy and call-up demos and
before the planning demo locks the 2022 figures (a lock keeps the indicators of its day).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from qpdp.awards import services
from qpdp.awards.models import AwardDecision, AwardField, AwardForm, AwardProposal
from qpdp.awards.scale import scale
from qpdp.core.demo import Demo, DemoContext, register
from qpdp.core.units import UnitKind
from qpdp.education.models import Official
from qpdp.planning.figures import year_figures
from qpdp.planning.review import ranking
from qpdp.planning.review.data import figures_of
from qpdp.planning.review.services import RankingWeights, set_weights

COMMANDER_POST = "Chỉ huy trưởng Ban Chỉ huy quân sự xã, phường"
TIE_BREAK_2022 = "conscription.first_registrations"
INDIVIDUALS_2022 = 7


@transaction.atomic
def seed_2022(context: DemoContext) -> None:
    on = dt.date(2022, 12, 1)
    city = context.unit(context.city_code, UnitKind.DISTRICT, on)
    if AwardDecision.objects.filter(authority=city, year=2022).exists():
        context.write("Khen thưởng năm 2022 của TP Bắc Ninh đã có; không tạo lại.")
        return
    commander = context.account(context.city_commander)
    giay_khen = AwardForm.objects.get(code="giay_khen")
    field = AwardField.LOCAL_DEFENSE
    _totals, by_unit = figures_of(year_figures(city, 2022))
    weights = ranking.weights_for(city, 2022) or ranking.default_weights(by_unit)
    set_weights(commander, RankingWeights(city, 2022, weights, TIE_BREAK_2022))
    proposals = services.proposals_from_ranking(
        commander,
        unit=city,
        year=2022,
        form=giay_khen,
        field=field,
        proposed_on=dt.date(2022, 12, 15),
    )
    wards = context.city_wards(on)
    commanders = (
        Official.objects.filter(unit__in=wards, post__name=COMMANDER_POST)
        .select_related("person", "unit")
        .order_by("unit__code")
    )
    for official in list(commanders)[:INDIVIDUALS_2022]:
        proposals.append(
            services.propose(
                context.staff_of(official.unit, commander),
                proposer=official.unit,
                year=2022,
                form=giay_khen,
                field=field,
                achievement=(
                    "Hoàn thành xuất sắc nhiệm vụ Chỉ huy trưởng Ban Chỉ huy quân sự phường: "
                    "giao quân đạt 100% chỉ tiêu, huấn luyện dân quân đạt khá"
                ),
                proposed_on=dt.date(2022, 12, 12),
                person=official.person,
            )
        )
    for proposal in proposals:
        services.review(commander, proposal, agreed=True, reviewed_on=dt.date(2022, 12, 22))
    decision = services.issue_decision(
        commander,
        authority=city,
        number="125/QĐ-UBND",
        year=2022,
        signed_on=dt.date(2022, 12, 28),
        form=giay_khen,
        field=field,
        proposals=proposals,
        signer_name="Nguyễn Văn Thành",
    )
    context.success(
        f"Đã tạo khen thưởng năm 2022: quyết định {decision.number}, "
        f"{decision.awardees.count()} tập thể, cá nhân."
    )


@transaction.atomic
def seed_2026(context: DemoContext) -> None:
    on = dt.date(2026, 3, 1)
    wards = [context.unit(code, UnitKind.COMMUNE, on) for code in context.new_ward_codes]
    if AwardProposal.objects.filter(proposer__in=wards, year=2026).exists():
        context.write("Khen thưởng năm 2026 của các phường mới đã có; không tạo lại.")
        return
    admin = context.account(context.admin)
    giay_khen = AwardForm.objects.get(code="giay_khen")
    advanced = AwardForm.objects.get(code="lao_dong_tien_tien")
    field = AwardField.LOCAL_DEFENSE
    decisions = 0
    for ward in wards:
        staff = context.staff_of(ward, admin)
        holders = list(
            Official.objects.filter(unit=ward).select_related("person").order_by("pk")[:3]
        )
        chosen = []
        for official in holders[:2]:
            proposal = services.propose(
                staff,
                proposer=ward,
                year=2026,
                form=giay_khen,
                field=field,
                achievement="Có thành tích trong công tác tuyển chọn và gọi công dân nhập ngũ",
                proposed_on=dt.date(2026, 3, 2),
                person=official.person,
            )
            chosen.append(
                services.review(staff, proposal, agreed=True, reviewed_on=on.replace(day=5))
            )
        services.issue_decision(
            staff,
            authority=ward,
            number="15/QĐ-UBND",
            year=2026,
            signed_on=dt.date(2026, 3, 10),
            form=giay_khen,
            field=field,
            proposals=chosen,
        )
        decisions += 1
        if len(holders) > 2:
            services.propose(
                staff,
                proposer=ward,
                year=2026,
                form=advanced,
                field=AwardField.OVERALL,
                achievement="Hoàn thành tốt nhiệm vụ năm 2026",
                proposed_on=dt.date(2026, 11, 20),
                person=holders[2].person,
            )
    context.success(f"Đã tạo khen thưởng năm 2026: {decisions} quyết định của các phường mới.")


def seed(context: DemoContext) -> None:
    """Awards of the demo: the 2022 decision from the city's ranking, the 2026 ward decisions.

    Builds on the ``people``, ``conscription`` and ``education`` demos (the post holders it
    proposes) and, so that the ranking is the one the review prints, the ``welfare`` demo; it
    runs before the ``planning`` demo locks the 2022 figures (its app comes first in
    ``INSTALLED_APPS``).
    """
    seed_2022(context)
    seed_2026(context)


register(
    Demo("awards", seed, after=("people", "conscription", "education", "welfare"), scale=scale)
)
