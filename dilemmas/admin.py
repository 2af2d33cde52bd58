"""Admin for reference data only. Working groups, cases, sessions and consultations have no
admin: changing them there would bypass the services that keep case visibility right."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import TrainingType


@admin.register(TrainingType)
class TrainingTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "group", "mandatory", "audience", "repeat_months"]
    list_filter = ["mandatory", "audience"]
