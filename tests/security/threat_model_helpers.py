"""What the threat-model tests share: whether a person sees a case."""

from dilemmas.permissions import cases_visible_to


def sees(user, case):
    return cases_visible_to(user).filter(pk=case.pk).exists()
