"""Emulation and commendation workflows: propose, the emulation council's review, the numbered
decision that awards, and the ranking's proposals turned into award proposals in one step.

Each function takes the acting user, checks scope first, asks ``rules`` with the dated tables
read here, refuses with a Vietnamese message and an ``ErrorCode``, writes in one transaction
and records the audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from qpdp.awards import rules
from qpdp.awards.error_codes import ErrorCode
from qpdp.awards.models import (
    AwardAuthority,
    AwardDecision,
    AwardField,
    AwardForm,
    AwardProposal,
    ProposalStatus,
    RewardRate,
    TitlePrerequisite,
)
from qpdp.core import audit
from qpdp.core.access import AnyUser, User, check_object_writable, check_unit_writable
from qpdp.core.dated import latest_in_force
from qpdp.core.units import Unit, UnitKind
from qpdp.core.vietnamese import clean_text
from qpdp.people.models import Person
from qpdp.welfare.selectors import base_salary

if TYPE_CHECKING:
    from qpdp.planning.review.ranking import Score


def _refuse(field: str, message: str, code: ErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


LIVE = (ProposalStatus.PROPOSED, ProposalStatus.AGREED, ProposalStatus.AWARDED)


def _same_nominee(collective: Unit | None, person: Person | None) -> dict[str, object]:
    return {"collective": collective} if collective is not None else {"person": person}


@transaction.atomic
def propose(
    user: AnyUser,
    *,
    proposer: Unit,
    year: int,
    form: AwardForm,
    field: str,
    achievement: str,
    proposed_on: dt.date,
    collective: Unit | None = None,
    person: Person | None = None,
    ranking_score: Decimal | None = None,
) -> AwardProposal:
    """``proposer`` proposes a collective of its area, or an individual, for ``form``; one
    achievement (a nominee's year of work in one field) is proposed and awarded once."""
    check_unit_writable(user, proposer)
    achievement = clean_text(achievement or "")
    if (collective is None) == (person is None):
        raise _refuse(
            "collective",
            _("Đề nghị khen thưởng cho một tập thể hoặc một cá nhân."),
            ErrorCode.NOMINEE_REQUIRED,
        )
    if collective is not None and not form.for_collective:
        raise _refuse(
            "form",
            _("“%(form)s” không tặng cho tập thể.") % {"form": form},
            ErrorCode.FORM_NOT_FOR_COLLECTIVE,
        )
    if person is not None and not form.for_individual:
        raise _refuse(
            "form",
            _("“%(form)s” không tặng cho cá nhân.") % {"form": form},
            ErrorCode.FORM_NOT_FOR_INDIVIDUAL,
        )
    if collective is not None and not collective.path.startswith(proposer.path):
        raise _refuse(
            "collective",
            _("%(unit)s không thuộc %(proposer)s.")
            % {"unit": collective.label, "proposer": proposer.label},
            ErrorCode.NOMINEE_OUTSIDE_PROPOSER,
        )
    if field not in AwardField.values:
        raise _refuse("field", _("Lĩnh vực không hợp lệ."), ErrorCode.FIELD_UNKNOWN)
    if not achievement:
        raise _refuse("achievement", _("Phải ghi thành tích."), ErrorCode.ACHIEVEMENT_REQUIRED)
    nominee = _same_nominee(collective, person)
    earlier = AwardProposal.objects.filter(
        year=year, field=field, status__in=LIVE, **nominee
    ).first()
    if earlier is not None:
        awarded = earlier.status == ProposalStatus.AWARDED
        raise _refuse(
            "achievement",
            (
                _("%(name)s đã được khen thưởng (%(form)s) cho thành tích %(field)s năm %(year)s.")
                if awarded
                else _("%(name)s đã được đề nghị (%(form)s) cho thành tích %(field)s năm %(year)s.")
            )
            % {
                "name": collective.label if collective else person,
                "form": earlier.form,
                "field": AwardField(field).label.lower(),
                "year": year,
            },
            ErrorCode.ACHIEVEMENT_AWARDED if awarded else ErrorCode.ACHIEVEMENT_PROPOSED,
        )
    proposal = AwardProposal(
        proposer=proposer,
        unit=collective if collective is not None else proposer,
        year=year,
        form=form,
        field=field,
        collective=collective,
        person=person,
        achievement=achievement,
        proposed_on=proposed_on,
        ranking_score=ranking_score,
    )
    return audit.create_audited(user, proposal, proposal.unit)


@transaction.atomic
def review(
    user: AnyUser, proposal: AwardProposal, *, agreed: bool, reviewed_on: dt.date, note: str = ""
) -> AwardProposal:
    """The emulation council (Hội đồng thi đua, khen thưởng) agrees or not."""
    check_object_writable(user, proposal)
    if proposal.status != ProposalStatus.PROPOSED:
        raise _refuse(
            "status",
            _("Đề nghị đã được xét (%(status)s).") % {"status": proposal.get_status_display()},
            ErrorCode.REVIEW_DONE,
        )
    if reviewed_on < proposal.proposed_on:
        raise _refuse(
            "reviewed_on",
            _("Ngày xét không được trước ngày đề nghị."),
            ErrorCode.SIGNED_BEFORE_PROPOSAL,
        )
    status = ProposalStatus.AGREED if agreed else ProposalStatus.NOT_AGREED
    return audit.update_audited(
        user,
        proposal,
        proposal.unit,
        {"status": status, "reviewed_on": reviewed_on, "council_note": clean_text(note)},
    )


def _powers() -> list[rules.Power]:
    return [
        rules.Power(row.form.code, row.level, row.valid_from, row.valid_to)
        for row in AwardAuthority.objects.select_related("form")
    ]


def _prerequisites(on: dt.date) -> list[rules.Prerequisite]:
    rows = list(TitlePrerequisite.objects.select_related("form", "requires", "or_requires"))
    keys = {(row.form_id, row.requires_id) for row in rows}
    found = []
    for form_id, requires_id in keys:
        row = latest_in_force(
            rows, on, key=lambda r: (r.form_id, r.requires_id), wanted=(form_id, requires_id)
        )
        if row is not None:
            found.append(
                rules.Prerequisite(
                    row.form.code,
                    row.requires.code,
                    row.or_requires.code if row.or_requires else None,
                    row.years,
                )
            )
    return found


def reward_for(form: AwardForm, *, collective: bool, on: dt.date) -> int | None:
    """The reward in đồng for one awardee on ``on`` (None: multiple or base salary unknown)."""
    rate = latest_in_force(RewardRate.objects.filter(form=form, collective=collective), on)
    salary = base_salary(on)
    if rate is None or salary is None:
        return None
    return rules.reward_amount(rate.multiple, salary)


def _held(proposals: Sequence[AwardProposal]) -> dict[tuple[str, int], dict[str, set[int]]]:
    """Titles already awarded to each nominee: ("c"/"p", id) → form code → years."""
    collectives = [p.collective_id for p in proposals if p.collective_id]
    people = [p.person_id for p in proposals if p.person_id]
    held: dict[tuple[str, int], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    rows = AwardProposal.objects.filter(
        Q(collective_id__in=collectives) | Q(person_id__in=people), status=ProposalStatus.AWARDED
    )
    for collective_id, person_id, code, year in rows.values_list(
        "collective_id", "person_id", "form__code", "year"
    ):
        key = ("c", collective_id) if collective_id else ("p", person_id)
        held[key][code].add(year)
    return held


def _key(proposal: AwardProposal) -> tuple[str, int]:
    if proposal.collective_id:
        return ("c", proposal.collective_id)
    return ("p", proposal.person_id or 0)


@transaction.atomic
def issue_decision(
    user: AnyUser,
    *,
    authority: Unit,
    number: str,
    year: int,
    signed_on: dt.date,
    form: AwardForm,
    field: str,
    proposals: Sequence[AwardProposal],
    signer_name: str = "",
    signer_title: str = "CHỦ TỊCH",
) -> AwardDecision:
    """The chair of ``authority``'s People's Committee awards ``form`` to the agreed proposals,
    if the law lets that level give it that day (Art. 80), each nominee holds the titles it
    requires, no achievement is awarded twice and the number is not used twice."""
    check_unit_writable(user, authority)
    number = clean_text(number or "")
    if not number:
        raise _refuse("number", _("Phải ghi số quyết định."), ErrorCode.DECISION_NUMBER_REQUIRED)
    if AwardDecision.objects.filter(authority=authority, year=year, number=number).exists():
        raise _refuse(
            "number",
            _("Số quyết định %(number)s đã dùng năm %(year)s.") % {"number": number, "year": year},
            ErrorCode.DECISION_NUMBER_TAKEN,
        )
    powers = _powers()
    if not rules.may_award(authority.kind, form.code, signed_on, powers):
        levels = [
            str(UnitKind(level).label) for level in rules.levels_for(form.code, signed_on, powers)
        ]
        raise _refuse(
            "form",
            _(
                "Chủ tịch UBND cấp %(level)s không có thẩm quyền tặng “%(form)s” ngày %(day)s "
                "(%(article)s); cấp có thẩm quyền: %(levels)s."
            )
            % {
                "level": UnitKind(authority.kind).label.lower(),
                "form": form,
                "day": f"{signed_on:%d/%m/%Y}",
                "article": rules.ART_80,
                "levels": ", ".join(levels) or _("chưa có trong danh mục"),
            },
            ErrorCode.FORM_NOT_ALLOWED,
        )
    if not proposals:
        raise _refuse(
            "proposals",
            _("Quyết định phải có người, tập thể được khen."),
            ErrorCode.DECISION_WITHOUT_AWARDEES,
        )
    held = _held(proposals)
    prerequisites = _prerequisites(signed_on)
    seen: set[tuple[str, int]] = set()
    for proposal in proposals:
        _check_awardee(proposal, authority, year, form, field, signed_on)
        key = _key(proposal)
        titles = held.get(key, {})
        if key in seen or _awarded_for(proposal):
            raise _refuse(
                "proposals",
                _("%(name)s đã được khen thưởng cho thành tích năm %(year)s.")
                % {"name": proposal.nominee, "year": year},
                ErrorCode.ACHIEVEMENT_AWARDED,
            )
        seen.add(key)
        unmet = rules.unmet_prerequisites(form.code, year, titles, prerequisites)
        if unmet:
            need = unmet[0]
            raise _refuse(
                "proposals",
                _(
                    "%(name)s chưa đủ điều kiện: cần đạt %(title)s %(years)s năm liên tục "
                    "đến năm %(year)s."
                )
                % {
                    "name": proposal.nominee,
                    "title": AwardForm.objects.get(code=need.requires),
                    "years": need.years,
                    "year": year,
                },
                ErrorCode.PREREQUISITE_MISSING,
            )
    decision = AwardDecision(
        authority=authority,
        number=number,
        year=year,
        signed_on=signed_on,
        form=form,
        field=field,
        signer_name=clean_text(signer_name),
        signer_title=clean_text(signer_title) or "CHỦ TỊCH",
        created_by=user if isinstance(user, User) else None,
    )
    audit.create_audited(user, decision, authority)
    for proposal in proposals:
        audit.update_audited(
            user,
            proposal,
            proposal.unit,
            {
                "status": ProposalStatus.AWARDED,
                "decision": decision,
                "reward_amount": reward_for(
                    form, collective=proposal.collective_id is not None, on=signed_on
                ),
            },
        )
    return decision


def _awarded_for(proposal: AwardProposal) -> bool:
    """Whether the nominee was already awarded for this year's work in this field."""
    nominee = _same_nominee(proposal.collective, proposal.person)
    done = AwardProposal.objects.filter(status=ProposalStatus.AWARDED, **nominee).values_list(
        "year", "field"
    )
    return rules.awarded_twice(proposal.year, proposal.field, done)


def _check_awardee(
    proposal: AwardProposal,
    authority: Unit,
    year: int,
    form: AwardForm,
    field: str,
    signed_on: dt.date,
) -> None:
    if proposal.status != ProposalStatus.AGREED:
        raise _refuse(
            "proposals",
            _("Đề nghị khen thưởng %(name)s chưa được hội đồng thi đua nhất trí (%(status)s).")
            % {"name": proposal.nominee, "status": proposal.get_status_display()},
            ErrorCode.PROPOSAL_NOT_AGREED,
        )
    if (proposal.form_id, proposal.field, proposal.year) != (form.pk, field, year):
        raise _refuse(
            "proposals",
            _("Đề nghị khen thưởng %(name)s là %(form)s, năm %(year)s; khác quyết định.")
            % {"name": proposal.nominee, "form": proposal.form, "year": proposal.year},
            ErrorCode.PROPOSAL_MISMATCH,
        )
    if not proposal.unit.path.startswith(authority.path):
        raise _refuse(
            "proposals",
            _("%(name)s không thuộc phạm vi của %(authority)s.")
            % {"name": proposal.nominee, "authority": authority.label},
            ErrorCode.PROPOSAL_OUTSIDE_AUTHORITY,
        )
    if signed_on < proposal.proposed_on:
        raise _refuse(
            "signed_on",
            _("Ngày ký không được trước ngày đề nghị khen thưởng %(name)s.")
            % {"name": proposal.nominee},
            ErrorCode.SIGNED_BEFORE_PROPOSAL,
        )


def ranking_proposed(unit: Unit, year: int) -> list[Score]:
    """The child units the year's emulation ranking proposes for commendation, as the review
    prints them (``planning.review.ranking.proposed`` over the year's figures)."""
    from qpdp.planning.figures import year_figures
    from qpdp.planning.review import ranking
    from qpdp.planning.review.data import figures_of

    _totals, by_unit = figures_of(year_figures(unit, year))
    return ranking.proposed(ranking.rank(unit, year, by_unit))


@transaction.atomic
def proposals_from_ranking(
    user: AnyUser,
    *,
    unit: Unit,
    year: int,
    form: AwardForm,
    field: str,
    proposed_on: dt.date,
) -> list[AwardProposal]:
    """The wards the year's emulation ranking proposes for commendation (``planning.review.
    ranking.proposed``, as the review prints them) become award proposals of ``unit`` in one
    step; a ward already proposed for that year and field is left as it is."""
    check_unit_writable(user, unit)
    chosen = ranking_proposed(unit, year)
    wards = Unit.objects.in_bulk([score.unit.id for score in chosen])
    already = set(
        AwardProposal.objects.filter(
            collective__in=list(wards), year=year, field=field, status__in=LIVE
        ).values_list("collective_id", flat=True)
    )
    created = []
    for score in chosen:
        if score.unit.id in already:
            continue
        place = (
            _("Đồng hạng %(rank)s trong chấm điểm thi đua %(field)s năm %(year)s (%(score)s điểm).")
            if score.tied
            else _(
                "Xếp thứ %(rank)s trong chấm điểm thi đua %(field)s năm %(year)s (%(score)s điểm)."
            )
        )
        achievement = place % {
            "rank": score.rank,
            "field": AwardField(field).label.lower(),
            "year": year,
            "score": str(score.score).replace(".", ","),
        }
        created.append(
            propose(
                user,
                proposer=unit,
                year=year,
                form=form,
                field=field,
                achievement=achievement,
                proposed_on=proposed_on,
                collective=wards[score.unit.id],
                ranking_score=score.score,
            )
        )
    return created
