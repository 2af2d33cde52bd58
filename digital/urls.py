from django.urls import include, path

from . import views

app_name = "digital"

urlpatterns = [
    path("", views.index, name="index"),
    path("menukaart/", include("digital.menu_urls")),
    path("erkenning/", include("digital.rewards_urls")),
    path("personas/", views.personas.persona_list, name="persona_list"),
    path("personas/<int:pk>/", views.personas.persona_detail, name="persona_detail"),
    path("personas/<int:pk>/bewerken/", views.personas.persona_edit, name="persona_edit"),
    path("clienten/", views.clients.client_list, name="client_list"),
    path("clienten/nieuw/", views.clients.client_create, name="client_create"),
    path("clienten/<int:pk>/", views.clients.client_detail, name="client_detail"),
    path("clienten/<int:pk>/bewerken/", views.clients.client_edit, name="client_edit"),
    path("clienten/<int:pk>/geschiedenis/", views.clients.client_history, name="client_history"),
    path("clienten/<int:pk>/intake/", views.clients.intake_create, name="intake_create"),
    path(
        "clienten/<int:pk>/intake/<int:intake_pk>/persona/",
        views.clients.intake_persona,
        name="intake_persona",
    ),
    path("clienten/<int:pk>/doelen/nieuw/", views.plans.goal_create, name="goal_create"),
    path(
        "clienten/<int:pk>/doelen/<int:goal_pk>/poging/",
        views.plans.attempt_log,
        name="attempt_log",
    ),
    path(
        "clienten/<int:pk>/doelen/<int:goal_pk>/status/",
        views.plans.goal_status,
        name="goal_status",
    ),
    path(
        "clienten/<int:pk>/doelen/<int:goal_pk>/terug-naar-digitaal/",
        views.plans.switch_undo,
        name="switch_undo",
    ),
]
