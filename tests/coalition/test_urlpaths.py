"""Paths of objects come out as Django's reverse() writes them, however they are asked for:
through `object_path`, a model's get_absolute_url, or the `{% url %}` tag, whose quick way
covers plain ids and leaves everything else to Django's own tag."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, get_resolver, reverse, set_script_prefix
from django.utils import translation

from coalition.urlpaths import object_path, one_instance_each


def _names_with_int_arguments():
    """Every URL name of the app whose pattern takes whole-number ids only, by namespace."""
    resolver = get_resolver()
    found = []
    for namespace, (_prefix, sub) in resolver.namespace_dict.items():
        if namespace == "admin":
            continue
        for name in sub.reverse_dict:
            if not isinstance(name, str):
                continue
            for possibility, _pattern, _defaults, converters in sub.reverse_dict.getlist(name):
                _text, params = possibility[0]
                if all(type(converters.get(p)).__name__ == "IntConverter" for p in params):
                    found.append((f"{namespace}:{name}", len(params)))
                    break
    return sorted(set(found))


NAMES = _names_with_int_arguments()


def test_the_app_has_names_to_check():
    assert len(NAMES) > 100
    assert ("regiegroep:scenario_detail", 1) in NAMES
    assert ("coalition:dashboard", 0) in NAMES


@pytest.mark.parametrize("ids", [(0,), (7,), (1042,), (2**40,)])
def test_every_name_gives_what_reverse_gives(ids):
    for name, count in NAMES:
        args = (ids * count)[:count]
        assert object_path(name, *args) == reverse(name, args=args), name


def test_a_second_call_fills_in_other_ids():
    first = object_path("dilemmas:case_detail", 1)
    second = object_path("dilemmas:case_detail", 22)
    assert (first, second) == (reverse("dilemmas:case_detail", args=[1]), "/dilemmas/casussen/22/")


def test_what_the_quick_way_cannot_do_goes_through_reverse():
    # A text id and a negative number: reverse() decides, as it always did.
    assert object_path("dilemmas:case_detail", "5") == reverse("dilemmas:case_detail", args=["5"])
    with pytest.raises(NoReverseMatch):
        object_path("dilemmas:case_detail", -1)
    with pytest.raises(NoReverseMatch):
        object_path("dilemmas:no_such_page", 1)
    with pytest.raises(NoReverseMatch):
        object_path("dilemmas:case_detail")  # too few ids


def test_the_script_prefix_is_kept():
    try:
        set_script_prefix("/coalitie/")
        assert object_path("dilemmas:case_detail", 3) == "/coalitie/dilemmas/casussen/3/"
    finally:
        set_script_prefix("/")
    assert object_path("dilemmas:case_detail", 3) == "/dilemmas/casussen/3/"


def test_the_same_in_both_languages():
    for language in ("nl", "en"):
        with translation.override(language):
            assert object_path("regiegroep:scenario_detail", 4) == reverse(
                "regiegroep:scenario_detail", args=[4]
            )


def test_every_namespace_has_one_instance():
    assert one_instance_each(None)


def _render(source, **context):
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    "source",
    [
        "{% url 'regiegroep:scenario_detail' pk %}",
        "{% url 'coalition:dashboard' %}",
        "{% url 'regiegroep:scenario_detail' text %}",
        "{% url 'regiegroep:scenario_detail' pk=pk %}",
        "{% url 'admin:index' %}",
        "{% url 'regiegroep:scenario_detail' pk as path %}[{{ path }}]",
        "{% url 'no_such_page' as path %}[{{ path }}]",
        "{% url name pk %}",
    ],
)
def test_the_url_tag_writes_what_djangos_writes(source):
    from django.template.defaulttags import URLNode

    context = {"pk": 12, "text": "12", "name": "dilemmas:case_detail"}
    ours = _render(source, **context)
    # Django's own node, from the same tag.
    template = Template(source)
    for node in template.nodelist.get_nodes_by_type(URLNode):
        node.__class__ = URLNode
    assert ours == template.render(Context(context))
    assert ours.strip("[]") or "no_such_page" in source


def test_the_url_tag_still_refuses_an_unknown_name():
    with pytest.raises(NoReverseMatch):
        _render("{% url 'no_such_page' 1 %}")
