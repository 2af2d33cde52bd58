from django.shortcuts import render

from .. import search
from ..models import AccessLogEntry
from ..services import log_access_many


def search_view(request):
    """One search box: every part of the coalition answers with what this person may see.
    A case shown as a hit is written to the access log as found by a search."""
    query = request.GET.get("q", "").strip()[:200]
    terms = search.terms_of(query)
    results = search.search(request.user, query) if terms else []
    records = [hit.record for result in results for hit in result.hits if hit.record]
    if records:
        log_access_many(request=request, objects=records, action=AccessLogEntry.Action.SEARCHED)
    return render(
        request,
        "coalition/search.html",
        {
            "query": query,
            "too_short": bool(query) and not terms,
            "results": results,
            "min_length": search.MIN_LENGTH,
        },
    )
