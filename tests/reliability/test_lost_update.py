"""Two officers edit the same person: the second save is refused, shows what the first changed,
and saving again keeps both officers' work (optimistic locking through the pages)."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from qpdp.core.access import Role, User
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree

MakeUser = Callable[..., User]


class FormReader(HTMLParser):
    """What a browser would post back from the page's form, untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[a["name"]] = a.get("value", "on")
            else:
                self.data[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")


def form_of(html: str) -> dict[str, str]:
    reader = FormReader()
    reader.feed(html)
    reader.data.pop("csrfmiddlewaretoken", None)
    return reader.data


def open_form(client: Client, person: Person) -> dict[str, str]:
    response = client.get(reverse("people:update", args=[person.pk]))
    assert response.status_code == 200
    return form_of(response.content.decode())


def test_the_second_save_is_refused_shows_what_changed_and_keeps_both_officers_work(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person], make_user: MakeUser
) -> None:
    person = make_person(tree.kinh_bac, occupation="Nông dân")
    first, second = Client(), Client()
    first.force_login(accounts.kinh_bac_staff)
    second.force_login(make_user(Role.STAFF, tree.kinh_bac))
    url = reverse("people:update", args=[person.pk])
    mine = open_form(first, person)
    theirs = open_form(second, person)

    theirs.update(occupation="Kỹ sư", address="Số 9 Trần Phú", party_member="on")
    assert second.post(url, theirs).status_code == 302
    mine.update(occupation="Công nhân", phone="0901234567")
    refused = first.post(url, mine)

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "hồ sơ đã được người khác sửa sau khi bạn mở" in page
    changes = {c.label: c for c in refused.context["changes"]}
    assert set(changes) == {"Nghề nghiệp", "Địa chỉ", "Đảng viên"}
    assert (changes["Nghề nghiệp"].opened, changes["Nghề nghiệp"].current) == ("Nông dân", "Kỹ sư")
    assert changes["Nghề nghiệp"].yours == "Công nhân"
    assert (changes["Địa chỉ"].current, changes["Địa chỉ"].yours) == ("Số 9 Trần Phú", None)
    assert (changes["Đảng viên"].opened, changes["Đảng viên"].current) == ("Không", "Có")
    for shown in ("Kỹ sư", "Số 9 Trần Phú", "Công nhân"):
        assert shown in page
    person.refresh_from_db()
    assert (person.occupation, person.phone, person.version) == ("Kỹ sư", "0912345678", 2)

    # The page now holds the other officer's changes and this officer's own edits: saving it
    # loses neither.
    again = form_of(page)
    assert (again["address"], again["occupation"], again["version"]) == (
        "Số 9 Trần Phú",
        "Công nhân",
        "2",
    )
    assert first.post(url, again).status_code == 302
    person.refresh_from_db()
    assert (person.occupation, person.address, person.phone) == (
        "Công nhân",
        "Số 9 Trần Phú",
        "0901234567",
    )
    assert (person.party_member, person.version) == (True, 3)


def test_a_save_on_the_current_version_is_not_refused(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)
    client = Client()
    client.force_login(accounts.kinh_bac_staff)
    data = open_form(client, person)
    data["workplace"] = "Trường THPT Hàn Thuyên"

    response = client.post(reverse("people:update", args=[person.pk]), data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.workplace, person.version) == ("Trường THPT Hàn Thuyên", 2)


def test_a_stale_save_of_a_field_nobody_else_touched_still_waits_for_review(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person], make_user: MakeUser
) -> None:
    person = make_person(tree.kinh_bac)
    first, second = Client(), Client()
    first.force_login(accounts.kinh_bac_staff)
    second.force_login(make_user(Role.STAFF, tree.kinh_bac))
    url = reverse("people:update", args=[person.pk])
    mine = open_form(first, person)
    theirs = open_form(second, person)
    theirs["notes"] = "Đã chuyển hộ khẩu"
    assert second.post(url, theirs).status_code == 302

    mine["workplace"] = "Xí nghiệp May"
    refused = first.post(url, mine)

    assert refused.status_code == 400
    assert [(c.label, c.current, c.yours) for c in refused.context["changes"]] == [
        ("Ghi chú", "Đã chuyển hộ khẩu", None)
    ]
    person.refresh_from_db()
    assert (person.workplace, person.notes) == ("", "Đã chuyển hộ khẩu")
