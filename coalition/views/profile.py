"""A person's own profile ("Mijn profiel"), the log-in that applies their language, and the
second step of logging in (two-step verification: coalition.accounts).

There is no pk in these URLs: a person only ever sees and changes their own profile.
"""

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import accounts, services
from ..forms import ProfileForm
from ..models import Profile
from ..privacy import own_copy
from ..roles import labels, role_names
from .core import safe_next


def set_language_cookie(response, language):
    """The cookie the language switch sets (django.views.i18n.set_language), which
    coalition.middleware.DutchFirstLocaleMiddleware reads on every request."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class LoginView(auth_views.LoginView):
    """Django's log-in; a person who chose a language on their profile gets it from here on.
    The switch at the top still changes it until the next log-in."""

    def form_valid(self, form):
        response = super().form_valid(form)
        step = self.request.session.get(accounts.STEP_KEY)
        if step:
            # Straight on to the second step, keeping where the person was going.
            response = redirect(accounts.step_url(step, self.get_success_url()))
        language = (
            Profile.objects.filter(user=form.get_user()).values_list("language", flat=True).first()
        )
        if language:
            set_language_cookie(response, language)
        return response


def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(user=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            language = form.cleaned_data["language"]
            translation.activate(language)
            messages.success(request, _("Your profile is saved."))
            return set_language_cookie(redirect("coalition:profile"), language)
    profile = Profile.objects.filter(user=user).first()
    names = role_names(user)
    return render(
        request,
        "coalition/profile.html",
        {
            "form": form,
            "role_labels": labels(names),
            "organisations": profile.organisations.order_by("name") if profile else [],
            "teams": profile.teams.select_related("organisation") if profile else [],
            "two_factor_on": accounts.has_two_factor(user),
            "two_factor_required": accounts.two_factor_required(user),
            "recovery_codes_left": accounts.recovery_codes_left(user),
            "own_copy": own_copy.current(user),
        },
        status=400 if form.errors else 200,
    )


# --- Two-step verification ---


def _next(request):
    return safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _render_step(request, template, context, status=200):
    """A page of the second step. Until it is done the page shows nothing of the account
    (menu, notifications, name): only the way on and the way out."""
    if request.session.get(accounts.STEP_KEY):
        context = {**context, "user": AnonymousUser(), "half_logged_in": True}
    return render(request, template, context, status=status)


def _code_refused(request, credentials):
    """A wrong code counts as a failed login for django-axes: after AXES_FAILURE_LIMIT the
    user name is locked, the session ends and the lockout page says why."""
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        return _locked_out(request, credentials)
    return None


def _locked_out(request, credentials):
    logout(request)
    return get_lockout_response(request, None, credentials)


def two_factor_verify(request):
    """The second step for someone with a device: a code of their app, or a recovery code."""
    user = request.user
    next_url = _next(request)
    if request.session.get(accounts.STEP_KEY) != accounts.STEP_VERIFY:
        return redirect(next_url)
    recovery = "recovery_code" in request.POST
    data = request.POST if request.method == "POST" else None
    form = accounts.CodeForm(None if recovery else data)
    recovery_form = accounts.RecoveryCodeForm(data if recovery else None)
    used = recovery_form if recovery else form
    if data is not None and used.is_valid():
        credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            return _locked_out(request, credentials)
        if recovery:
            device = accounts.use_recovery_code(user=user, code=used.cleaned_data["recovery_code"])
        else:
            device = accounts.verify_code(user=user, code=used.cleaned_data["code"])
        if device is not None:
            accounts.pass_second_step(request, device)
            axes_reset(username=user.get_username())
            if recovery:
                left = accounts.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(left)s is left. Lost your phone? Set up "
                        "two-step verification again on your profile.",
                        "You used a recovery code; %(left)s are left. Lost your phone? Set up "
                        "two-step verification again on your profile.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(next_url)
        refused = _code_refused(request, credentials)
        if refused is not None:
            return refused
        if recovery:
            used.add_error("recovery_code", _("This recovery code is not right or was used."))
        else:
            used.add_error("code", _("This code is not right. Enter the code your app shows now."))
    return _render_step(
        request,
        "two_factor/verify.html",
        {
            "form": form,
            "recovery_form": recovery_form,
            "recovery": recovery,
            "next": next_url,
        },
        status=400 if used.errors else 200,
    )


def two_factor_setup(request):
    """Set up two-step verification: scan the QR code (or type the secret) into an
    authenticator app, confirm with its code, and see the recovery codes once."""
    user = request.user
    next_url = _next(request)
    if accounts.has_two_factor(user):
        messages.info(request, _("Two-step verification is already on."))
        return redirect("coalition:profile")
    key = accounts.pending_key(request.session)
    form = accounts.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = accounts.two_factor_enable(
                user=user, key=key, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            accounts.pass_second_step(request, device)
            # In this answer only: no page shows the recovery codes again.
            return render(
                request,
                "two_factor/recovery_codes.html",
                {"codes": codes, "next": next_url},
            )
    device = accounts.unsaved_device(user, key)
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    return _render_step(
        request,
        "two_factor/setup.html",
        {
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": next_url,
            "required": accounts.two_factor_required(user),
        },
        status=400 if form.errors else 200,
    )


def two_factor_disable(request):
    """Turn two-step verification off, with a current code; not for those who must use it."""
    user = request.user
    if not accounts.has_two_factor(user):
        return redirect("coalition:profile")
    if accounts.two_factor_required(user):
        messages.error(request, _("Your role requires two-step verification: it stays on."))
        return redirect("coalition:profile")
    form = accounts.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.two_factor_disable(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Two-step verification is off."))
            return redirect("coalition:profile")
    return render(
        request,
        "two_factor/disable.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
