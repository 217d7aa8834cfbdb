"""What every import test shares: uploads and staging files in the test's own folder, and the
ward officer who imports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploads and the staging files of previews go to the test's folder, not to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def staff(accounts: Any) -> Any:
    return accounts.kinh_bac_staff
