"""Accounts: how long a session lasts, the second step of logging in, and accounts nobody uses.

- Idle timeout: a session ends after SESSION_IDLE_MINUTES without a request
  (coalition.middleware.IdleTimeoutMiddleware). The moment of the last request is kept in
  the session and written at most once a minute, so most requests write nothing. A session
  also ends SESSION_COOKIE_AGE after logging in, however busy: a working day on a ward.
- Two-step verification (TOTP through django-otp, with ten recovery codes that work once
  each): required, with TWO_FACTOR_REQUIRED on, for everyone who sees cases, clients or the
  access log (TWO_FACTOR_ROLES) and for superusers; anyone else may turn it on from their
  profile. At login the session records which step is still to do (`STEP_KEY`); until it is
  done every page leads there (coalition.middleware.TwoFactorMiddleware). Wrong codes count
  as failed logins for django-axes: the same lockout as wrong passwords.
- Inactive accounts: an account nobody logged in to for ACCOUNT_INACTIVE_DAYS is
  deactivated by a daily task; the person gets an e-mail, their coordinators a notification.
"""

import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from . import roles, sight
from .services import notify_each

logger = logging.getLogger(__name__)

User = get_user_model()

# --- The session ---

LAST_ACTIVITY_KEY = "coalition_last_activity"
# Written again only when it moved by more than this: most requests then write nothing.
LAST_ACTIVITY_PRECISION = 60


def now_stamp():
    return int(timezone.now().timestamp())


def idle_seconds():
    return settings.SESSION_IDLE_MINUTES * 60


def is_idle(session, now):
    last = session.get(LAST_ACTIVITY_KEY)
    return last is not None and now - last > idle_seconds()


def touch(session, now):
    """Record activity at `now` when the recorded moment is more than a minute old."""
    last = session.get(LAST_ACTIVITY_KEY)
    if last is None or now - last > LAST_ACTIVITY_PRECISION:
        session[LAST_ACTIVITY_KEY] = now


