"""Hypothesis profiles for the property tests, and a client that answers a crash with a
500 page (as a browser would see it) instead of raising it into the test.

HYPOTHESIS_PROFILE=thorough runs many more examples, with a new seed each run; the default
runs a fixed set of examples, so a red run can be run again and stays red."""

import os

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
    "print_blob": True,
}
settings.register_profile("default", max_examples=25, derandomize=True, **_COMMON)
settings.register_profile("thorough", max_examples=300, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def browser_for(db):
    """browser_for(user) -> a logged-in client that gets the 500 page when a view fails."""

    def make(user):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        return client

    return make
