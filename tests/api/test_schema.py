"""The OpenAPI schema generates without a warning and validates; the documentation page lists
every endpoint and runs under the site's Content-Security-Policy (no inline script)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from qpdp.core.access import User
from tests.api.conftest import ApiClient
from tests.conftest import Accounts

Api = Callable[[User], ApiClient]


def api_paths() -> list[str]:
    """Every path of ``qpdp.api.urls`` as the schema writes it (``{id}`` for ``pk``), schema
    and docs aside."""
    resolver = get_resolver()
    found: list[str] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "api":
            for pattern in entry.url_patterns:
                assert isinstance(pattern, URLPattern)
                route = str(entry.pattern) + str(pattern.pattern)
                if pattern.name not in ("schema", "docs"):
                    openapi = re.sub(r"<int:(\w+)>", r"{\1}", route).replace("{pk}", "{id}")
                    found.append("/" + openapi)
    return found


def test_the_schema_generates_without_warnings_and_validates(tmp_path: Path) -> None:
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/people/{id}/:" in target.read_text()


def test_the_schema_describes_every_endpoint(accounts: Accounts, api: Api) -> None:
    response = api(accounts.kinh_bac_staff).get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert set(api_paths()) == set(schema["paths"])
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"


def test_every_operation_documents_the_error_shape(accounts: Accounts, api: Api) -> None:
    schema = api(accounts.kinh_bac_staff).get("/api/v1/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    error = components["Error"]
    assert set(error["properties"]) == {"code", "message", "field"}
    assert error["properties"]["field"]["nullable"] is True
    shape = {"$ref": "#/components/schemas/ErrorResponse"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404"):
                body = operation["responses"][status]["content"]["application/json"]["schema"]
                assert body == shape, (path, method, status)
    conflict = schema["paths"]["/api/v1/people/"]["post"]["responses"]["409"]
    similar = components[conflict["content"]["application/json"]["schema"]["$ref"].split("/")[-1]]
    assert {"errors", "similar"} <= set(similar["properties"])
    stale = components["Stale"]
    assert {"errors", "current", "changes"} <= set(stale["properties"])


def test_the_schema_and_docs_need_an_account(db: None) -> None:
    assert Client().get("/api/v1/schema/").status_code == 401
    assert Client().get("/api/v1/docs/").status_code == 302


def test_the_docs_page_is_swagger_ui_from_local_files_without_inline_code(
    accounts: Accounts,
) -> None:
    client = Client()
    client.force_login(accounts.kinh_bac_staff)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # CSP: no inline script
    assert "<style" not in html  # CSP: no inline style
    assert "cdn" not in html.lower()
    script = re.search(r'<script src="([^"]*script=[^"]*)"', html)
    assert script is not None
    start = client.get(script.group(1).replace("&amp;", "&"))
    assert start.status_code == 200
    assert start["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in start.content.decode()


def test_get_endpoints_open_in_the_browsable_api(accounts: Accounts) -> None:
    client = Client()
    client.force_login(accounts.kinh_bac_staff)
    response = client.get("/api/v1/units/", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert b"rest_framework/js/jquery" in response.content


def test_every_list_opens_in_the_browsable_api(accounts: Accounts) -> None:
    client = Client()
    client.force_login(accounts.admin)
    for path in api_paths():
        if "{" not in path:
            response = client.get(path, headers={"Accept": "text/html"})
            assert response.status_code == 200, path


def test_the_audit_endpoints_are_documented_as_administrators_only(db: None) -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path in ("/api/v1/audit/", "/api/v1/audit/{id}/"):
        assert "Administrators only" in schema["paths"][path]["get"]["description"]
