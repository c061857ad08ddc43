"""How staff sign in: password plus a one-time code, lockout, and short-lived records.

* `StaffAdminSite` replaces Django's default admin site (see content.admin_config, named
  in INSTALLED_APPS). Only a user verified by a TOTP device reaches the admin while
  settings.ADMIN_REQUIRE_OTP is on (always, in production); a password alone never does.
* `StaffLoginForm` asks for username, password and code on one page. A wrong code counts
  as a failed sign-in for django-axes, exactly like a wrong password.
* `client_ip` tells axes the visitor's address behind our reverse proxies, and
  `client_str` keeps addresses and user agents out of axes' log lines.
* `prune_security_records` deletes sign-in records (which hold addresses) once
  AXES_RECORD_RETENTION_HOURS have passed, and expired staff sessions.
"""

import datetime
import ipaddress
from importlib import import_module

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.sites import AdminSite
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice

# Code-step errors that are not a guess at the code: no code typed, no device chosen.
NOT_A_GUESS = {"token_required", "device_required"}


class StaffLoginForm(OTPAdminAuthenticationForm):
    """Username, password and the six-digit code from the authenticator app, in one step."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "8"}
        ),
    )
    otp_error_messages = dict(
        OTPAdminAuthenticationForm.otp_error_messages,
        token_required=_("Enter the six-digit code from your authenticator app."),
        invalid_token=_("That code is not right, or it has expired. Enter the code shown now."),
    )

    def _chosen_device(self, user):
        # django-otp asks the user to pick a device on a second page. Staff have one
        # authenticator, so use it; pick only when there really is a choice.
        device = super()._chosen_device(user)
        if device is None:
            devices = list(TOTPDevice.objects.filter(user=user, confirmed=True)[:2])
            if len(devices) == 1:
                device = devices[0]
        return device

    def clean_otp(self, user):
        try:
            super().clean_otp(user)
        except forms.ValidationError as error:
            if user is not None and getattr(error, "code", None) not in NOT_A_GUESS:
                # Count a wrong code (or one tried while django-otp is throttling the
                # device) like a wrong password, so guessing codes for a stolen password
                # ends in the same lockout.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=self.request,
                )
            raise


class StaffAdminSite(OTPAdminSite):
    """The admin, open only to staff who have passed the one-time-code step."""

    login_template = "admin/login.html"

    def __init__(self, name="admin"):
        # OTPAdminSite would call itself "otpadmin"; keep the usual "admin:" URL names.
        super().__init__(name)

    @property
    def login_form(self):
        return StaffLoginForm if settings.ADMIN_REQUIRE_OTP else AdminAuthenticationForm

    def has_permission(self, request):
        if not settings.ADMIN_REQUIRE_OTP:
            return AdminSite.has_permission(self, request)
        return super().has_permission(request)


def connect_signals():
    """Prune old records whenever someone signs in or fails to (see StaffAdminConfig)."""
    user_login_failed.connect(_prune_on_sign_in, dispatch_uid="prune-security-records-failed")
    user_logged_in.connect(_prune_on_sign_in, dispatch_uid="prune-security-records-ok")


def client_ip(request):
    """The visitor's address for axes, given TRUSTED_PROXY_COUNT proxies in front of us.

    Each of our proxies appends the address it received the request from to
    X-Forwarded-For, so the visitor is the TRUSTED_PROXY_COUNT-th entry from the right;
    anything further left was written by the client and may be forged. With no proxies
    (or a header shorter than expected), the socket address is used.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= count:
            candidate = hops[-count]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return remote
    return remote


def client_str(username, ip_address, user_agent, path_info, request=None):
    """What axes writes in its log lines: never the address, user agent or username."""
    return f"someone at {path_info}"


def retention_cutoff(now=None):
    """Sign-in records older than this are deleted (never before the lockout ends)."""
    now = now or timezone.now()
    cooloff_hours = float(settings.AXES_COOLOFF_TIME or 0)
    hours = max(float(settings.AXES_RECORD_RETENTION_HOURS), cooloff_hours)
    return now - datetime.timedelta(hours=hours)


def prune_security_records(now=None):
    """Delete old axes records and expired staff sessions. Returns {what: how many}."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = retention_cutoff(now)
    counts = {
        "failed sign-in records": AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()[0],
        "sign-in failure log entries": AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0],
        "sign-in log entries": AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0],
    }
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return counts


def _prune_on_sign_in(sender, **kwargs):
    prune_security_records()
