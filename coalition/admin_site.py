"""The stock admin is a technical tool for superusers only.

Coordinators run the coalition in the app's own pages (people, organisations, teams,
roles), where the access rule holds: the admin could set passwords, roles and object
permissions past it, so nobody else gets in."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class CoalitionAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


class CoalitionAdminConfig(AdminConfig):
    default_site = "coalition.admin_site.CoalitionAdminSite"
