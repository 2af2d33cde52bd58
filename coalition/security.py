"""Login protection and caching rules that hold for every page.

- The client address is read behind a known number of trusted proxies
  (TRUSTED_PROXY_COUNT): the right-most addresses of X-Forwarded-For were added by our own
  proxies, the one before them is the client. With no trusted proxy, REMOTE_ADDR.
- Pages for signed-in people are never stored by the browser or a proxy: on a shared ward
  computer the back button after logout must not show a case.
- Every response says which browser features the app does not use (Permissions-Policy).
- A password reset by e-mail lifts the login lockout of that user name; its mail, like every
  other, links to the configured site address (coalition.mail).
"""

import logging

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from .mail import absolute_url, send_templated_mail

logger = logging.getLogger(__name__)


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    # Our proxies appended the last `count` entries; the first of those is what the
    # outermost proxy saw as the client. Anything further left the client could forge.
    if len(forwarded) >= count:
        return forwarded[-count]
    return remote


class NoStoreMiddleware:
    """Every response to a signed-in person is kept by no cache: pages, PDFs, CSV exports,
    htmx fragments and error pages alike, also when a view set caching headers of its own.

    Calendar feeds are fetched by calendar apps without a session, by a secret address: this
    middleware does not see them as signed in. Those views decide for themselves and keep
    them uncached too (`never_cache`): the feed lists a person's schedule, and a copy kept
    after the address was reset would outlive the reset."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Merges with what a view set (a max-age drops to 0, "public" becomes "private").
            add_never_cache_headers(response)
        return response


class PermissionsPolicyMiddleware:
    """Permissions-Policy (settings.PERMISSIONS_POLICY) on every response, static files too."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and not response.has_header("Permissions-Policy"):
            response["Permissions-Policy"] = self.header
        return response


class CoalitionPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        """Active people with this address, also those invited who never chose a password
        (Django leaves those out; here every account logs in with a password)."""
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (u for u in users if u.email and u.email.lower() == email.lower())

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """The reset mail through coalition.mail: text and HTML from the one HTML template,
        the link on the configured site address rather than the host the request named."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        path = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        try:
            send_templated_mail(
                template=html_email_template_name or email_template_name,
                context={**context, "link": absolute_url(path)},
                to=[to_email],
                subject=subject,
            )
        except Exception:
            # As Django does: the page must not tell whether the address has an account.
            logger.exception("Failed to send password reset email to %s", context["user"].pk)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = CoalitionPasswordResetForm
    email_template_name = "registration/password_reset_email.html"
    html_email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=self.user.get_username())
        return response
