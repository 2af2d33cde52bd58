from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
