"""A web process settles once the app is loaded: its translations are read and what it
loaded is no longer walked by the cycle collector."""

import gc
import importlib

from django.utils import translation


def test_the_web_process_settles_when_it_loads():
    gc.unfreeze()
    import coalition.wsgi

    importlib.reload(coalition.wsgi)
    try:
        assert gc.get_freeze_count() > 10_000
        with translation.override("nl"):
            assert translation.gettext("Search") == "Zoeken"
    finally:
        gc.unfreeze()
