"""Login protection and caching rules that hold for every page.

- The client address is read behind a known number of trusted proxies
  (TRUSTED_PROXY_COUNT): the right-most addresses of X-Forwarded-For were added by our own
  proxies, the one before them is the client. With no trusted proxy, REMOTE_ADDR.
- Pages for signed-in people are never stored by the browser or a proxy: on a shared ward
  computer the back button after logout must not show a case.
- A password reset by e-mail lifts the login lockout of that user name.
"""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.utils.cache import add_never_cache_headers


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
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
            response["Cache-Control"] += ", no-store"  # explicit, whatever Django's default
        return response


class CoalitionPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        """Active people with this address, also those invited who never chose a password
        (Django leaves those out; here every account logs in with a password)."""
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (u for u in users if u.email and u.email.lower() == email.lower())


class PasswordResetView(auth_views.PasswordResetView):
    form_class = CoalitionPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=self.user.get_username())
        return response
