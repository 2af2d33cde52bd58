"""The app's URLs, with the framework floor's bare view beside them (benchmark only)."""

from django.urls import path

from coalition.urls import urlpatterns as app_patterns

from .floor import FLOOR_PATH, floor_view

urlpatterns = [path(FLOOR_PATH.strip("/") + "/", floor_view, name="bench_floor"), *app_patterns]
