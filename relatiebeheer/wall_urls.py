"""URLs of the successes wall and the network picture (namespace "relatiebeheer")."""

from django.urls import path

from .views import network, wall

urlpatterns = [
    path("successen/", wall.success_list, name="success_list"),
    path("successen/delen/", wall.success_create, name="success_create"),
    path("successen/<int:pk>/verwijderen/", wall.success_delete, name="success_delete"),
    path("netwerk/", network.network, name="network"),
]
