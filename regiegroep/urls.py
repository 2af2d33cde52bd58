from django.urls import path

from . import views

app_name = "regiegroep"

urlpatterns = [
    path("", views.index, name="index"),
]
