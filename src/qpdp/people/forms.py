"""Forms of the person registry: what the officer types, checked with Vietnamese messages."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import AnyUser
from qpdp.core.forms import UnitChoiceField, UnitSearch
from qpdp.core.units import UnitKind, UnitQuerySet
from qpdp.people.choices import ETHNICITY_CHOICES, RELIGION_CHOICES, EducationLevel, Gender
from qpdp.people.error_codes import ErrorCode
from qpdp.people.models import Person
from qpdp.people.rules import RuleError, normalise_phone, parse_birth_date
from qpdp.people.services import PersonInput


def residence_units(today: dt.date) -> UnitSearch:
    """Where a person can be registered: a commune in force ``today``."""
    return UnitSearch(kinds=(UnitKind.COMMUNE,), on=today)


def writable_residence_units(user: AnyUser, today: dt.date) -> UnitQuerySet:
    """Communes in force today that the user may write into."""
    return residence_units(today).offered_to(user)


@dataclass(frozen=True)
class FieldChange:
    """A field someone else saved while the officer was editing, as the officer reads it."""

    label: str
    opened: str
    current: str
    yours: str | None  # what the officer typed, when they changed the same field


class PersonForm(forms.ModelForm):
    birth_date_text = forms.CharField(
        label=_("Ngày sinh"),
        max_length=20,
        help_text=_("dd/mm/yyyy, hoặc mm/yyyy, hoặc chỉ năm (yyyy) nếu hồ sơ cũ chỉ ghi vậy."),
    )
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=ETHNICITY_CHOICES, initial="Kinh")
    religion = forms.ChoiceField(label=_("Tôn giáo"), choices=RELIGION_CHOICES, initial="Không")
    # Wider than the stored value: officers type spaces and +84, cleaned away below.
    id_number = forms.CharField(
        label=_("Số định danh cá nhân"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    gender = forms.ChoiceField(
        label=_("Giới tính"), choices=Gender.choices, widget=forms.RadioSelect
    )
    education_level = forms.TypedChoiceField(
        label=_("Trình độ học vấn"),
        choices=[("", "—"), *EducationLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_similar = forms.BooleanField(
        label=_("Tôi đã kiểm tra: đây là một người khác"), required=False
    )

    class Meta:
        model = Person
        fields = [
            "family_name",
            "middle_name",
            "given_name",
            "gender",
            "id_number",
            "legacy_id_number",
            "ethnicity",
            "religion",
            "education_level",
            "residence_unit",
            "address",
            "phone",
            "party_member",
            "occupation",
            "workplace",
            "notes",
        ]
        field_classes = {"residence_unit": UnitChoiceField}
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.today = timezone.localdate()
        residence = self.fields["residence_unit"]
        if isinstance(residence, UnitChoiceField):
            residence.limit_to(user, residence_units(self.today))
        if self.instance.pk:
            self.fields["birth_date_text"].initial = self.instance.birth_date_display
            self.fields["version"].initial = self.instance.version
            # The values the officer opened travel with the form, so a refused stale save can
            # say what someone else changed since (``rebase``).
            for name, field in self.fields.items():
                field.show_hidden_initial = name not in ("version", "confirm_similar")
            # An edit is asked to confirm only when it makes the record look like someone else.
            if "confirm_similar" not in self.data:
                del self.fields["confirm_similar"]

    def clean_birth_date_text(self) -> Any:
        try:
            return parse_birth_date(self.cleaned_data["birth_date_text"], today=self.today)
        except RuleError as exc:
            raise exc.as_validation_error() from exc

    def clean_id_number(self) -> str | None:
        value = "".join((self.cleaned_data.get("id_number") or "").split())
        return value or None

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data.get("phone") or "")
        except RuleError as exc:
            raise exc.as_validation_error() from exc

    def person_data(self) -> dict[str, Any]:
        """Cleaned values as the service expects them."""
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        born = self.cleaned_data["birth_date_text"]
        data["birth_date"] = born.earliest
        data["birth_precision"] = born.precision
        return data

    def person_input(self) -> PersonInput:
        """What the officer entered, as ``create_person`` and ``update_person`` take it."""
        return PersonInput(
            values=self.person_data(),
            on=self.today,
            version=self.cleaned_data.get("version"),
            similar_confirmed=bool(self.cleaned_data.get("confirm_similar")),
        )

    def ask_to_confirm_similar(self) -> None:
        """After a ``similar_person`` refusal, offer the box that says it is another person."""
        if "confirm_similar" not in self.fields:
            self.fields["confirm_similar"] = copy.deepcopy(self.base_fields["confirm_similar"])

    def rebase(self, current: Person) -> tuple[PersonForm, list[FieldChange]]:
        """After a stale save: what others changed since the form was opened, and the form on
        ``current``'s version, their changes taken in and the officer's own edits kept."""
        fresh = PersonForm(instance=current, user=self.user)
        data: dict[str, Any] = dict(self.data.items())
        changes: list[FieldChange] = []
        for name, field in self.fields.items():
            if not field.show_hidden_initial:
                continue
            bound = self[name]
            now = fresh[name].value()
            typed = bound.data
            opened = field.hidden_widget().value_from_datadict(
                self.data, self.files, bound.html_initial_name
            )
            if opened is None:  # a client that does not send the opened values
                opened = typed
            data[bound.html_initial_name] = "" if now is None else str(now)
            if not field.has_changed(now, opened):
                continue
            mine = _differs(field, opened, typed)
            if not mine:
                data[name] = "" if now is None else str(now)
            changes.append(
                FieldChange(
                    label=str(field.label),
                    opened=_shown(field, opened),
                    current=_shown(field, now),
                    yours=_shown(field, typed) if mine else None,
                )
            )
        data["version"] = str(current.version)
        return PersonForm(data, instance=current, user=self.user), changes


def edit_data(person: Person) -> dict[str, Any]:
    """The edit form's data for ``person`` as stored, before anyone types: a partial update (the
    API's) lays what was sent over it, so every field it leaves out keeps its value."""
    data = {
        name: "" if value is None else value
        for name, value in model_to_dict(person, fields=PersonForm.Meta.fields).items()
    }
    data["birth_date_text"] = person.birth_date_display
    return data


