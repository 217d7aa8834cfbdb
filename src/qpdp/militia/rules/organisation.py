"""Kinds of force, unit levels and posts, and who may set up a unit or sign a member's decision.

Law on Militia and Self-Defense Forces 48/2019/QH14: components in Art. 6 (defined in Art. 2);
unit structure in Art. 15 and 22, rewritten by Law 98/2025/QH15 from 01/07/2025; decisions on a
member (joining, extension, deferral, exemption, release, completion) in Art. 8.3, 10.4, 11.4,
12.3 and 13.4 as amended in 2025. Before 01/07/2025 the three-tier wording applied; it is not in
the verified sources, so for earlier dates the rules accept every level of the three-tier model
(province, district, commune, host organisation) rather than refuse on a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from qpdp.core.dated import row_on
from qpdp.militia.error_codes import ErrorCode

from .base import BEFORE_REFORM, MILITIA_LAW, REFORM, Breach, Text


class ForceKind(TextChoices):
    """The components of the militia (Art. 6); all of them are the core militia (nòng cốt).

    The broad militia (rộng rãi) is not a kind of unit: it is the people who completed their duty
    and are still of militia age (Art. 13.2), found by ``selectors.broad_militia``.
    """

    STANDING = "standing", _("Dân quân thường trực")
    MOBILE = "mobile", _("Cơ động")
    LOCAL = "local", _("Tại chỗ")
    MARITIME = "maritime", _("Biển")
    AIR_DEFENSE = "air_defense", _("Phòng không")
    ARTILLERY = "artillery", _("Pháo binh")
    RECONNAISSANCE = "reconnaissance", _("Trinh sát")
    SIGNALS = "signals", _("Thông tin")
    ENGINEERS = "engineers", _("Công binh")
    CHEMICAL_DEFENSE = "chemical_defense", _("Phòng hóa")
    MEDICAL = "medical", _("Y tế")


SPECIALISED = frozenset(
    {
        ForceKind.AIR_DEFENSE,
        ForceKind.ARTILLERY,
        ForceKind.RECONNAISSANCE,
        ForceKind.SIGNALS,
        ForceKind.ENGINEERS,
        ForceKind.CHEMICAL_DEFENSE,
        ForceKind.MEDICAL,
    }
)
"""Art. 6.5: air-defense, artillery, reconnaissance, signals, engineer, chemical, medical."""


class Level(TextChoices):
    """Unit sizes named in Art. 15 and 19 (glossary: cell, squad, crew, platoon, company,
    flotilla). Head-counts are set by a Minister's circular not found (Art. 15.5): each unit
    carries its own authorised strength instead."""

    CELL = "cell", _("Tổ")
    SQUAD = "squad", _("Tiểu đội")
    CREW = "crew", _("Khẩu đội")
    PLATOON = "platoon", _("Trung đội")
    COMPANY = "company", _("Đại đội")
    FLOTILLA = "flotilla", _("Hải đội")


class Post(TextChoices):
    COMMANDER = "commander", _("Chỉ huy đơn vị")
    DEPUTY = "deputy", _("Phó chỉ huy đơn vị")
    MEMBER = "member", _("Chiến sĩ")


_COMMANDER_TITLES = {
    Level.CELL: _("Tổ trưởng"),
    Level.SQUAD: _("Tiểu đội trưởng"),
    Level.CREW: _("Khẩu đội trưởng"),
    Level.PLATOON: _("Trung đội trưởng"),
    Level.COMPANY: _("Đại đội trưởng"),
    Level.FLOTILLA: _("Hải đội trưởng"),
}
_DEPUTY_TITLES = {
    Level.CELL: _("Tổ phó"),
    Level.SQUAD: _("Tiểu đội phó"),
    Level.CREW: _("Khẩu đội phó"),
    Level.PLATOON: _("Phó trung đội trưởng"),
    Level.COMPANY: _("Phó đại đội trưởng"),
    Level.FLOTILLA: _("Phó hải đội trưởng"),
}


def post_title(level: str, post: str) -> Text:
    """The title of a command post as Art. 19 lists them ("Trung đội trưởng")."""
    if post == Post.COMMANDER:
        return _COMMANDER_TITLES[Level(level)]
    if post == Post.DEPUTY:
        return _DEPUTY_TITLES[Level(level)]
    return Post.MEMBER.label


class EstablishingAuthority(TextChoices):
    """Who signs the decision setting up a unit."""

    PROVINCE_COMMANDER = "province_commander", _("Chỉ huy trưởng Bộ Chỉ huy quân sự cấp tỉnh")
    DISTRICT_COMMANDER = "district_commander", _("Chỉ huy trưởng Ban Chỉ huy quân sự cấp huyện")
    COMMUNE_COMMANDER = "commune_commander", _("Chỉ huy trưởng Ban Chỉ huy quân sự cấp xã")
    ORGANISATION_COMMANDER = (
        "organisation_commander",
        _("Chỉ huy trưởng Ban Chỉ huy quân sự cơ quan, tổ chức"),
    )


class DecisionAuthority(TextChoices):
    """Who signs a decision on a member (joining, extension, deferral, release, completion)."""

    COMMUNE_CHAIR = "commune_chair", _("Chủ tịch Ủy ban nhân dân cấp xã")
    ORGANISATION_HEAD = "organisation_head", _("Người đứng đầu cơ quan, tổ chức")
    DISTRICT_CHAIR = "district_chair", _("Chủ tịch Ủy ban nhân dân cấp huyện")


type UnitTest = Callable[[str, str, bool], bool]
"""(kind of force, level, self-defense?) → whether an authority may set the unit up."""


@dataclass(frozen=True, slots=True)
class EstablishmentRule:
    """Who may set up which units, for the decisions dated within the validity window."""

    valid_from: date
    valid_to: date | None
    allowed: tuple[tuple[EstablishingAuthority, UnitTest], ...]
    article: Text


_COMMUNE_SPECIALISED = {
    ForceKind.RECONNAISSANCE,
    ForceKind.SIGNALS,
    ForceKind.ENGINEERS,
    ForceKind.CHEMICAL_DEFENSE,
    ForceKind.MEDICAL,
}


def _province_2025(kind: str, level: str, self_defense: bool) -> bool:
    """Art. 22.1 as amended: self-defense companies and platoons; militia platoons other than
    local ones (mobile, maritime, air-defense, artillery, standing); crews (mortar, air-defense,
    artillery); standing squads; the province's companies and flotillas (Art. 15.4)."""
    if self_defense:
        return level in (Level.COMPANY, Level.PLATOON)
    if level in (Level.COMPANY, Level.FLOTILLA, Level.CREW):
        return True
    if level == Level.PLATOON:
        return kind != ForceKind.LOCAL
    return level == Level.SQUAD and kind == ForceKind.STANDING


