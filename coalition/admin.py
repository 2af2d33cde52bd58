from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessLogEntry, Notification, Organisation, Profile, Team

admin.site.site_header = _("Coalition administration")
admin.site.site_title = _("Coalition administration")


class GuardedHistoryAdmin(GuardedModelAdminMixin, SimpleHistoryAdmin):
    """Object permissions (guardian) and history (simple-history) in one admin."""


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(GuardedHistoryAdmin):
    list_display = ["name", "sector", "region"]
    list_filter = ["sector", "region"]
    search_fields = ["name", "region"]
    inlines = [TeamInline]


@admin.register(Team)
class TeamAdmin(GuardedHistoryAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    list_select_related = ["organisation"]


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ["organisations", "teams"]

    def get_readonly_fields(self, request, obj=None):
        # Teams and organisations open confidential records (a team lead sees the cases
        # brought to their team): nobody but a superuser changes their own.
        if obj is not None and obj == request.user and not request.user.is_superuser:
            return ["organisations", "teams"]
        return super().get_readonly_fields(request, obj)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class CoalitionUserAdmin(UserAdmin):
    """Coordinators manage people and their roles, within limits that keep them from
    widening their own access: no superusers, no loose permissions, not their own roles."""

    inlines = [ProfileInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]
    list_filter = ["groups", "is_staff", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
            if obj is not None and obj == request.user:
                readonly += ["groups", "is_staff", "is_active"]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "email", "created_at", "read_at", "email_sent_at"]
    list_filter = ["send_email"]
    search_fields = ["subject", "recipient__username", "email"]
    list_select_related = ["recipient"]
    readonly_fields = ["created_at", "email_sent_at", "email_attempts", "key"]


@admin.register(AccessLogEntry)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "outcome", "object_type", "object_id"]
    list_filter = ["outcome", "object_type"]
    search_fields = ["username", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
