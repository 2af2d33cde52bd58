"""URLs of import and export, included by relatiebeheer/urls.py (namespace "relatiebeheer")."""

from django.urls import path

from .views import imports

urlpatterns = [
    path("import/", imports.import_list, name="import_list"),
    path("import/nieuw/", imports.import_start, name="import_start"),
    path("import/voorbeeld.csv", imports.import_sample, name="import_sample"),
    path("import/<uuid:token>/kolommen/", imports.import_mapping, name="import_mapping"),
    path("import/<uuid:token>/controle/", imports.import_preview, name="import_preview"),
    path("import/<uuid:token>/importeren/", imports.import_run, name="import_run"),
    path("import/<uuid:token>/annuleren/", imports.import_cancel, name="import_cancel"),
    path("import/<int:pk>/", imports.import_batch, name="import_batch"),
    path("import/<int:pk>/ongedaan-maken/", imports.import_undo, name="import_undo"),
    path("partners/export.csv", imports.export_csv, name="partner_export_csv"),
    path("partners/export.xlsx", imports.export_xlsx, name="partner_export_xlsx"),
]
