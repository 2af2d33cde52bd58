from django.urls import path

from . import views

app_name = "digital"

urlpatterns = [
    path("", views.index, name="index"),
]
