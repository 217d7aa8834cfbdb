"""Step of bench_people.py: time the people pages for a ward officer and a province commander.

Runs against the database `QPDP_DATABASE_URL` names (the parent sets it, with
`QPDP_AXES_ENABLED=0`, `QPDP_REQUIRE_2FA=0` and `DJANGO_SETTINGS_MODULE`). For each user and page: one warming
request, then 15 timed ones (each must answer 200), then one more counting its queries.
"""

from __future__ import annotations

import argparse
import statistics
import time

import django

PAGES = [
    ("list", "/cong-dan/"),
    ("search", "/cong-dan/?q=nguyen+van+dung"),
    ("filter", "/cong-dan/?gender=M&age_min=18&age_max=25"),
    ("page 40", "/cong-dan/?page=40"),
    ("detail", None),
]


def measure() -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from qpdp.core.access import User
    from qpdp.people.models import Person

    settings.ALLOWED_HOSTS = ["*"]
    for username in ("phuong.kinhbac", "chihuy.bacninh"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        some = Person.objects.visible_to(User.objects.get(username=username)).order_by("pk").first()
        assert some is not None, username
        for name, page in PAGES:
            url = page or f"/cong-dan/{some.pk}/"
            client.get(url)
            times = []
            for _ in range(15):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            times.sort()
            print(
                f"  {username:<16} {name:<8} median {statistics.median(times):7.1f} ms  "
                f"p90 {times[int(len(times) * 0.9) - 1]:7.1f} ms  queries {len(ctx.captured_queries)}"
            )


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    django.setup()
    measure()


if __name__ == "__main__":
    main()
