"""The RRO: series, meetings, the decision log and the calendar feed."""

from django.urls import path

from .views import meetings

urlpatterns = [
    path("rro/", meetings.series_list, name="series_list"),
    path("rro/nieuw/", meetings.series_create, name="series_create"),
    path("rro/besluiten/", meetings.decision_log, name="decision_log"),
    path("rro/<int:pk>/", meetings.series_detail, name="series_detail"),
    path("rro/<int:pk>/bewerken/", meetings.series_edit, name="series_edit"),
    path("rro/<int:pk>/nieuwe-link/", meetings.series_feed_reset, name="series_feed_reset"),
    path("rro/agenda/<str:token>.ics", meetings.series_feed, name="series_feed"),
    path("rro/vergadering/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("rro/vergadering/<int:pk>/verplaatsen/", meetings.meeting_move, name="meeting_move"),
    path("rro/vergadering/<int:pk>/uitkomst/", meetings.outcome_add, name="outcome_add"),
    path(
        "rro/vergadering/<int:pk>/notulen.pdf",
        meetings.meeting_minutes_pdf,
        name="meeting_minutes_pdf",
    ),
    path(
        "rro/vergadering/<int:pk>/definitief/", meetings.meeting_finalise, name="meeting_finalise"
    ),
    path("rro/vergadering/<int:pk>/heropenen/", meetings.meeting_reopen, name="meeting_reopen"),
    path("rro/uitkomst/<int:pk>/status/", meetings.outcome_status, name="outcome_status"),
    path("rro/uitkomst/<int:pk>/weg/", meetings.outcome_delete, name="outcome_delete"),
]
