"""Labels of choices read through the quick methods are Django's labels, for every field of
the app's models, every value (and one that is not a choice), in both languages."""

from functools import partialmethod

import pytest
from django.apps import apps
from django.utils import translation

APPS = ("coalition", "regiegroep", "dilemmas", "digital", "relatiebeheer")


def _fields_with_choices():
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


FIELDS = list(_fields_with_choices())


def test_the_app_has_fields_with_choices_and_all_are_quick():
    assert len(FIELDS) > 30
    for model, field in FIELDS:
        method = model.__dict__.get(f"get_{field.name}_display")
        assert not isinstance(method, partialmethod), (model, field.name)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_label_is_djangos(language):
    with translation.override(language):
        for model, field in FIELDS:
            values = [value for value, _label in field.flatchoices] + ["not-a-choice", None]
            for value in values:
                obj = model()
                setattr(obj, field.attname, value)
                quick = getattr(obj, f"get_{field.name}_display")()
                assert quick == obj._get_FIELD_display(field), (model, field.name, value)
                assert type(quick) is type(obj._get_FIELD_display(field))