def start_session(sender, request, user, **kwargs):
    """Receiver of `user_logged_in`, for every way in (the login page, the admin's, a test
    client's): the clock of the idle timeout starts, the session ends a working day from
    now however busy (written activity would otherwise push that on), and the second step,
    when the person has one, is still to do."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session[LAST_ACTIVITY_KEY] = now_stamp()
    session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))
    if getattr(user, "otp_device", None) is None:
        # A password alone never counts as the second step, also not for a session that
        # had done it before (logging in again keeps the session's data).
        session.pop(DEVICE_ID_SESSION_KEY, None)
    session[STEP_KEY] = two_factor_step(user)


# --- Two-step verification ---

# Who sees confidential records: cases (team leads, the working group), clients (intake
# staff, care workers), the access log (coordinators, privacy officers).
TWO_FACTOR_ROLES = (
    roles.COORDINATOR,
    roles.PRIVACY_OFFICER,
    roles.TEAM_LEAD,
    roles.WORKING_GROUP_MEMBER,
    roles.INTAKE_STAFF,
    roles.CARE_WORKER,
)

STEP_KEY = "coalition_two_factor_step"
STEP_VERIFY = "verify"  # has a device: enter a code
STEP_SETUP = "setup"  # must use it and has no device yet: set it up first
STEP_DONE = ""  # verified, or not asked of this person
STEP_URLS = {STEP_VERIFY: "two_factor_verify", STEP_SETUP: "two_factor_setup"}
PENDING_KEY_SESSION_KEY = "coalition_two_factor_pending_key"
RECOVERY_CODE_COUNT = 10


def two_factor_required(user):
    return settings.TWO_FACTOR_REQUIRED and (
        user.is_superuser or roles.has_role(user, *TWO_FACTOR_ROLES)
    )


def has_two_factor(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_step(user):
    if has_two_factor(user):
        return STEP_VERIFY
    if two_factor_required(user):
        return STEP_SETUP
    return STEP_DONE


def step_url(step, next_url=""):
    url = reverse(STEP_URLS[step])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def pass_second_step(request, device):
    """The person proved to hold `device`: the session is complete."""
    otp_login(request, device)
    request.session[STEP_KEY] = STEP_DONE
    request.session.pop(PENDING_KEY_SESSION_KEY, None)


def normalise(code):
    return "".join(code.split()).replace("-", "").lower()


def verify_code(*, user, code):
    """The person's authenticator device when `code` is its current code, else None. A
    device refuses for a growing while after each wrong code (django-otp's throttling)."""
    code = normalise(code)
    if not code.isdigit():
        return None
    with transaction.atomic():
        device = (
            TOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update().first()
        )
        if device is not None and device.verify_token(code):
            return device
    return None


def use_recovery_code(*, user, code):
    """The recovery codes' device when `code` is one of them; that code is used up."""
    code = normalise(code)
    if not code:
        return None
    with transaction.atomic():
        for device in StaticDevice.objects.devices_for_user(
            user, confirmed=True
        ).select_for_update():
            if device.verify_token(code):
                return device
    return None


def pending_key(session):
    """The secret offered on the set-up page, kept in the session until it is confirmed:
    looking at the page stores nothing in the database."""
    key = session.get(PENDING_KEY_SESSION_KEY)
    if not key:
        key = session[PENDING_KEY_SESSION_KEY] = random_hex(20)
    return key


def unsaved_device(user, key):
    return TOTPDevice(user=user, key=key, name="authenticator app", confirmed=False)


@transaction.atomic
def two_factor_enable(*, user, key, code):
    """Set up two-step verification with the secret `key` once `code` proves the
    person's app has it. Replaces any earlier device and recovery codes.
    Returns (the new device, the recovery codes: shown once, never again)."""
    device = unsaved_device(user, key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    code = normalise(code)
    if not (code.isdigit() and totp.verify(int(code), device.tolerance)):
        raise ValidationError(
            {"code": _("This code is not right. Enter the code your app shows now.")}
        )
    device.last_t = totp.t()  # this code does not work a second time
    device.drift = totp.drift
    device.confirmed = True
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.save()
    recovery = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return device, codes


@transaction.atomic
def two_factor_disable(*, user, code):
    """Turn two-step verification off, with a current code of the app. Refused for people
    who must use it."""
    if two_factor_required(user):
        raise ValidationError(_("Your role requires two-step verification: it stays on."))
    if verify_code(user=user, code=code) is None:
        raise ValidationError(
            {"code": _("This code is not right. Enter the code your app shows now.")}
        )
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# --- Accounts nobody uses ---


def inactive_accounts(now):
    """Active accounts, superusers aside, not logged in to for ACCOUNT_INACTIVE_DAYS: by
    their last login, or, for an invited person who never logged in, since they were made."""
    cutoff = now - timedelta(days=settings.ACCOUNT_INACTIVE_DAYS)
    return User.objects.filter(is_active=True, is_superuser=False).filter(
        Q(last_login__lte=cutoff) | Q(last_login__isnull=True, date_joined__lte=cutoff)
    )


# Accounts deactivated in one transaction, in a fixed number of queries.
DEACTIVATE_BATCH = 500


def deactivate_inactive_accounts(*, now=None):
    """Deactivate every inactive account and tell the person and their coordinators, in
    batches of DEACTIVATE_BATCH accounts with a fixed number of queries each. Each batch
    is locked and deactivated in one transaction, so a second run (or a second worker)
    finds nothing to do. Returns the accounts deactivated now."""
    now = now or timezone.now()
    done = []
    while batch := _deactivate_batch(now):
        done += batch
    if done:
        logger.info("Deactivated %s inactive accounts.", len(done))
    return done


@transaction.atomic
def _deactivate_batch(now):
    """Lock up to DEACTIVATE_BATCH inactive accounts (another worker skips them), turn them
    off, close their sight and tell them and their coordinators. Once off, an account is no
    longer inactive-and-active, so the next batch is the next accounts."""
    users = list(
        inactive_accounts(now).select_for_update(skip_locked=True).order_by("pk")[:DEACTIVATE_BATCH]
    )
    if not users:
        return []
    User.objects.filter(pk__in=[user.pk for user in users]).update(is_active=False)
    for user in users:
        user.is_active = False
    sight.close_sight(users)  # an update() sends no post_save
    _tell_deactivated(users, now)
    return users


def _tell_deactivated(users, now):
    """The person by e-mail, the active coordinators of their organisations in the app, in
    a fixed number of queries however many accounts."""
    days = settings.ACCOUNT_INACTIVE_DAYS
    day = timezone.localdate(now).isoformat()
    keys = {user.pk: f"coalition-account-deactivated-{user.pk}-{day}" for user in users}
    coordinators = _coordinators_of(users)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your Coalition account has been deactivated")
        to_person = _(
            "Nobody logged in to your account for %(days)s days, so it has been "
            "deactivated. Do you still need it? Ask a coordinator of your "
            "organisation to turn it on again."
        ) % {"days": days}
        # To the address itself: the account no longer logs in to read it in the app, and a
        # choice of "in the app only" must not swallow this one.
        notify_each(
            [],
            emails=[
                (user.email, keys[user.pk], subject, to_person, "") for user in users if user.email
            ],
        )
        to_coordinators = _(
            "Nobody logged in to this account for %(days)s days. Turn it on again on "
            "the person's page if it is still needed."
        ) % {"days": days}
        notify_each(
            [
                (
                    coordinator,
                    keys[user.pk],
                    _("Account of %(name)s deactivated")
                    % {"name": user.get_full_name() or user.get_username()},
                    to_coordinators,
                    reverse("coalition:person_detail", args=[user.pk]),
                )
                for user in users
                for coordinator in coordinators.get(user.pk, ())
            ],
            send_email=False,
        )


def _coordinators_of(users):
    """{pk of an account: the active coordinators of that person's organisations, the
    person aside}, in one query."""
    found = (
        User.objects.filter(
            is_active=True,
            groups__name=roles.COORDINATOR,
            profile__organisations__people__user__in=[user.pk for user in users],
        )
        .annotate(told=F("profile__organisations__people__user"))
        .distinct()
    )
    coordinators = {}
    for coordinator in found:
        if coordinator.pk != coordinator.told:
            coordinators.setdefault(coordinator.told, []).append(coordinator)
    return coordinators


# --- Forms ---


class CodeForm(forms.Form):
    """The six digits of the authenticator app."""

    code = forms.CharField(
        label=gettext_lazy("Code from your app"),
        help_text=gettext_lazy("The six digits your authenticator app shows now."),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )


class RecoveryCodeForm(forms.Form):
    recovery_code = forms.CharField(
        label=gettext_lazy("Recovery code"),
        help_text=gettext_lazy("One of the ten codes you saved when you set this up."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
