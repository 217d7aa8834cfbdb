"""The reserve register from a spreadsheet (danh sách quân nhân dự bị): each row a citizen with his
registration, service history, military speciality and rank.

A row creates or updates the person as the people layout does (matched by identity number, which
this layout requires), then registers him through ``services.register_soldier``, which gives the
class the law gives his service (Military Service Law Art. 24) and audits. The preview asks the
same rule: a class written in the file that contradicts the law, a person the article does not
cover, or police service of 12 to under 20 months without a class written (the law gives none)
is an error with its article. Re-importing the register changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from qpdp.core import audit
from qpdp.core.access import AnyUser, check_unit_writable
from qpdp.core.dates import DAY, PartialDate
from qpdp.core.vietnamese import fold
from qpdp.imports.error_codes import ErrorCode as ImportErrorCode
from qpdp.imports.layouts import Layout, LayoutField, register
from qpdp.imports.models import ImportRun
from qpdp.imports.readers import CellValue
from qpdp.imports.records import Action, Plan, RowContext, problem
from qpdp.imports.values import ParseContext, ParseResult, parse_date, parse_text
from qpdp.people.import_layouts import PEOPLE, PeopleRecords, writer
from qpdp.people.models import Person
from qpdp.reserves import rules
from qpdp.reserves.models import ReserveSoldier
from qpdp.reserves.rules import Category, Rank, ServiceHistory
from qpdp.reserves.services import register_soldier

_LINK_KEY: Final = "reserve_soldier"
UNDO_REFUSED: Final = gettext_lazy(
    "Không hoàn tác được: quân nhân dự bị của lần nhập này đã có hồ sơ khác (sắp xếp, gọi "
    "tập trung)."
)
_SPECIALITY_LENGTH: Final = ReserveSoldier._meta.get_field("speciality").max_length
_MONTHS = re.compile(r"\d{1,3}")
_RANKS: Final = {fold(str(rank.label)): rank.value for rank in Rank}
_CATEGORIES: Final = {
    "1": Category.ONE, "i": Category.ONE, "hang 1": Category.ONE, "hang mot": Category.ONE,
    "2": Category.TWO, "ii": Category.TWO, "hang 2": Category.TWO, "hang hai": Category.TWO,
}  # fmt: skip


def parse_months(value: CellValue, context: ParseContext) -> ParseResult[int]:
    """A number of months (0–600), as a count or "24 tháng"."""
    text = fold(str(value).strip()) if value is not None else ""
    text = text.removesuffix("thang").strip().removesuffix(".0")
    if _MONTHS.fullmatch(text) and int(text) <= 600:
        return int(text), None
    return None, format_lazy(gettext_lazy("Số tháng “{value}” không đúng."), value=value)


def parse_rank(value: CellValue, context: ParseContext) -> ParseResult[str]:
    rank = _RANKS.get(fold(str(value or "")))
    if rank is None:
        return None, format_lazy(
            gettext_lazy("Cấp bậc “{value}” không rõ: Thượng sĩ, Trung sĩ, Hạ sĩ, Binh nhất, "
                         "Binh nhì."),
            value=value,
        )  # fmt: skip
    return rank, None


def parse_category(value: CellValue, context: ParseContext) -> ParseResult[str]:
    category = _CATEGORIES.get(fold(str(value or "")).strip())
    if category is None:
        return None, format_lazy(gettext_lazy("Hạng “{value}” không rõ: 1 hoặc 2."), value=value)
    return category, None


class SoldierRecords(PeopleRecords):
    """The person as the people layout has it, plus his reserve registration beside it."""

    def prepare(self, values: dict[str, object], context: RowContext, plan: Plan) -> dict[str, Any]:
        data = super().prepare(values, context, plan)
        for name in ("registered_on", "discharged_on"):
            value = values.get(name)
            if not isinstance(value, PartialDate):
                continue
            if value.precision != DAY:
                reason = _("Ngày phải ghi đủ ngày, tháng, năm.")
                plan.problems.append(problem(plan.row, context.locate(name), reason))
            else:
                data[f"reserve_{name}"] = value.earliest.isoformat()
        speciality = values.get("speciality")
        if isinstance(speciality, str):
            if _SPECIALITY_LENGTH is not None and len(speciality) > _SPECIALITY_LENGTH:
                reason = _("Ô dài quá %(limit)s ký tự.") % {"limit": _SPECIALITY_LENGTH}
                plan.problems.append(problem(plan.row, context.locate("speciality"), reason))
            data["reserve_speciality"] = speciality
        for name in ("active_service_months", "police_months", "rank", "category"):
            if values.get(name) is not None:
                data[f"reserve_{name}"] = values[name]
        return data

    def classify(self, user: AnyUser, plans: Sequence[Plan], context: RowContext) -> None:
        super().classify(user, plans, context)
        valid = [plan for plan in plans if not plan.problems]
        known = [plan.record_id for plan in valid if plan.record_id is not None]
        registered = {
            soldier.person_id: soldier
            for soldier in ReserveSoldier.objects.filter(
                person_id__in=known, transferred_out_on__isnull=True
            )
        }
        for plan in valid:
            self._classify_one(plan, context, registered)

    def _classify_one(
        self, plan: Plan, context: RowContext, registered: dict[int, ReserveSoldier]
    ) -> None:
        data = plan.data
        data["reserve_new"] = False
        registered_on = dt.date.fromisoformat(data["reserve_registered_on"])
        current = registered.get(plan.record_id) if plan.record_id is not None else None
        if current is not None:
            if current.registered_on == registered_on:
                return  # the same registration: the person's own changes decide the action
            reason = _("Công dân đã đăng ký ngạch dự bị ngày %(day)s.") % {
                "day": f"{current.registered_on:%d/%m/%Y}"
            }
            plan.problems.append(problem(plan.row, context.locate("registered_on"), reason))
            return
        birth = PartialDate.from_stored(
            dt.date.fromisoformat(data["birth_date"]), data.get("birth_precision") or DAY
        )
        ground = rules.decide_category(
            _history(data), data.get("gender") or "", birth, registered_on
        )
        written = data.get("reserve_category")
        column = context.locate("category", "active_service_months")
        if ground is rules.NOT_SUBJECT or (ground.category is None and not written):
            plan.problems.append(problem(plan.row, column, f"{ground.title} ({ground.article})."))
            return
        if ground.category is not None and written and written != ground.category:
            reason = _("Theo quá trình phục vụ, quân nhân thuộc %(category)s (%(article)s).") % {
                "category": ground.category.label.lower(),
                "article": ground.article,
            }
            plan.problems.append(problem(plan.row, column, reason))
            return
        data["reserve_new"] = True
        plan.action = Action.CREATE if plan.record_id is None else Action.UPDATE

    def write(
        self, user: AnyUser, run: ImportRun, plans: Sequence[Plan], *, today: dt.date
    ) -> None:
        """People first, in bulk; then each registration through the service."""
        created = [plan for plan in plans if plan.record_id is None]
        changed = [plan for plan in plans if plan.record_id is not None and plan.changes]
        writer.create_people(run, created, today=today)
        writer.update_people(run, changed, today=today)
        new = [plan for plan in plans if plan.data.get("reserve_new")]
        people = Person.objects.select_related("residence_unit").in_bulk(
            [plan.record_id for plan in new]
        )
        written: list[tuple[int, Person, int]] = []
        for plan in new:
            data = plan.data
            person = people[plan.record_id or 0]
            discharged = data.get("reserve_discharged_on")
            soldier = register_soldier(
                user,
                person,
                person.residence_unit,
                registered_on=dt.date.fromisoformat(data["reserve_registered_on"]),
                discharged_on=dt.date.fromisoformat(discharged) if discharged else None,
                history=_history(data),
                speciality=data.get("reserve_speciality", ""),
                rank=data.get("reserve_rank", ""),
                category=data.get("reserve_category", ""),
                category_reason=_("Theo danh sách nhập") if data.get("reserve_category") else "",
            )
            written.append((plan.row, person, soldier.pk))
        writer.link_beside(run, _LINK_KEY, written)

    def undo_beside(self, user: AnyUser, run: ImportRun) -> None:
        """Delete the registrations the run recorded (before its people are undone)."""
        ids = writer.linked_beside(run, _LINK_KEY)
        try:
            for soldier in ReserveSoldier.objects.filter(pk__in=ids).select_related("unit"):
                check_unit_writable(user, soldier.unit)
                audit.delete_audited(user, soldier, soldier.unit)
        except ProtectedError:
            raise ValidationError(UNDO_REFUSED, code=ImportErrorCode.UNDO_PROTECTED) from None


def _history(data: dict[str, Any]) -> ServiceHistory:
    return ServiceHistory(
        active_service_months=data.get("reserve_active_service_months") or 0,
        police_months=data.get("reserve_police_months") or 0,
    )


# fmt: off
RESERVE_SOLDIERS = register(
    Layout(
        code="reserve_soldiers",
        label_vi=gettext_noop("Danh sách quân nhân dự bị"),
        fields=(
            dataclasses.replace(
                PEOPLE.field("id_number"),
                required=True,
                satisfied_by=(("id_or_legacy_number",),),
            ),
            *(layout_field for layout_field in PEOPLE.fields if layout_field.name != "id_number"),
            LayoutField(
                "registered_on",
                gettext_noop("Ngày đăng ký ngạch dự bị"),
                ("Ngày đăng ký", "Ngày ĐK dự bị", "Ngày đăng ký QNDB"),
                parse_date,
                required=True,
            ),
            LayoutField(
                "discharged_on", gettext_noop("Ngày xuất ngũ"), ("Xuất ngũ ngày", "Ngày XN"),
                parse_date,
            ),
            LayoutField(
                "active_service_months", gettext_noop("Số tháng tại ngũ"),
                ("Thời gian tại ngũ (tháng)", "Số tháng phục vụ tại ngũ"), parse_months,
            ),
            LayoutField(
                "police_months", gettext_noop("Số tháng phục vụ trong Công an"),
                ("Số tháng trong CAND",), parse_months,
            ),
            LayoutField(
                "speciality", gettext_noop("Chuyên nghiệp quân sự"),
                ("CNQS", "Chuyên nghiệp QS", "Chuyên môn quân sự"), parse_text,
            ),
            LayoutField("rank", gettext_noop("Cấp bậc"), ("Quân hàm",), parse_rank),
            LayoutField(
                "category", gettext_noop("Hạng"), ("Hạng dự bị", "Hạng QNDB"), parse_category
            ),
        ),
        row_rules=PEOPLE.row_rules,
        records=SoldierRecords(),
    )
)
# fmt: on
