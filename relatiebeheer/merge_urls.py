"""Merging two partners into one, and undoing it (namespace "relatiebeheer")."""

from django.urls import path

from .views import merge

urlpatterns = [
    path("partners/<int:pk>/samenvoegen/", merge.partner_merge_choose, name="partner_merge_choose"),
    path(
        "partners/<int:pk>/samenvoegen/<int:other_pk>/",
        merge.partner_merge_compare,
        name="partner_merge_compare",
    ),
    path(
        "samenvoegingen/<int:pk>/ongedaan-maken/",
        merge.partner_merge_undo,
        name="partner_merge_undo",
    ),
]
