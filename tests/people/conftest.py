"""Fast password hashing for every test here (defined once in tests/core/helpers.py)."""

from tests.core.helpers import fast_password_hashers

__all__ = ["fast_password_hashers"]
