"""The browsable documentation: every endpoint of the OpenAPI schema on one server-rendered page.

Swagger UI and Redoc load their scripts from a CDN and run inline code, which the site's
Content-Security-Policy forbids (and the machines may be offline); this page needs neither. Each
GET endpoint opens in DRF's browsable API, served from the application's own static files.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


def _body_fields(schema: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    """The names of the JSON body's fields, required ones marked with an asterisk."""
    content = operation.get("requestBody", {}).get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    component = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {}) if ref else {}
    required = set(component.get("required", []))
    return [
        name + ("*" if name in required else "")
        for name, field in component.get("properties", {}).items()
        if not field.get("readOnly")
    ]


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The schema's operations grouped by tag, in path order."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path, item in schema["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            params = operation.get("parameters", [])
            groups[operation.get("tags", ["api"])[0]].append(
                {
                    "method": method.upper(),
                    "path": path,
                    "description": operation.get("description", ""),
                    "has_path_params": any(p["in"] == "path" for p in params),
                    "parameters": [p["name"] for p in params if p["in"] == "query"],
                    "body": _body_fields(schema, operation),
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


class DocsView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        schema = SchemaGenerator().get_schema(request=None, public=True)
        context = {
            "title": settings.SPECTACULAR_SETTINGS["TITLE"],
            "version": settings.SPECTACULAR_SETTINGS["VERSION"],
            "groups": operations(schema),
        }
        return render(request, "api/docs.html", context)
