"""Units, import runs and the audit log through the API: scoped, read-only, audit for
administrators only."""

from __future__ import annotations

from collections.abc import Callable

from qpdp.core.access import User
from qpdp.core.audit import AuditEntry
from qpdp.imports.models import ImportRun
from tests.api.conftest import ApiClient
from tests.conftest import Accounts, Tree

Api = Callable[[User], ApiClient]


def test_units_are_those_of_the_caller_s_scope(accounts: Accounts, tree: Tree, api: Api) -> None:
    staff = api(accounts.kinh_bac_staff)
    ids = {u["id"] for u in staff.get("/api/v1/units/").json()["results"]}
    # Staff see their ward and the wards it replaced, not the neighbour.
    assert tree.kinh_bac.pk in ids and tree.suoi_hoa.pk in ids
    assert tree.vo_cuong.pk not in ids
    assert staff.get(f"/api/v1/units/{tree.vo_cuong.pk}/").status_code == 404


def test_unit_tree_filters(accounts: Accounts, tree: Tree, api: Api) -> None:
    admin = api(accounts.admin)

    def ids(params: dict[str, str | int]) -> list[int]:
        response = admin.get("/api/v1/units/", params)
        assert response.status_code == 200, response.json()
        return [u["id"] for u in response.json()["results"]]

    assert ids({"parent": tree.province.pk}) == [tree.kinh_bac.pk, tree.vo_cuong.pk]
    assert set(ids({"subtree": tree.city.pk})) == {
        tree.city.pk,
        tree.suoi_hoa.pk,
        tree.kinh_bac_old.pk,
        tree.ninh_xa.pk,
        tree.tien_ninh_ve.pk,
    }
    assert ids({"kind": "province", "current": "true"}) == [tree.province.pk]
    assert tree.ninh_xa.pk in ids({"valid_on": "2024-06-01", "kind": "commune"})
    assert tree.ninh_xa.pk not in ids({"valid_on": "2025-06-01", "kind": "commune"})
    assert ids({"q": "vo cuong"}) == [tree.vo_cuong.pk]
    assert admin.get("/api/v1/units/", {"valid_on": "hôm qua"}).status_code == 400


def test_the_audit_log_is_for_administrators(accounts: Accounts, api: Api) -> None:
    assert api(accounts.kinh_bac_staff).get("/api/v1/audit/").status_code == 403
    assert api(accounts.province_commander).get("/api/v1/audit/").status_code == 403
    admin = api(accounts.admin)
    response = admin.get("/api/v1/audit/", {"action": "create"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows and {r["action"] for r in rows} == {"create"}
    entry = AuditEntry.objects.order_by("-pk").first()
    assert entry is not None
    assert admin.get(f"/api/v1/audit/{entry.pk}/").json()["id"] == entry.pk


def test_import_runs_are_scoped(accounts: Accounts, tree: Tree, api: Api) -> None:
    mine = ImportRun.objects.create(
        file_name="kinh-bac.xlsx", checksum="0" * 64, layout="people", unit=tree.kinh_bac
    )
    theirs = ImportRun.objects.create(
        file_name="vo-cuong.xlsx", checksum="1" * 64, layout="people", unit=tree.vo_cuong
    )
    client = api(accounts.kinh_bac_staff)
    listed = [r["id"] for r in client.get("/api/v1/imports/runs/").json()["results"]]
    assert listed == [mine.pk]
    assert client.get(f"/api/v1/imports/runs/{theirs.pk}/").status_code == 404
    assert client.post("/api/v1/imports/runs/", {}).status_code == 405


def test_an_id_filter_beyond_64_bits_is_a_400(accounts: Accounts, api: Api) -> None:
    client = api(accounts.admin)
    huge = str(10**30)
    assert client.get("/api/v1/units/", {"parent": huge}).status_code == 400
    assert client.get("/api/v1/conscription/registrations/", {"unit": huge}).status_code == 400