def _commune_2025(kind: str, level: str, self_defense: bool) -> bool:
    """Art. 22.1 as amended, with the commune chair's and the provincial commander's agreement:
    local cells, squads and platoons; reconnaissance, signals, engineer, chemical and medical
    cells and squads; maritime squads."""
    if self_defense:
        return False
    if kind == ForceKind.LOCAL:
        return level in (Level.CELL, Level.SQUAD, Level.PLATOON)
    if kind in _COMMUNE_SPECIALISED:
        return level in (Level.CELL, Level.SQUAD)
    return kind == ForceKind.MARITIME and level == Level.SQUAD


def _organisation_2025(kind: str, level: str, self_defense: bool) -> bool:
    """Self-defense cells and squads of an agency or enterprise: set up by its own military
    command (Art. 32.1.h lets it deploy its self-defense; the level that sets up units below a
    platoon is not in the verified text, and no other level is named for them)."""
    return self_defense and level in (Level.CELL, Level.SQUAD)


def _any(kind: str, level: str, self_defense: bool) -> bool:
    return True


ESTABLISHMENT_RULES: tuple[EstablishmentRule, ...] = (
    EstablishmentRule(
        MILITIA_LAW,
        BEFORE_REFORM,
        tuple((authority, _any) for authority in EstablishingAuthority),
        _("Điều 22 Luật Dân quân tự vệ 2019, bản trước ngày 01/07/2025 (chưa đối chiếu)"),
    ),
    EstablishmentRule(
        REFORM,
        None,
        (
            (EstablishingAuthority.PROVINCE_COMMANDER, _province_2025),
            (EstablishingAuthority.COMMUNE_COMMANDER, _commune_2025),
            (EstablishingAuthority.ORGANISATION_COMMANDER, _organisation_2025),
        ),
        _("Điều 15, Điều 22 Luật Dân quân tự vệ, sửa đổi bởi Luật số 98/2025/QH15"),
    ),
)


