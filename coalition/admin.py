from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AccessGrant,
    AccessGrantConfirmation,
    AccessLogEntry,
    Notification,
    Organisation,
    Profile,
    Team,
)

admin.site.site_header = _("Coalition administration")
admin.site.site_title = _("Coalition administration")


class ReadOnlyAdminMixin:
    """Records that are written by the app only: read here, never added, changed or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """History (simple-history) without guardian's object-permission pages: object
    permissions on organisations open client records and are written only from the facts
    of the access rule (coalition.sight), never by hand."""


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "sector", "region"]
    list_filter = ["sector", "region"]
    search_fields = ["name", "region"]
    inlines = [TeamInline]


@admin.register(Team)
class TeamAdmin(HistoryAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    list_select_related = ["organisation"]


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    # Teams and organisations open records: they change in the app, under the access rule.
    readonly_fields = ["organisations", "teams"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class CoalitionUserAdmin(UserAdmin):
    """For superusers only (coalition.admin_site); coordinators use the app's people pages.

    Even here roles and loose permissions are read-only and nobody sets another person's
    password: what opens confidential records changes in the app, where a second person
    of the organisation confirms it."""

    inlines = [ProfileInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]
    list_filter = ["groups", "is_staff", "is_active"]
    readonly_fields = ["groups", "user_permissions", "last_login", "date_joined"]

    def user_change_password(self, request, id, form_url=""):
        if str(request.user.pk) != str(id):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "email", "created_at", "read_at", "email_sent_at"]
    list_filter = ["send_email"]
    search_fields = ["subject", "recipient__username", "email"]
    list_select_related = ["recipient"]
    readonly_fields = ["created_at", "email_sent_at", "email_attempts", "key"]


@admin.register(AccessLogEntry)
class AccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only for everyone, superusers included: the log is append-only (the model, its
    queryset and, on PostgreSQL, the database refuse a change or a deletion as well)."""

    list_display = [
        "at",
        "username",
        "roles",
        "action",
        "outcome",
        "object_type",
        "object_id",
        "record_organisation",
        "client_id",
    ]
    # Choices only: a filter on the kind of record would read every distinct value.
    list_filter = ["outcome", "action"]
    search_fields = ["=username", "=object_id"]
    # Counting the whole log for every page is slow once it is large.
    show_full_result_count = False
    actions = None


class ConfirmationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AccessGrantConfirmation
    extra = 0
    readonly_fields = ["organisation", "confirmed_by", "confirmed_at"]


@admin.register(AccessGrant)
class AccessGrantAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only: requests are decided in the app, by a second person of the organisation."""

    list_display = ["requested_at", "kind", "subject", "requested_by", "status", "decided_at"]
    list_filter = ["status", "kind"]
    inlines = [ConfirmationInline]
