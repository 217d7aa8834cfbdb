"""The cache behind per-request work (scopes, API counts): local by default, shared when told."""

from __future__ import annotations

import socket

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from qpdp.core.access import User, scope_unit_ids, unit_tree_changed
from qpdp.settings import _caches, _session_engine
from tests.conftest import Accounts

REDIS = "redis://127.0.0.1:6379/15"


def _redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_without_a_cache_url_each_process_keeps_its_own() -> None:
    assert _caches("")["default"]["BACKEND"].endswith("LocMemCache")
    assert _caches("")["throttle"]["BACKEND"].endswith("FileBasedCache")


def test_redis_is_shared_by_the_scopes_and_the_api_counts() -> None:
    caches = _caches(REDIS)

    assert {caches[alias]["BACKEND"] for alias in caches} == {
        "django.core.cache.backends.redis.RedisCache"
    }
    assert caches["default"]["KEY_PREFIX"] != caches["throttle"]["KEY_PREFIX"]


def test_sessions_are_read_from_redis_only_when_the_cache_is_shared() -> None:
    assert _session_engine(_caches(REDIS)).endswith("cached_db")
    assert _session_engine(_caches("")).endswith(".db")
    assert _session_engine(_caches("db")).endswith(".db")


def test_db_selects_the_database_cache_table() -> None:
    assert _caches("db")["default"]["BACKEND"].endswith("DatabaseCache")


def test_an_unknown_cache_url_stops_the_start_with_what_is_accepted() -> None:
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        _caches("memcached://127.0.0.1")


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis on 127.0.0.1:6379")
def test_a_scope_cached_in_redis_is_dropped_when_the_tree_changes(accounts: Accounts) -> None:
    from django.core.cache import cache

    def account() -> User:
        return User.objects.select_related("unit").get(pk=accounts.kinh_bac_staff.pk)

    with override_settings(CACHES=_caches(REDIS)):
        cache.clear()
        expected = scope_unit_ids(account())
        later = account()
        with CaptureQueriesContext(connection) as cached:
            assert scope_unit_ids(later) == expected
        unit_tree_changed()  # what a unit written on any server does, through the same Redis
        after_reform = account()
        with CaptureQueriesContext(connection) as recomputed:
            assert scope_unit_ids(after_reform) == expected
        cache.clear()

    assert len(cached) == 0
    assert len(recomputed) > 0
