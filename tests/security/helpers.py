"""Logging in as an account whose second factor is verified, and reading TOTP codes."""

from __future__ import annotations

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from qpdp.core.access import User


def device_for(user: User) -> TOTPDevice:
    """The account's confirmed authenticator, made on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def current_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the officer's phone shows now (or ``steps_ahead`` periods later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def login_verified(client: Client, user: User) -> Client:
    """``force_login`` plus the session key django-otp sets after a good code."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device_for(user).persistent_id
    session.save()
    return client
