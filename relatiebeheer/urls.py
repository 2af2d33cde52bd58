from django.urls import include, path

from . import views

app_name = "relatiebeheer"

urlpatterns = [
    path("", views.core.index, name="index"),
    path("partners/", views.partners.partner_list, name="partner_list"),
    path("partners/nieuw/", views.partners.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partners.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/bewerken/", views.partners.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/geschiedenis/", views.partners.partner_history, name="partner_history"),
    path("partners/<int:pk>/contact/", views.partners.contact_log, name="contact_log"),
    path("partners/<int:pk>/contactpersoon/", views.partners.role_add, name="role_add"),
    path(
        "partners/<int:pk>/relatiebeheerder/", views.partners.assignment_add, name="assignment_add"
    ),
    path(
        "partners/<int:pk>/relatiebeheerder/<int:assignment_pk>/weg/",
        views.partners.assignment_remove,
        name="assignment_remove",
    ),
    path("mijn-partners/", views.partners.my_partners, name="my_partners"),
    path("contactmomenten/export/", views.exports.contact_export, name="contact_export"),
    path("jaarplan/", views.plans.yearly_plan, name="yearly_plan"),
    path("jaarplan/nieuw/", views.plans.plan_item_add, name="plan_item_add"),
    path("jaarplan/<int:pk>/gedaan/", views.plans.plan_item_done, name="plan_item_done"),
    path("jaarplan/<int:pk>/weg/", views.plans.plan_item_delete, name="plan_item_delete"),
    path("rubrieken/", views.partners.category_list, name="category_list"),
    path("rubrieken/nieuw/", views.partners.category_create, name="category_create"),
    path("rubrieken/<int:pk>/", views.partners.category_edit, name="category_edit"),
    path("", include("relatiebeheer.import_urls")),
    path("", include("relatiebeheer.wall_urls")),
    path("", include("relatiebeheer.merge_urls")),
    path("", include("relatiebeheer.meeting_urls")),
]
