"""Military-service registration from a spreadsheet: the commune's register of first registrations.

The register a commune keeps at first registration (Sổ danh sách công dân nam đủ 17 tuổi, Law on
Military Service 2015, Art. 16; docs in ``shared/domain/forms.md`` §2.6) carries the citizen's
own data beside the registration date and number, and is often the first list a 17-year-old
appears on. So a row creates or updates the person exactly as the people layout does (a person
exists once: matched by identity number, which this layout requires), then records the
registration through ``services.record_registration``, which applies the law and audits it.
The preview asks the same rules first, so a row the service would refuse is shown as an error.
A row may also carry an Art. 13 measure and an Art. 4.4 recognition (``import_facts``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any, Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qpdp.conscription import import_facts, rules
from qpdp.conscription.models import Registration
from qpdp.conscription.services import record_registration
from qpdp.core import audit
from qpdp.core.access import AnyUser, check_unit_writable
from qpdp.core.dates import DAY, PartialDate
from qpdp.core.units import Unit
from qpdp.imports.layouts import Layout, LayoutField, register
from qpdp.imports.models import ImportRun
from qpdp.imports.records import Action, Plan, RowContext, problem
from qpdp.imports.values import parse_date, parse_text
from qpdp.people.import_layouts import PEOPLE, PeopleRecords, writer
from qpdp.people.models import Person

_NUMBER_LENGTH: Final = Registration._meta.get_field("number").max_length
_PLACE_LENGTH: Final = Registration._meta.get_field("place").max_length
_LINK_KEY: Final = "registration"


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


class RegistrationRecords(PeopleRecords):
    """The person as the people layout has it, plus the first registration beside it.

    A row's action is that of its registration: created when it records one, unchanged when the
    registry already holds the same registration (re-importing a register changes nothing), and
    updated when only the person's data changed.
    """

    def prepare(self, values: dict[str, object], context: RowContext, plan: Plan) -> dict[str, Any]:
        data = super().prepare(values, context, plan)
        registered = values.get("registered_on")
        if isinstance(registered, PartialDate):
            if registered.precision != DAY:
                reason = _("Ngày đăng ký phải ghi đủ ngày, tháng, năm.")
                plan.problems.append(problem(plan.row, context.locate("registered_on"), reason))
            else:
                data["registered_on"] = registered.earliest.isoformat()
        for name, limit in (
            ("registration_number", _NUMBER_LENGTH),
            ("registration_place", _PLACE_LENGTH),
        ):
            value = values.get(name)
            if not isinstance(value, str):
                continue
            if limit is not None and len(value) > limit:
                reason = _("Ô dài quá %(limit)s ký tự.") % {"limit": limit}
                plan.problems.append(problem(plan.row, context.locate(name), reason))
            data[name] = value
        import_facts.prepare(values, context, plan, data)
        return data

    def classify(self, user: AnyUser, plans: Sequence[Plan], context: RowContext) -> None:
        super().classify(user, plans, context)
        valid = [plan for plan in plans if not plan.problems]
        known = [plan.record_id for plan in valid if plan.record_id is not None]
        existing = {
            registration.person_id: registration
            for registration in Registration.objects.filter(person_id__in=known)
        }
        numbers = {plan.data["registration_number"] for plan in valid}
        taken = {
            (unit, number): person
            for unit, number, person in Registration.objects.filter(number__in=numbers).values_list(
                "unit_id", "number", "person_id"
            )
        }
        units = Unit.objects.in_bulk({plan.data["residence_unit_id"] for plan in valid})
        held = import_facts.Known.of(valid)
        for plan in valid:
            self._classify_one(plan, context, existing, taken, units)
            if plan.problems or not ("measure" in plan.data or "recognition" in plan.data):
                continue
            registered_on = dt.date.fromisoformat(plan.data["registered_on"])
            new = plan.data["registration_new"]
            facts_new = import_facts.classify(plan, context, held, registered_on, new)
            if facts_new and plan.action == Action.UNCHANGED:
                plan.action = Action.UPDATE

    def _classify_one(
        self,
        plan: Plan,
        context: RowContext,
        existing: dict[int, Registration],
        taken: dict[tuple[int, str], int],
        units: dict[int, Unit],
    ) -> None:
        data = plan.data
        registered_on = dt.date.fromisoformat(data["registered_on"])
        number = data["registration_number"]
        plan.data["registration_new"] = False
        person_changed = Action.UPDATE if plan.changes else Action.UNCHANGED
        current = existing.get(plan.record_id) if plan.record_id is not None else None
        if current is not None:
            if current.registered_on == registered_on and current.number == number:
                plan.action = person_changed
                return
            reason = _(
                "Công dân này đã đăng ký nghĩa vụ quân sự lần đầu ngày %(day)s, số %(number)s; "
                "đăng ký lần đầu chỉ có một lần."
            ) % {"day": _day(current.registered_on), "number": current.number}
            plan.problems.append(problem(plan.row, context.locate("registered_on"), reason))
            return
        unit = units[data["residence_unit_id"]]
        if not unit.is_valid_on(registered_on):
            reason = _("%(unit)s không còn hoặc chưa có hiệu lực vào ngày %(day)s.") % {
                "unit": unit.label,
                "day": _day(registered_on),
            }
            plan.problems.append(problem(plan.row, context.locate("registered_on"), reason))
            return
        facts = rules.PersonFacts(
            gender=data.get("gender") or "",
            birth=PartialDate.from_stored(
                dt.date.fromisoformat(data["birth_date"]), data.get("birth_precision") or DAY
            ),
            listed_profession=True,
        )
        if not rules.registration_subject(facts, registered_on):
            reason = _(
                "Ngày %(day)s công dân chưa hoặc không còn thuộc diện đăng ký nghĩa vụ quân sự: "
                "nam đăng ký từ năm đủ 17 tuổi, nữ từ đủ 18 tuổi (Điều 12, Điều 16 Luật Nghĩa vụ "
                "quân sự)."
            ) % {"day": _day(registered_on)}
            plan.problems.append(problem(plan.row, context.locate("registered_on"), reason))
            return
        key = (unit.pk, number)
        if key in taken and taken[key] != plan.record_id:
            reason = _("Số đăng ký %(number)s đã dùng ở %(unit)s.") % {
                "number": number,
                "unit": unit.label,
            }
            plan.problems.append(problem(plan.row, context.locate("registration_number"), reason))
            return
        # A new person has no id yet: the row number (negative) holds the number for this file.
        taken[key] = plan.record_id if plan.record_id is not None else -plan.row
        plan.data["registration_new"] = True
        plan.action = Action.CREATE

    def write(
        self, user: AnyUser, run: ImportRun, plans: Sequence[Plan], *, today: dt.date
    ) -> None:
        """People first (in bulk, as the people layout writes them), then each registration
        through the service that the registration page uses."""
        created = [plan for plan in plans if plan.record_id is None]
        changed = [plan for plan in plans if plan.record_id is not None and plan.changes]
        writer.create_people(run, created, today=today)
        writer.update_people(run, changed, today=today)
        new = [plan for plan in plans if plan.data.get("registration_new")]
        people = Person.objects.select_related("residence_unit").in_bulk(
            [plan.record_id for plan in new]
        )
        written: list[tuple[int, Person, int]] = []
        for plan in new:
            person = people[plan.record_id or 0]
            registration = record_registration(
                user,
                person,
                registered_on=dt.date.fromisoformat(plan.data["registered_on"]),
                number=plan.data["registration_number"],
                place=plan.data.get("registration_place", ""),
            )
            written.append((plan.row, person, registration.pk))
        writer.link_beside(run, _LINK_KEY, written)
        facts = [p for p in plans if p.data.get("measure_new") or p.data.get("recognition_new")]
        import_facts.write(user, run, facts, Person.objects.in_bulk([p.record_id for p in facts]))

    def undo_beside(self, user: AnyUser, run: ImportRun) -> None:
        """Delete the measures, recognitions and registrations the run recorded (before its
        people are undone)."""
        import_facts.undo(user, run)
        ids = writer.linked_beside(run, _LINK_KEY)
        for registration in Registration.objects.filter(pk__in=ids).select_related("unit"):
            check_unit_writable(user, registration.unit)
            audit.record(
                user,
                audit.Action.DELETE,
                registration,
                before=audit.snapshot(registration),
                unit=registration.unit,
            )
            registration.delete()


# fmt: off
REGISTRATION = register(
    Layout(
        code="registration",
        label_vi=gettext_noop("Đăng ký nghĩa vụ quân sự lần đầu"),
        fields=(
            dataclasses.replace(
                PEOPLE.field("id_number"),
                required=True,
                satisfied_by=(("id_or_legacy_number",),),
            ),
            *(layout_field for layout_field in PEOPLE.fields if layout_field.name != "id_number"),
            LayoutField(
                "registered_on",
                gettext_noop("Ngày đăng ký"),
                (
                    "Ngày ĐK", "Ngày đăng ký NVQS", "Ngày đăng ký lần đầu", "Đăng ký ngày",
                    "Ngày ĐKNVQS", "Ngày, tháng, năm đăng ký",
                ),
                parse_date,
                required=True,
            ),
            LayoutField(
                "registration_number",
                gettext_noop("Số đăng ký"),
                (
                    "Số ĐK", "Số đăng ký NVQS", "Số giấy chứng nhận", "Số giấy chứng nhận đăng ký",
                    "Số GCN", "Số GCN đăng ký", "Số giấy CN",
                ),
                parse_text,
                required=True,
            ),
            LayoutField(
                "registration_place",
                gettext_noop("Địa điểm đăng ký"),
                ("Nơi đăng ký", "Địa điểm ĐK"),
                parse_text,
            ),
            *import_facts.FIELDS,
        ),
        row_rules=PEOPLE.row_rules,
        records=RegistrationRecords(),
    )
)
# fmt: on
