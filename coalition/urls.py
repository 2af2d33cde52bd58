from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from . import security, views
from .views.profile import two_factor_disable, two_factor_setup, two_factor_verify


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for on their own, leads to the SVG icon. Not
    permanent: the static file's name carries a hash in production and changes with it."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


core_patterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("meldingen/", views.notification_list, name="notifications"),
    path("meldingen/gelezen/", views.notification_mark_read, name="notifications_mark_read"),
    path("mijn-profiel/", views.profile, name="profile"),
    path("zoeken/", views.search_view, name="search"),
    path("hulp/", views.help_page, name="help_index"),
    path("hulp/<slug:part>/", views.help_page, name="help"),
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("inzagelog/", views.access_log, name="access_log"),
    path("inzagelog/export/", views.access_log_export, name="access_log_export"),
    path("inzagelog/rapport/", views.access_log_report, name="access_log_report"),
    path("privacy/", views.privacy_request_list, name="privacy_request_list"),
    path("privacy/nieuw/", views.privacy_request_create, name="privacy_request_create"),
    path("privacy/<int:pk>/", views.privacy_request_detail, name="privacy_request_detail"),
    path(
        "privacy/<int:pk>/kopie.<str:file_format>",
        views.privacy_request_download,
        name="privacy_request_download",
    ),
    path("mijn-profiel/mijn-gegevens.<str:file_format>", views.my_data, name="my_data"),
    path("mijn-profiel/mijn-gegevens/pdf-maken/", views.my_data_pdf_ask, name="my_data_pdf_ask"),
    path(
        "organisaties/<int:pk>/geschiedenis/",
        views.organisation_history,
        name="organisation_history",
    ),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/<int:pk>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("organisaties/<int:pk>/teams/nieuw/", views.team_create, name="team_create"),
    path("organisaties/<int:pk>/toegang/", views.organisation_grants, name="organisation_grants"),
    path("teams/<int:pk>/bewerken/", views.team_edit, name="team_edit"),
    path("teams/<int:pk>/verwijderen/", views.team_delete, name="team_delete"),
    path("mensen/", views.person_list, name="person_list"),
    path("mensen/nieuw/", views.person_create, name="person_create"),
    path("mensen/export/", views.person_export, name="person_export"),
    path("mensen/<int:pk>/", views.person_detail, name="person_detail"),
    path("mensen/<int:pk>/bewerken/", views.person_edit, name="person_edit"),
    path("mensen/<int:pk>/ontgrendelen/", views.person_unlock, name="person_unlock"),
    path("mensen/<int:pk>/uitnodigen/", views.person_invite, name="person_invite"),
    path("mensen/<int:pk>/geschiedenis/", views.person_history, name="person_history"),
    path("toegang/", views.grant_list, name="grant_list"),
    path("toegang/<int:pk>/", views.grant_detail, name="grant_detail"),
    path("toegang/<int:pk>/bevestigen/", views.grant_confirm, name="grant_confirm"),
    path("toegang/<int:pk>/weigeren/", views.grant_reject, name="grant_reject"),
    path("toegang/<int:pk>/intrekken/", views.grant_withdraw, name="grant_withdraw"),
]

urlpatterns = [
    path("", include((core_patterns, "coalition"))),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", login_not_required(FaviconView.as_view()), name="favicon"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The second step of logging in (coalition.accounts).
    path("accounts/tweestapsverificatie/", two_factor_verify, name="two_factor_verify"),
    path("accounts/tweestapsverificatie/instellen/", two_factor_setup, name="two_factor_setup"),
    path("accounts/tweestapsverificatie/uitzetten/", two_factor_disable, name="two_factor_disable"),
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
    path(
        "accounts/wachtwoord-vergeten/",
        security.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/wachtwoord-kiezen/<uidb64>/<token>/",
        security.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/wachtwoord-gekozen/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The language switch works before logging in too (on the login page); CSRF still holds.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("regiegroep/", include("regiegroep.urls")),
    path("dilemmas/", include("dilemmas.urls")),
    path("digitaal/", include("digital.urls")),
    path("relatiebeheer/", include("relatiebeheer.urls")),
    path("beheer/", admin.site.urls),
]