def establishment_rule(on: date) -> EstablishmentRule:
    """The table in force on the decision date (``NoRuleInForce`` before 01/07/2020)."""
    return row_on(ESTABLISHMENT_RULES, on)


def establishing_authorities(
    kind: str, level: str, self_defense: bool, on: date
) -> list[EstablishingAuthority]:
    """The levels the law names to set up such a unit on ``on`` (empty: nobody may)."""
    rule = establishment_rule(on)
    return [authority for authority, test in rule.allowed if test(kind, level, self_defense)]


def establishment_breach(
    authority: str, kind: str, level: str, self_defense: bool, on: date
) -> Breach | None:
    """A decision setting up a unit signed by a level the law does not name for it."""
    rule = establishment_rule(on)
    named = establishing_authorities(kind, level, self_defense, on)
    if authority in named:
        return None
    what = f"{Level(level).label} {ForceKind(kind).label.lower()}"
    if not named:
        return Breach(
            ErrorCode.LEVEL_NOT_FOR_KIND,
            _("Luật không quy định thành lập %(unit)s%(self_defense)s")
            % {"unit": what, "self_defense": _(" tự vệ") if self_defense else ""},
            rule.article,
            "level",
        )
    return Breach(
        ErrorCode.AUTHORITY_NOT_NAMED,
        _("%(authority)s không có thẩm quyền thành lập %(unit)s; thẩm quyền thuộc %(named)s")
        % {
            "authority": EstablishingAuthority(authority).label,
            "unit": what,
            "named": ", ".join(str(a.label) for a in named),
        },
        rule.article,
        "established_by",
    )


@dataclass(frozen=True, slots=True)
class DecisionRule:
    """Who signs the decisions on members of a unit kept by a commune or an organisation."""

    valid_from: date
    valid_to: date | None
    commune: frozenset[DecisionAuthority]
    organisation: frozenset[DecisionAuthority]
    article: Text


DECISION_RULES: tuple[DecisionRule, ...] = (
    DecisionRule(
        MILITIA_LAW,
        BEFORE_REFORM,
        frozenset(DecisionAuthority),
        frozenset(DecisionAuthority),
        _("Luật Dân quân tự vệ 2019, bản trước ngày 01/07/2025 (chưa đối chiếu)"),
    ),
    DecisionRule(
        REFORM,
        None,
        frozenset({DecisionAuthority.COMMUNE_CHAIR}),
        frozenset({DecisionAuthority.ORGANISATION_HEAD}),
        _(
            "khoản 3 Điều 8, khoản 4 Điều 10, khoản 4 Điều 11, khoản 3 Điều 12, khoản 4 Điều 13 "
            "Luật Dân quân tự vệ, sửa đổi bởi Luật số 98/2025/QH15"
        ),
    ),
)


def default_decider(self_defense: bool) -> DecisionAuthority:
    """The signer the 2025 text names: the head of the host organisation for self-defense, the
    commune chair for a commune's militia (and for the province's units, manned from communes)."""
    return DecisionAuthority.ORGANISATION_HEAD if self_defense else DecisionAuthority.COMMUNE_CHAIR


def decider_breach(authority: str, self_defense: bool, on: date) -> Breach | None:
    """A member's decision signed by a level the law does not name for the unit's keeper."""
    rule = row_on(DECISION_RULES, on)
    named = rule.organisation if self_defense else rule.commune
    if authority in named:
        return None
    return Breach(
        ErrorCode.DECIDER_NOT_NAMED,
        _("%(authority)s không có thẩm quyền quyết định; thẩm quyền thuộc %(named)s")
        % {
            "authority": DecisionAuthority(authority).label,
            "named": ", ".join(sorted(str(a.label) for a in named)),
        },
        rule.article,
        "decided_by",
    )
