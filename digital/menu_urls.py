"""URLs of the menu (menukaart), included by digital/urls.py under the "digital" namespace
at /digitaal/menukaart/."""

from django.urls import path

from .views import menu

urlpatterns = [
    path("", menu.service_list, name="service_list"),
    path("nieuw/", menu.service_create, name="service_create"),
    path("reacties/", menu.menu_feedback, name="menu_feedback"),
    path("voor-clienten/", menu.menu_for_clients, name="menu_for_clients"),
    path("voor-clienten/pdf/", menu.menu_pdf, name="menu_pdf"),
    path("<int:pk>/", menu.service_detail, name="service_detail"),
    path("<int:pk>/bewerken/", menu.service_edit, name="service_edit"),
    path("<int:pk>/geschiedenis/", menu.service_history, name="service_history"),
    path("<int:pk>/intrekken/", menu.service_retire, name="service_retire"),
    path("<int:pk>/reactie/", menu.service_feedback, name="service_feedback"),
    path("<int:pk>/teksten/nieuw/", menu.service_text_add, name="service_text_add"),
    path("<int:pk>/teksten/<int:text_pk>/", menu.service_text_edit, name="service_text_edit"),
]
