"""Where files live: this machine's folder by default, a shared folder or an S3 bucket when
QPDP_STORAGE_URL says; the imports' storage rewrites a name in place, the documents' never."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage.handler import StorageHandler
from storages.backends.s3 import S3Storage

from qpdp.settings import _file_storages


def test_without_a_url_files_stay_under_media_root() -> None:
    storages = _file_storages("")
    assert storages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert storages["imports"]["OPTIONS"] == {"allow_overwrite": True}


def test_a_shared_folder_is_used_by_both_storages() -> None:
    storages = _file_storages("file:///srv/qpdp-files")
    assert storages["default"]["OPTIONS"] == {"location": "/srv/qpdp-files"}
    assert storages["imports"]["OPTIONS"]["location"] == "/srv/qpdp-files"


def test_an_s3_url_configures_django_storages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QPDP_S3_ENDPOINT_URL", "https://minio.tinh.local:9000")
    monkeypatch.setenv("QPDP_S3_REGION", "vn-north-1")
    monkeypatch.setenv("QPDP_S3_ACCESS_KEY_ID", "qpdp")
    monkeypatch.setenv("QPDP_S3_SECRET_ACCESS_KEY", "s3cr3t")
    built: dict[str, Any] = StorageHandler(_file_storages("s3://qpdp-files/bac-ninh/"))
    imports, default = built["imports"], built["default"]  # no request goes out: lazy clients
    assert isinstance(imports, S3Storage) and isinstance(default, S3Storage)
    assert (imports.bucket_name, imports.location) == ("qpdp-files", "bac-ninh")
    assert (imports.endpoint_url, imports.region_name) == (
        "https://minio.tinh.local:9000",
        "vn-north-1",
    )
    assert (imports.access_key, imports.secret_key) == ("qpdp", "s3cr3t")
    assert (imports.file_overwrite, default.file_overwrite) == (True, False)
    assert imports.default_acl == "private"


@pytest.mark.parametrize("url", ["ftp://host/x", "s3://", "file://relative/folder"])
def test_an_unknown_storage_url_is_refused(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="QPDP_STORAGE_URL"):
        _file_storages(url)
