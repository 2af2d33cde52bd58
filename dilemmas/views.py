from django.shortcuts import render

from .permissions import can_use_app


def index(request):
    can_use_app(request.user)
    return render(request, "dilemmas/index.html")
