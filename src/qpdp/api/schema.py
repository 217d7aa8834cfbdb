"""The OpenAPI schema: the bearer token, so generated clients know how to authenticate, and
the error answers every operation can give, in the API's one error shape (``api.errors``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse

from qpdp.api.errors import ErrorResponseSerializer

ERRORS = {
    "400": _("Dữ liệu gửi lên hoặc tham số bị từ chối; mỗi lỗi có mã và trường."),
    "401": _("Chưa đăng nhập, hoặc mã truy cập không đúng, hết hạn hay đã thu hồi."),
    "403": _("Vai trò không được làm việc này, hoặc phiên chưa xác thực hai bước."),
    "404": _("Không có bản ghi, bản ghi ngoài phạm vi của bạn, hoặc con trỏ trang không hợp lệ."),
}
WRITE_ERRORS = {
    "409": _("Dữ liệu vừa bị thay đổi đồng thời; tải lại và thử lại."),
}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "qpdp.api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "bearerFormat": "qpdp_…"}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, with the error answers an operation does not declare itself."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return responses
        errors = dict(ERRORS)
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            errors.update(WRITE_ERRORS)
        for status, description in errors.items():
            if status not in responses:
                response = OpenApiResponse(ErrorResponseSerializer, description=description)
                responses[status] = self._get_response_for_code(
                    response, status, direction=direction
                )
        return responses
