"""URLs of badges and champions, included by digital/urls.py under the "digital" namespace."""

from django.urls import path

from .views import rewards

urlpatterns = [
    path("kampioenen/", rewards.champion_list, name="champion_list"),
    path("kampioenen/nieuw/", rewards.champion_create, name="champion_create"),
    path("kampioenen/<int:pk>/weghalen/", rewards.champion_remove, name="champion_remove"),
    path("mijn-badges/", rewards.my_badges, name="my_badges"),
    path("mijn-badges/<int:pk>/credential/", rewards.badge_credential, name="badge_credential"),
    path("badges/<slug:code>/", rewards.achievement_detail, name="achievement_detail"),
    path("overzicht/", rewards.rewards_overview, name="rewards_overview"),
]
