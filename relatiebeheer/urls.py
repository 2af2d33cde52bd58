from django.urls import path

from . import views

app_name = "relatiebeheer"

urlpatterns = [
    path("", views.index, name="index"),
]
