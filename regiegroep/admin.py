from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Decision, PlaybookVersion, Scenario, Seat, SteeringGroup


@admin.register(SteeringGroup)
class SteeringGroupAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "scope", "max_members"]
    search_fields = ["name"]


@admin.register(Seat)
class SeatAdmin(SimpleHistoryAdmin):
    list_display = ["person", "organisation", "group", "start_date", "end_date"]
    list_filter = ["group"]


@admin.register(Scenario)
class ScenarioAdmin(SimpleHistoryAdmin):
    list_display = ["title", "group"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "group", "domain", "status", "published_at"]
    list_filter = ["status", "domain"]

    def has_change_permission(self, request, obj=None):
        # A published decision is final, here as in the app: it can only be superseded.
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)


@admin.register(PlaybookVersion)
class PlaybookVersionAdmin(SimpleHistoryAdmin):
    list_display = ["group", "number", "published_at"]

    def has_change_permission(self, request, obj=None):
        return False  # a published version never changes