def _differs(field: forms.Field, opened: Any, typed: Any) -> bool:
    try:
        return bool(field.has_changed(field.to_python(opened), typed))
    except ValidationError:
        return True


def _shown(field: forms.Field, value: Any) -> str:
    """A field value as the page shows it: choice labels, unit names, Có/Không."""
    try:
        if isinstance(field, forms.ModelChoiceField):
            unit = field.to_python(value)
            return field.label_from_instance(unit) if unit is not None else "—"
        if isinstance(field, forms.BooleanField):
            return gettext("Có") if field.to_python(value) else gettext("Không")
    except ValidationError:
        return str(value)
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in getattr(field, "choices", ())}
        return str(labels.get("" if value is None else str(value), value)) or "—"
    return str(value) if value not in (None, "") else "—"


class PersonDeleteForm(forms.Form):
    confirm = forms.BooleanField(label=_("Tôi xác nhận xóa công dân này"), required=True)


class PersonNumberField(forms.CharField):
    """A person of the registry named by identity number, among the people ``limit_to`` gives
    (the user's scope): other registries' forms name a person this way and never create one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.people: QuerySet[Person] = Person.objects.none()

    def limit_to(self, user: AnyUser) -> None:
        self.people = Person.objects.visible_to(user)

    def clean(self, value: Any) -> Person | None:
        number = super().clean(value)
        if not number:
            return None
        person = self.people.filter(id_number=number).first()
        if person is None:
            raise ValidationError(
                _("Không có công dân số định danh %(number)s trong phạm vi quản lý."),
                params={"number": number},
                code=ErrorCode.PERSON_NOT_FOUND,
            )
        return person
