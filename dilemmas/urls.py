from django.urls import path

from . import views

app_name = "dilemmas"

urlpatterns = [
    path("", views.index, name="index"),
    # Working groups and their case form
    path("werkgroepen/", views.group_list, name="group_list"),
    path("werkgroepen/nieuw/", views.group_create, name="group_create"),
    path("werkgroepen/<int:pk>/", views.group_detail, name="group_detail"),
    path("werkgroepen/<int:pk>/bewerken/", views.group_edit, name="group_edit"),
    path("werkgroepen/<int:pk>/geschiedenis/", views.group_history, name="group_history"),
    path("werkgroepen/<int:pk>/leden/", views.member_add, name="member_add"),
    path(
        "werkgroepen/<int:pk>/leden/<int:member_pk>/verwijderen/",
        views.member_remove,
        name="member_remove",
    ),
    path("werkgroepen/<int:pk>/themas/", views.theme_add, name="theme_add"),
    path("werkgroepen/<int:pk>/formulier/", views.form_edit, name="form_edit"),
    path("werkgroepen/<int:pk>/formulier/publiceren/", views.form_publish, name="form_publish"),
    path(
        "werkgroepen/<int:pk>/formulier/versies/<int:version_pk>/",
        views.form_version_detail,
        name="form_version_detail",
    ),
    path("werkgroepen/<int:pk>/minder-alleen/", views.feedback_overview, name="feedback_overview"),
    # Dilemma cases
    path("casussen/", views.case_list, name="case_list"),
    path("casussen/nieuw/", views.case_create, name="case_create"),
    path("casussen/<int:pk>/", views.case_detail, name="case_detail"),
    path("casussen/<int:pk>/bewerken/", views.case_edit, name="case_edit"),
    path("casussen/<int:pk>/afsluiten/", views.case_close, name="case_close"),
    path("casussen/<int:pk>/themas/", views.case_themes, name="case_themes"),
    path("casussen/<int:pk>/geschiedenis/", views.case_history, name="case_history"),
    path("casussen/<int:pk>/pdf/", views.case_export, name="case_export"),
    # Supervision and team sessions
    path("sessies/", views.session_list, name="session_list"),
    path("sessies/nieuw/", views.session_create, name="session_create"),
    path("sessies/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessies/<int:pk>/bewerken/", views.session_edit, name="session_edit"),
    path("sessies/<int:pk>/uitkomsten/", views.session_outcomes, name="session_outcomes"),
    path("sessies/<int:pk>/geschiedenis/", views.session_history, name="session_history"),
    path("sessies/<int:pk>/minder-alleen/", views.session_feedback, name="session_feedback"),
    path("reflectieritme/", views.reflection, name="reflection"),
    path("reflectieritme/<int:team_pk>/doel/", views.reflection_target, name="reflection_target"),
    # Trainings
    path("trainingen/", views.training_list, name="training_list"),
    path("trainingen/nieuw/", views.training_type_create, name="training_type_create"),
    path("trainingen/<int:pk>/bewerken/", views.training_type_edit, name="training_type_edit"),
    path(
        "trainingen/<int:pk>/sessies/nieuw/",
        views.training_session_create,
        name="training_session_create",
    ),
    path(
        "trainingen/sessies/<int:pk>/",
        views.training_session_detail,
        name="training_session_detail",
    ),
    path("trainingen/sessies/<int:pk>/inschrijven/", views.training_enrol, name="training_enrol"),
    path(
        "trainingen/sessies/<int:pk>/uitschrijven/",
        views.training_unenrol,
        name="training_unenrol",
    ),
    path(
        "trainingen/sessies/<int:pk>/team-inschrijven/",
        views.training_team_enrol,
        name="training_team_enrol",
    ),
    path(
        "trainingen/sessies/<int:pk>/aanwezigheid/",
        views.training_attendance,
        name="training_attendance",
    ),
    path("trainingen/mijn-team/", views.team_training_status, name="team_training_status"),
    path("trainingen/wie-moet/export/", views.training_due_export, name="training_due_export"),
    path("agenda/", views.calendar_page, name="calendar"),
    path("agenda/nieuwe-link/", views.calendar_reset, name="calendar_reset"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    # Consultations
    path("gesprekken/", views.consultation_list, name="consultation_list"),
    path("gesprekken/nieuw/", views.consultation_create, name="consultation_create"),
    path("gesprekken/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("gesprekken/<int:pk>/oppakken/", views.consultation_pick_up, name="consultation_pick_up"),
    path("gesprekken/<int:pk>/gevoerd/", views.consultation_held, name="consultation_held"),
    path("gesprekken/<int:pk>/afsluiten/", views.consultation_close, name="consultation_close"),
    path(
        "gesprekken/<int:pk>/intrekken/", views.consultation_withdraw, name="consultation_withdraw"
    ),
    path(
        "gesprekken/<int:pk>/geschiedenis/",
        views.consultation_history,
        name="consultation_history",
    ),
]
