"""Every list pages the same way: 50 rows, the filters kept in the links to other pages."""

from django.core.paginator import Paginator

PER_PAGE = 50


def paginate(request, queryset, per_page=PER_PAGE):
    """(page, query): the requested page with its rows fetched once (a list, so the template
    and the access log read the same rows), and the request's filters without the page
    number, for the links to the other pages."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


class Sorting:
    """The orders a list offers, chosen with `?sort=` so that the choice stays in the URL
    with the filters (and in the links to the other pages, and in the exports).

    `options` maps a key to (label, ordering); the first is the default. The filter form of
    the list shows the choice with `field()`; `apply` orders the rows, a stable order (the
    primary key last) so that no row moves between pages."""

    PARAM = "sort"

    def __init__(self, request, options):
        self.options = options
        chosen = request.GET.get(self.PARAM, "")
        self.key = chosen if chosen in options else next(iter(options))

    def field(self):
        from django import forms
        from django.utils.translation import gettext_lazy as _

        return forms.ChoiceField(
            label=_("Sort by"),
            choices=[(key, label) for key, (label, _ordering) in self.options.items()],
            required=False,
        )

    def apply(self, queryset):
        ordering = list(self.options[self.key][1])
        if "pk" not in ordering and "-pk" not in ordering:
            ordering.append("pk")
        return queryset.order_by(*ordering)
