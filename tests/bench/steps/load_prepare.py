"""Step of bench_load.py: a signed-in session and the URLs to load, printed as one JSON line.

Runs against the database `QPDP_DATABASE_URL` names (the parent sets it, with production
settings): signs ``--account`` in through Django's test client, picks a person the account sees
and the 2026 cycle, and prints ``{"cookie": …, "urls": {scenario: path}}``; the scenario named
``--floor`` is the near-empty page every other figure is divided by.
"""

from __future__ import annotations

import argparse
import json

import django


def prepare(account: str, floor: str) -> dict[str, object]:
    from django.conf import settings
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from qpdp.conscription.models import CallUpCycle
    from qpdp.core.access import User
    from qpdp.people.models import Person

    user = User.objects.select_related("unit").get(username=account)
    client = Client()
    client.force_login(user)
    visible = Person.objects.visible_to(user).order_by("roster_key", "pk")
    person = visible[min(500, visible.count() - 1)]  # a small ward may hold fewer than 501
    cycle = CallUpCycle.objects.filter(year=2026).order_by("pk").first()
    urls = {
        floor: reverse("account"),
        "people list (ward)": "/cong-dan/",
        "people search": "/cong-dan/?q=nguyen+van+dung",
        "person detail": f"/cong-dan/{person.pk}/",
    }
    if cycle is not None:
        urls["call-up pool (ward)"] = reverse("conscription:pool", args=[cycle.pk, user.unit_id])
    try:
        urls["API people list"] = reverse("api:person-list")
        urls["API people search"] = reverse("api:person-list") + "?search=nguyen+van+dung"
        urls["API person"] = reverse("api:person-detail", args=[person.pk])
    except NoReverseMatch:
        pass
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"cookie": f"{settings.SESSION_COOKIE_NAME}={session}", "urls": urls}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--account", required=True)
    parser.add_argument("--floor", required=True)
    options = parser.parse_args()
    django.setup()
    print(json.dumps(prepare(options.account, options.floor)))


if __name__ == "__main__":
    main()
