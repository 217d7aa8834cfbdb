"""Schemathesis against the live schema: every operation, a bounded number of generated calls
each (GET-heavy), as a ward officer's token; no call may end in a server error (5xx).

Path ids are drawn from the real cycle and ward half of the time, so the fuzzing reaches the
workflow behind them instead of stopping at 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from qpdp.api import tokens
from qpdp.conscription import services
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree

GET_EXAMPLES = 10
WRITE_EXAMPLES = 5


@pytest.mark.django_db(transaction=True)
def test_no_generated_call_ends_in_a_server_error(
    live_server: Any, accounts: Accounts, tree: Tree, make_person: Callable[..., Person]
) -> None:
    people = [make_person(tree.kinh_bac, given_name=n) for n in ("An", "Bình", "Cường")]
    cycle = services.create_cycle(
        accounts.province_commander,
        unit=tree.province,
        year=2026,
        handover_date=dt.date(2026, 2, 25),
    )
    _token, secret = tokens.create_token(accounts.kinh_bac_staff, name="Fuzz", days=1)
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_url(
        f"{live_server.url}/api/v1/schema/?format=json", headers=headers
    )
    known = {"cycle": cycle.pk, "ward": tree.kinh_bac.pk, "id": people[0].pk}
    failures: list[str] = []
    calls = 0

    for result in schema.get_all_operations():
        operation = result.ok()
        examples = GET_EXAMPLES if operation.method.upper() == "GET" else WRITE_EXAMPLES

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), real_ids=st.booleans())
        def call(case: Any, real_ids: bool) -> None:
            nonlocal calls
            if real_ids and case.path_parameters:
                case.path_parameters = {
                    name: known.get(name, value) for name, value in case.path_parameters.items()
                }
            response = case.call(base_url=live_server.url, headers=headers)
            calls += 1
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} → {response.status_code}")

        call()

    assert calls > 200
    assert failures == []
