"""Registry workflows: normalised input, residence periods, optimistic locking, audit entries."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qpdp.core.audit import Action, AuditEntry
from qpdp.people import services
from qpdp.people.models import Person, Residence
from qpdp.people.services import PersonInput
from tests.conftest import TODAY, Accounts, Tree
from tests.core.helpers import id_number

BIRTH = dt.date(2005, 3, 15)


def person_data(unit: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "family_name": "Trần",
        "middle_name": "Quốc",
        "given_name": "Toản",
        "gender": "M",
        "birth_date": BIRTH,
        "birth_precision": "D",
        "id_number": id_number(BIRTH),
        "ethnicity": "Kinh",
        "religion": "Không",
        "residence_unit": unit,
        "address": "Số 5 Lý Thái Tổ",
        "phone": "0987654321",
    }
    data.update(overrides)
    return data


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_create_person_stores_names_in_nfc_trimmed_and_capitalised(
    tree: Tree, accounts: Accounts
) -> None:
    data = person_data(
        tree.kinh_bac,
        family_name=nfd("  đặng "),
        middle_name=nfd("THỊ  hồng"),
        given_name=nfd(" nhung"),
        address=nfd(" Ngõ  3,  phố Đặng Trần Côn "),
        gender="F",
        id_number=id_number(BIRTH, "F"),
    )

    person = services.create_person(accounts.kinh_bac_staff, PersonInput(data, on=TODAY))

    person.refresh_from_db()
    assert (person.family_name, person.middle_name, person.given_name) == (
        "Đặng",
        "Thị Hồng",
        "Nhung",
    )
    assert person.full_name == "Đặng Thị Hồng Nhung"
    assert person.search_key == "dang thi hong nhung"
    assert person.address == "Ngõ 3, phố Đặng Trần Côn"
    for value in (person.full_name, person.address):
        assert unicodedata.is_normalized("NFC", value)


def test_create_person_opens_a_residence_period_and_writes_an_audit_entry(
    tree: Tree, accounts: Accounts
) -> None:
    user = accounts.kinh_bac_staff

    person = services.create_person(user, PersonInput(person_data(tree.kinh_bac), on=TODAY))

    residence = Residence.objects.get(person=person)
    assert (residence.unit, residence.valid_from, residence.valid_to) == (
        tree.kinh_bac,
        TODAY,
        None,
    )
    entry = AuditEntry.objects.get(object_id=str(person.pk))
    assert (entry.action, entry.user, entry.username, entry.unit) == (
        Action.CREATE,
        user,
        "kinhbac",
        tree.kinh_bac,
    )
    assert entry.object_repr == "Trần Quốc Toản"
    assert entry.changes["given_name"] == [None, "Toản"]
    assert entry.changes["birth_date"] == [None, "2005-03-15"]
    assert entry.changes["residence_unit"] == [None, "Phường Kinh Bắc"]
    assert entry.changes["id_number"] == [None, id_number(BIRTH)]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": "027205001"}, "id_number", "đúng 12 chữ số"),
        ({"id_number": id_number(BIRTH, "F")}, "id_number", "giới tính"),
        ({"birth_date": dt.date(2004, 3, 15)}, "id_number", "năm sinh 2004"),
        ({"legacy_id_number": "12345"}, "legacy_id_number", "đúng 9 chữ số"),
        ({"given_name": "   "}, "given_name", ""),
    ],
)
def test_create_person_refuses_bad_input_and_saves_nothing(
    tree: Tree, accounts: Accounts, overrides: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_person(
            accounts.admin, PersonInput(person_data(tree.kinh_bac, **overrides), on=TODAY)
        )

    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])
    assert not Person.objects.exists()
    assert not Residence.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_duplicate_id_number_is_refused_in_vietnamese(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    existing = make_person(tree.vo_cuong)
    count = Person.objects.count()
    data = person_data(tree.kinh_bac, id_number=existing.id_number, birth_date=existing.birth_date)

    with pytest.raises(ValidationError) as caught:
        services.create_person(accounts.admin, PersonInput(data, on=TODAY))

    assert "Số định danh cá nhân này đã có trong hệ thống." in caught.value.messages
    assert Person.objects.count() == count


def test_people_without_an_id_number_are_not_duplicates(tree: Tree, accounts: Accounts) -> None:
    for given in ("An", "Bình"):
        services.create_person(
            accounts.admin,
            PersonInput(person_data(tree.kinh_bac, id_number="", given_name=given), on=TODAY),
        )

    assert list(Person.objects.values_list("id_number", flat=True)) == [None, None]


def test_create_person_refuses_a_unit_outside_the_scope(tree: Tree, accounts: Accounts) -> None:
    with pytest.raises(PermissionDenied):
        services.create_person(
            accounts.kinh_bac_staff, PersonInput(person_data(tree.vo_cuong), on=TODAY)
        )

    assert not Person.objects.exists()


def test_update_person_records_only_what_changed(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)

    updated = services.update_person(
        accounts.kinh_bac_staff,
        person,
        PersonInput(
            {"occupation": "  Công   nhân ", "address": person.address},
            on=TODAY,
            version=person.version,
        ),
    )

    assert updated.version == 2
    entry = AuditEntry.objects.filter(action=Action.UPDATE).get()
    assert entry.changes == {"occupation": ["", "Công nhân"]}
    assert (entry.user, entry.unit) == (accounts.kinh_bac_staff, tree.kinh_bac)


def test_an_update_that_changes_nothing_writes_no_entry(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)

    services.update_person(
        accounts.admin, person, PersonInput({"given_name": "dũng"}, on=TODAY, version=1)
    )

    assert not AuditEntry.objects.filter(action=Action.UPDATE).exists()


def test_a_stale_version_is_refused_and_nothing_changes(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)
    opened_at = person.version
    services.update_person(
        accounts.admin, person, PersonInput({"occupation": "Kỹ sư"}, on=TODAY, version=opened_at)
    )

    with pytest.raises(services.StaleRecord, match="đã được người khác sửa"):
        services.update_person(
            accounts.kinh_bac_staff,
            person,
            PersonInput(
                {"occupation": "Nông dân", "residence_unit": tree.vo_cuong},
                on=TODAY,
                version=opened_at,
            ),
        )

    person.refresh_from_db()
    assert (person.occupation, person.version, person.residence_unit) == ("Kỹ sư", 2, tree.kinh_bac)
    assert AuditEntry.objects.filter(action=Action.UPDATE).count() == 1
    assert person.residences.count() == 1


def test_moving_residence_closes_the_old_period_the_day_before(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)
    moved_on = TODAY + dt.timedelta(days=3)

    services.update_person(
        accounts.province_commander,
        person,
        PersonInput({"residence_unit": tree.vo_cuong}, on=moved_on, version=1),
    )

    periods = list(
        person.residences.order_by("valid_from").values_list("unit", "valid_from", "valid_to")
    )
    assert periods == [
        (tree.kinh_bac.pk, TODAY, moved_on - dt.timedelta(days=1)),
        (tree.vo_cuong.pk, moved_on, None),
    ]
    entry = AuditEntry.objects.get(action=Action.UPDATE)
    assert entry.changes == {"residence_unit": ["Phường Kinh Bắc", "Phường Võ Cường"]}
    assert entry.unit == tree.vo_cuong


def test_staff_cannot_move_a_resident_out_of_the_ward(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)

    with pytest.raises(PermissionDenied):
        services.update_person(
            accounts.kinh_bac_staff,
            person,
            PersonInput({"residence_unit": tree.vo_cuong}, on=TODAY, version=1),
        )

    person.refresh_from_db()
    assert (person.residence_unit, person.version) == (tree.kinh_bac, 1)
    assert person.residences.count() == 1


def test_a_leader_cannot_update(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)

    with pytest.raises(PermissionDenied):
        services.update_person(
            accounts.leader, person, PersonInput({"occupation": "X"}, on=TODAY, version=1)
        )


def test_delete_is_audited_with_the_values_before(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)
    pk = person.pk

    services.delete_person(accounts.kinh_bac_staff, person)

    assert not Person.objects.filter(pk=pk).exists()
    assert not Residence.objects.filter(person_id=pk).exists()
    entry = AuditEntry.objects.get(action=Action.DELETE)
    assert (entry.object_id, entry.object_repr, entry.user) == (
        str(pk),
        "Nguyễn Văn Dũng",
        accounts.kinh_bac_staff,
    )
    assert entry.changes["given_name"] == ["Dũng", None]
    assert entry.changes["residence_unit"] == ["Phường Kinh Bắc", None]


def test_delete_outside_the_scope_is_refused(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)

    with pytest.raises(PermissionDenied):
        services.delete_person(accounts.vo_cuong_staff, person)

    assert Person.objects.filter(pk=person.pk).exists()
    assert not AuditEntry.objects.filter(action=Action.DELETE).exists()


@pytest.mark.parametrize(
    ("full_name", "birth", "ward", "found"),
    [
        ("Nguyễn Văn Dũng", dt.date(2004, 5, 17), "kinh_bac", True),
        ("NGUYEN van dung", dt.date(2004, 5, 17), "kinh_bac", True),
        ("Nguyễn Văn Dung", dt.date(2004, 5, 17), "kinh_bac", True),
        ("Nguyễn Văn Dũng", dt.date(2004, 5, 18), "kinh_bac", False),
        ("Nguyễn Văn Dũng", dt.date(2004, 5, 17), "vo_cuong", False),
        ("Nguyễn Văn Đông", dt.date(2004, 5, 17), "kinh_bac", False),
    ],
)
def test_similar_people_share_folded_name_birth_date_and_ward(
    tree: Tree,
    make_person: Callable[..., Person],
    full_name: str,
    birth: dt.date,
    ward: str,
    found: bool,
) -> None:
    existing = make_person(tree.kinh_bac)

    similar = services.similar_people(
        full_name=full_name, birth_date=birth, residence_unit=getattr(tree, ward)
    )

    assert similar == ([existing] if found else [])
    assert (
        services.similar_people(
            full_name=full_name,
            birth_date=birth,
            residence_unit=getattr(tree, ward),
            exclude_pk=existing.pk,
        )
        == []
    )


def test_creating_a_look_alike_is_refused_with_its_ids_until_confirmed(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    existing = make_person(tree.kinh_bac)
    data = person_data(
        tree.kinh_bac,
        family_name="NGUYEN",
        middle_name="van",
        given_name="Dung",
        birth_date=dt.date(2004, 5, 17),
        id_number=id_number(dt.date(2004, 5, 17), serial=800_001),
    )

    with pytest.raises(ValidationError) as caught:
        services.create_person(accounts.kinh_bac_staff, PersonInput(data, on=TODAY))

    assert caught.value.code == "similar_person"
    assert caught.value.params == {"similar": [existing.pk]}
    assert services.similar_ids(caught.value) == [existing.pk]
    assert Person.objects.count() == 1
    assert not Residence.objects.exclude(person=existing).exists()

    confirmed = PersonInput(data, on=TODAY, similar_confirmed=True)
    assert services.create_person(accounts.kinh_bac_staff, confirmed).pk != existing.pk
    assert Person.objects.count() == 2


def test_an_update_is_checked_for_look_alikes_only_when_name_birth_or_ward_changes(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    make_person(tree.kinh_bac, given_name="An")
    other = make_person(tree.kinh_bac, given_name="Bình")

    with pytest.raises(ValidationError) as caught:
        services.update_person(
            accounts.admin, other, PersonInput({"given_name": "an"}, on=TODAY, version=1)
        )

    assert caught.value.code == "similar_person"
    other.refresh_from_db()
    assert (other.given_name, other.version) == ("Bình", 1)
    renamed = services.update_person(
        accounts.admin,
        other,
        PersonInput({"given_name": "an"}, on=TODAY, version=1, similar_confirmed=True),
    )
    # Once confirmed, later edits of other fields are not asked again.
    services.update_person(
        accounts.admin, renamed, PersonInput({"address": "Số 2"}, on=TODAY, version=2)
    )
    assert Person.objects.get(pk=other.pk).address == "Số 2"


def test_a_refused_identity_number_carries_the_rule_s_code(tree: Tree, accounts: Accounts) -> None:
    data = person_data(tree.kinh_bac, id_number=id_number(BIRTH, gender="F"))

    with pytest.raises(ValidationError) as caught:
        services.create_person(accounts.admin, PersonInput(data, on=TODAY))

    [error] = caught.value.error_dict["id_number"]
    assert error.code == "id_number_gender"
    assert not Person.objects.exists()
