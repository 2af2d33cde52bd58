"""A person's own profile ("Mijn profiel"), and the log-in that applies their language.

There is no pk in these URLs: a person only ever sees and changes their own profile.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from .. import services
from ..forms import ProfileForm
from ..models import Profile
from ..roles import ROLE_LABELS, role_names


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
            "role_labels": [label for role, label in ROLE_LABELS.items() if role in names],
            "organisations": profile.organisations.order_by("name") if profile else [],
            "teams": profile.teams.select_related("organisation") if profile else [],
        },
        status=400 if form.errors else 200,
    )
