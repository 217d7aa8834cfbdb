"""Authentication: Django's model backend, reading the account's unit with the account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from qpdp.core.access import User


class AccountBackend(ModelBackend):
    """Every page names the account's unit in its header and scopes its queries by it, so the
    unit is read in the query that loads the account from the session, not in a second one."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
