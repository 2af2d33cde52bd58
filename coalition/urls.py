from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

core_patterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("meldingen/", views.notification_list, name="notifications"),
    path("meldingen/gelezen/", views.notification_mark_read, name="notifications_mark_read"),
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("inzagelog/", views.access_log, name="access_log"),
    path(
        "organisaties/<int:pk>/geschiedenis/",
        views.organisation_history,
        name="organisation_history",
    ),
]

urlpatterns = [
    path("", include((core_patterns, "coalition"))),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/wachtwoord/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("regiegroep/", include("regiegroep.urls")),
    path("dilemmas/", include("dilemmas.urls")),
    path("digitaal/", include("digital.urls")),
    path("relatiebeheer/", include("relatiebeheer.urls")),
    path("beheer/", admin.site.urls),
]
