from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the user chose otherwise with the language switch (a cookie).

    Django's own middleware follows the browser's Accept-Language; many care staff work on
    computers set up in English, and the product is Dutch by default.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NotificationReadMiddleware:
    """Opening the page a notification points to marks that notification read, so the badge
    in the header does not keep announcing what the person has just seen. One source of
    truth for "what is new for me": the unread notifications, counted once per page.

    It costs a page no query of its own: the header needs the unread count anyway, so this
    reads the person's unread notifications (their id and link, at most UNREAD_WINDOW) once,
    before the view, marks read those that point to this page (one UPDATE, only when there
    are any) and leaves the remaining count on the request for the header. Only a GET by a
    signed-in person counts; a link may end in an anchor on the page ("/sessies/4/#minder")."""

    UNREAD_WINDOW = 200

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if request.method != "GET" or user is None or not user.is_authenticated:
            return None
        from .models import Notification
        from .services import mark_read

        unread = list(
            Notification.objects.unread_for(user)
            .order_by()
            .values_list("pk", "url")[: self.UNREAD_WINDOW]
        )
        here = [
            pk for pk, url in unread if url == request.path or url.startswith(f"{request.path}#")
        ]
        if here:
            mark_read(user=user, notification_ids=here)
        if len(unread) < self.UNREAD_WINDOW:
            request.unread_notification_count = len(unread) - len(here)
        return None


class IdleTimeoutMiddleware:
    """Ends the session of a signed-in person after SESSION_IDLE_MINUTES without a request,
    and sends them to the login page with a message saying why.

    The moment of the last request lives in the session (coalition.accounts) and is written
    only when it moved by more than a minute: most requests write nothing. Put after
    MessageMiddleware, which the message needs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import accounts

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = accounts.now_stamp()
            if accounts.is_idle(request.session, now):
                return self.logged_out(request)
            accounts.touch(request.session, now)
        return self.get_response(request)

    def logged_out(self, request):
        logout(request)
        messages.warning(
            request, _("You have been logged out because you were inactive for a while.")
        )
        if request.headers.get("HX-Request"):
            # An htmx request would put the login page inside the page: go there whole.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
            return response
        return redirect_to_login(request.get_full_path() if request.method == "GET" else "")


class TwoFactorMiddleware:
    """Until the second step of logging in is done, every page leads to it: the code step,
    or the set-up for someone who must use two-step verification and has no device yet.
    Logging out and the language switch stay open. The step to do is read from the session
    (coalition.accounts.STEP_KEY, recorded at login): a request after it costs nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import accounts

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            step = request.session.get(accounts.STEP_KEY)
            if step is None:  # a session that began before steps were recorded
                step = request.session[accounts.STEP_KEY] = accounts.two_factor_step(user)
            if step and request.path not in self.open_paths(step):
                next_path = request.get_full_path() if request.method == "GET" else ""
                return redirect(accounts.step_url(step, next_path))
        return self.get_response(request)

    @staticmethod
    def open_paths(step):
        from . import accounts

        return {
            reverse(accounts.STEP_URLS[step]),
            reverse("logout"),
            reverse("set_language"),
            reverse("favicon"),
        }
