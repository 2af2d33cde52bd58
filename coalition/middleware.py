from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.decorators import decorator_from_middleware


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
    in the header does not keep announcing what the person has just seen.

    Used per view, as `marks_notifications_read`, on the pages notifications point to: in
    MIDDLEWARE its UPDATE would run on every page, also those no notification points to,
    and pages keep a fixed query count. Only a GET by a signed-in person counts; it runs
    before the view, so the page itself already shows the lower count."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if request.method == "GET" and user is not None and user.is_authenticated:
            from .services import mark_read_at

            mark_read_at(user=user, path=request.path)
        return None


marks_notifications_read = decorator_from_middleware(NotificationReadMiddleware)
