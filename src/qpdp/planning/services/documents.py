"""The register of directive documents, with the scanned or signed file kept beside each entry."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.core.access import AnyUser
from qpdp.core.units import Unit
from qpdp.planning.error_codes import ErrorCode
from qpdp.planning.models import DirectiveDocument
from qpdp.planning.services._common import check_writer, cleaned, create, delete, update
from qpdp.planning.services.plans import check_unit_in_year

MAX_FILE_SIZE = 10 * 1024 * 1024
# What a directive is kept as: the signed PDF, the Word or OpenDocument draft, a photo of the
# paper copy. The leading bytes are checked too, so a renamed executable is refused.
SIGNATURES: Mapping[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
FIELDS = ("year", "number", "issued_on", "issuer", "summary")
# The form's ``file``: the upload kept beside the entry (none, or unchanged on an edit).


def check_upload(upload: UploadedFile) -> None:
    """Refuse a file too large or not of a kind a directive is kept as."""
    if upload.size is not None and upload.size > MAX_FILE_SIZE:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Tệp lớn hơn %(size)s MB.") % {"size": MAX_FILE_SIZE // (1024 * 1024)},
                    code=ErrorCode.FILE_TOO_LARGE,
                )
            }
        )
    suffix = PurePath(upload.name or "").suffix.lower()
    signatures = SIGNATURES.get(suffix)
    if signatures is None:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Chỉ nhận tệp PDF, Word (.doc, .docx), OpenDocument (.odt), JPG hoặc PNG."),
                    code=ErrorCode.FILE_TYPE,
                )
            }
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Nội dung tệp không đúng định dạng %(suffix)s.") % {"suffix": suffix},
                    code=ErrorCode.FILE_CONTENT,
                )
            }
        )


def _check_year(data: Mapping[str, Any]) -> None:
    issued_on, year = data.get("issued_on"), data.get("year")
    if issued_on is not None and year is not None and issued_on.year not in (year - 1, year):
        raise ValidationError(
            {
                "issued_on": ValidationError(
                    _("Văn bản cho năm %(year)s phải ban hành trong năm đó hoặc năm trước.")
                    % {"year": year},
                    code=ErrorCode.DOCUMENT_YEAR,
                )
            }
        )


@transaction.atomic
def add_document(user: AnyUser, unit: Unit, data: Mapping[str, Any]) -> DirectiveDocument:
    check_writer(user, unit)
    upload: UploadedFile | None = data.get("file") or None
    values = {k: v for k, v in cleaned(data).items() if k in FIELDS}
    check_unit_in_year(unit, values["year"])
    _check_year(values)
    document = DirectiveDocument(unit=unit, **values)
    if upload is not None:
        check_upload(upload)
        document.file = upload
    return create(user, document, unit)


@transaction.atomic
def update_document(
    user: AnyUser, document: DirectiveDocument, data: Mapping[str, Any]
) -> DirectiveDocument:
    check_writer(user, document.unit)
    upload: UploadedFile | None = data.get("file") or None
    values = {k: v for k, v in cleaned(data).items() if k in FIELDS}
    _check_year({"year": document.year, **values})
    if upload is not None:
        check_upload(upload)
        values["file"] = upload
    return update(user, document, document.unit, values)


@transaction.atomic
def delete_document(user: AnyUser, document: DirectiveDocument) -> None:
    check_writer(user, document.unit)
    stored = document.file.name if document.file else None
    delete(user, document, document.unit)
    if stored:
        transaction.on_commit(lambda: document.file.storage.delete(stored))
