"""What the badge tests share: the address of a page, a client's basic goal and a logged
attempt."""

from django.urls import reverse

from digital.models import Attempt, Goal


def url(name, *args):
    return reverse(f"digital:{name}", args=args)


def basic_goal(client):
    goal, _ = Goal.objects.get_or_create(client=client, is_basic=True, defaults={"title": "Basis"})
    return goal


def log(goal, user, *, worked=True):
    return Attempt.objects.create(goal=goal, worked=worked, logged_by=user)
