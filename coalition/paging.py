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
