"""The militia roster from a spreadsheet (danh sách dân quân tự vệ): each row a citizen and the unit
he serves in, with the joining decision.

The roster a ward keeps names the person as the people layout does (a person exists once:
matched by identity number, which this layout requires) beside the unit's name, the post, the
joining day and the decision. A row creates or updates the person, then enrols him through
``services.enrol_member``, which applies the law (ages, one unit at a time, deferrals, strength)
and audits. The preview asks the same rules first for what it can check without writing, so a
row the service would refuse is shown as an error with its reason; re-importing a roster
changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from qpdp.core import audit
from qpdp.core.access import AnyUser, check_unit_writable
from qpdp.core.dates import DAY, PartialDate
from qpdp.core.vietnamese import fold
from qpdp.imports.error_codes import ErrorCode as ImportErrorCode
from qpdp.imports.layouts import Layout, LayoutField, register
from qpdp.imports.models import ImportRun
from qpdp.imports.records import Action, Plan, RowContext, problem
from qpdp.imports.values import parse_date, parse_mark, parse_text
from qpdp.militia import rules, selectors
from qpdp.militia.models import Membership, MilitiaUnit
from qpdp.militia.rules import Post
from qpdp.militia.services import enrol_member
from qpdp.people.import_layouts import PEOPLE, PeopleRecords, writer
from qpdp.people.models import Person

_LINK_KEY: Final = "militia_membership"
UNDO_REFUSED: Final = gettext_lazy(
    "Không hoàn tác được: dân quân tự vệ của lần nhập này đã có hồ sơ khác (huấn luyện, chuyển "
    "đơn vị)."
)
_NUMBER_LENGTH: Final = Membership._meta.get_field("decision_number").max_length
_SIGNER_LENGTH: Final = Membership._meta.get_field("decision_signer").max_length


def post_from_text(text: str) -> str | None:
    """ "Trung đội trưởng" → commander, "Phó trung đội trưởng" / "Tiểu đội phó" → deputy,
    "Chiến sĩ" or blank → member; None when it reads as none of them."""
    key = fold(text)
    if not key or key in ("chien si", "dan quan", "tu ve", "chien si dan quan"):
        return Post.MEMBER
    if key.startswith("pho ") or key.endswith(" pho"):
        return Post.DEPUTY
    if key.endswith(" truong"):
        return Post.COMMANDER
    return None


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


class MembershipRecords(PeopleRecords):
    """The person as the people layout has it, plus his service in a unit beside it."""

    def prepare(self, values: dict[str, object], context: RowContext, plan: Plan) -> dict[str, Any]:
        data = super().prepare(values, context, plan)
        for name in ("joined_on", "decision_date"):
            value = values.get(name)
            if not isinstance(value, PartialDate):
                continue
            if value.precision != DAY:
                reason = _("Ngày phải ghi đủ ngày, tháng, năm.")
                plan.problems.append(problem(plan.row, context.locate(name), reason))
            else:
                data[f"militia_{name}"] = value.earliest.isoformat()
        for name, limit in (
            ("decision_number", _NUMBER_LENGTH),
            ("decision_signer", _SIGNER_LENGTH),
        ):
            value = values.get(name)
            if isinstance(value, str):
                if limit is not None and len(value) > limit:
                    reason = _("Ô dài quá %(limit)s ký tự.") % {"limit": limit}
                    plan.problems.append(problem(plan.row, context.locate(name), reason))
                data[f"militia_{name}"] = value
        post = post_from_text(str(values.get("post") or ""))
        if post is None:
            reason = _("Chức vụ “%(post)s” không rõ: ghi chiến sĩ, chỉ huy trưởng hoặc phó.") % {
                "post": values.get("post")
            }
            plan.problems.append(problem(plan.row, context.locate("post"), reason))
        data["militia_post"] = post or Post.MEMBER
        data["militia_unit_name"] = values.get("militia_unit") or ""
        data["militia_volunteer"] = values.get("volunteer") is True
        return data

    def classify(self, user: AnyUser, plans: Sequence[Plan], context: RowContext) -> None:
        super().classify(user, plans, context)
        valid = [plan for plan in plans if not plan.problems]
        units: dict[str, list[MilitiaUnit]] = {}
        for militia_unit in selectors.units_for(user).filter(dissolved_on__isnull=True):
            units.setdefault(fold(militia_unit.name), []).append(militia_unit)
        known = [plan.record_id for plan in valid if plan.record_id is not None]
        serving = {
            m.person_id: m
            for m in Membership.objects.filter(person_id__in=known, ended_on__isnull=True)
        }
        for plan in valid:
            self._classify_one(plan, context, units, serving)

    def _classify_one(
        self,
        plan: Plan,
        context: RowContext,
        units: dict[str, list[MilitiaUnit]],
        serving: dict[int, Membership],
    ) -> None:
        data = plan.data
        data["militia_new"] = False
        found = units.get(fold(data["militia_unit_name"]), [])
        if len(found) != 1:
            reason = (
                _("Không có đơn vị “%(unit)s” đang hoạt động trong phạm vi của bạn.")
                if not found
                else _("“%(unit)s” ứng với nhiều đơn vị; hãy đổi tên đơn vị cho rõ.")
            ) % {"unit": data["militia_unit_name"]}
            plan.problems.append(problem(plan.row, context.locate("militia_unit"), reason))
            return
        militia_unit = found[0]
        joined_on = dt.date.fromisoformat(data["militia_joined_on"])
        current = serving.get(plan.record_id) if plan.record_id is not None else None
        if current is not None:
            if current.militia_unit_id == militia_unit.pk and current.joined_on == joined_on:
                return  # the same service: the person's own changes decide the action
            reason = _("Công dân đang là dân quân tự vệ của %(unit)s từ ngày %(day)s.") % {
                "unit": current.militia_unit.name,
                "day": _day(current.joined_on),
            }
            plan.problems.append(problem(plan.row, context.locate("militia_unit"), reason))
            return
        birth = PartialDate.from_stored(
            dt.date.fromisoformat(data["birth_date"]), data.get("birth_precision") or DAY
        )
        breach = rules.eligibility_breach(
            birth, data.get("gender") or "", joined_on, volunteer=data["militia_volunteer"]
        )
        if breach is not None:
            plan.problems.append(problem(plan.row, context.locate("joined_on"), str(breach)))
            return
        data["militia_unit_id"] = militia_unit.pk
        data["militia_new"] = True
        plan.action = Action.CREATE if plan.record_id is None else Action.UPDATE

    def write(
        self, user: AnyUser, run: ImportRun, plans: Sequence[Plan], *, today: dt.date
    ) -> None:
        """People first (in bulk, as the people layout writes them), then each service through
        the enrolment the page and the API use."""
        created = [plan for plan in plans if plan.record_id is None]
        changed = [plan for plan in plans if plan.record_id is not None and plan.changes]
        writer.create_people(run, created, today=today)
        writer.update_people(run, changed, today=today)
        new = [plan for plan in plans if plan.data.get("militia_new")]
        people = Person.objects.in_bulk([plan.record_id for plan in new])
        units = MilitiaUnit.objects.select_related("unit").in_bulk(
            [plan.data["militia_unit_id"] for plan in new]
        )
        written: list[tuple[int, Person, int]] = []
        for plan in new:
            data = plan.data
            person = people[plan.record_id or 0]
            militia_unit = units[data["militia_unit_id"]]
            joined_on = dt.date.fromisoformat(data["militia_joined_on"])
            signer = data.get("militia_decision_signer") or str(
                rules.default_decider(militia_unit.self_defense).label
            )
            membership = enrol_member(
                user,
                militia_unit,
                person,
                joined_on=joined_on,
                decision_number=data["militia_decision_number"],
                decision_date=dt.date.fromisoformat(
                    data.get("militia_decision_date") or data["militia_joined_on"]
                ),
                decision_signer=signer,
                post=data["militia_post"],
                volunteer=data["militia_volunteer"],
            )
            written.append((plan.row, person, membership.pk))
        writer.link_beside(run, _LINK_KEY, written)

    def undo_beside(self, user: AnyUser, run: ImportRun) -> None:
        """Delete the services the run recorded (before its people are undone)."""
        ids = writer.linked_beside(run, _LINK_KEY)
        memberships = Membership.objects.filter(pk__in=ids).select_related("militia_unit__unit")
        try:
            for membership in memberships:
                check_unit_writable(user, membership.militia_unit.unit)
                audit.delete_audited(user, membership, membership.militia_unit.unit)
        except ProtectedError:
            raise ValidationError(UNDO_REFUSED, code=ImportErrorCode.UNDO_PROTECTED) from None


# fmt: off
MILITIA_MEMBERS = register(
    Layout(
        code="militia_members",
        label_vi=gettext_noop("Danh sách dân quân tự vệ"),
        fields=(
            dataclasses.replace(
                PEOPLE.field("id_number"),
                required=True,
                satisfied_by=(("id_or_legacy_number",),),
            ),
            *(layout_field for layout_field in PEOPLE.fields if layout_field.name != "id_number"),
            LayoutField(
                "militia_unit",
                gettext_noop("Đơn vị dân quân tự vệ"),
                ("Đơn vị DQTV", "Tên đơn vị", "Biên chế ở đơn vị", "Thuộc đơn vị", "Trung đội"),
                parse_text,
                required=True,
            ),
            LayoutField("post", gettext_noop("Chức vụ"), ("Chức vụ DQTV",), parse_text),
            LayoutField(
                "joined_on",
                gettext_noop("Ngày vào dân quân tự vệ"),
                ("Ngày vào", "Ngày vào DQTV", "Ngày tham gia", "Ngày kết nạp", "Ngày nhập"),
                parse_date,
                required=True,
            ),
            LayoutField(
                "decision_number",
                gettext_noop("Số quyết định"),
                ("Số QĐ", "Số quyết định công nhận", "Quyết định số"),
                parse_text,
                required=True,
            ),
            LayoutField(
                "decision_date", gettext_noop("Ngày quyết định"), ("Ngày QĐ",), parse_date
            ),
            LayoutField(
                "decision_signer", gettext_noop("Người ký quyết định"), ("Người ký",), parse_text
            ),
            LayoutField(
                "volunteer", gettext_noop("Tự nguyện"), ("Tình nguyện", "Tự nguyện tham gia"),
                parse_mark,
            ),
        ),
        row_rules=PEOPLE.row_rules,
        records=MembershipRecords(),
    )
)
# fmt: on
