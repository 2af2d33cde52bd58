"""`{% url %}` through `coalition.urlpaths.object_path`: the same paths, without the cost of
`reverse()` on every row of a list. Loaded as a builtin library (settings.TEMPLATES), so every
template's `{% url %}` is this one.

Only plain calls take the quick way: positional ids that are whole numbers (or none), no
keyword arguments, in a URL configuration whose application namespaces have one instance
each (so the current application changes nothing). Everything else renders as Django's own
tag does."""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_urlconf
from django.utils.html import conditional_escape

from coalition.urlpaths import object_path, one_instance_each

register = template.Library()


class PathNode(URLNode):
    def render(self, context):
        if self.kwargs or not one_instance_each(get_urlconf()):
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        if not all(type(arg) is int for arg in args):
            return super().render(context)
        try:
            path = object_path(self.view_name.resolve(context), *args)
        except NoReverseMatch:
            if self.asvar is None:
                raise
            path = ""
        if self.asvar:
            context[self.asvar] = path
            return ""
        return conditional_escape(path) if context.autoescape else path


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return PathNode(node.view_name, node.args, node.kwargs, node.asvar)
