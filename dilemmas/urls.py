from django.urls import path

from . import views

app_name = "dilemmas"

urlpatterns = [
    path("", views.index, name="index"),
]
