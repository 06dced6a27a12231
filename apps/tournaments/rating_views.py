"""The leaderboard pages: /leaderboards/ (the first game type with anyone ranked) and
/leaderboards/<game_type>/, a tab each."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from apps.streaming.views import FilterLink
from apps.tournaments.selectors import ratings as selectors

LEADERBOARD_PAGE_SIZE = 50


def _leaderboard_url(game_type, page: int | None = None) -> str:
    url = reverse("tournaments:leaderboard", args=[game_type.code.lower()])
    return f"{url}?page={page}" if page else url


def leaderboard(request, game_type: str | None = None):
    kinds = list(selectors.game_types())
    if not kinds:
        raise Http404("No game types yet.")
    if game_type is None:
        current = selectors.first_ranked(kinds)
    else:
        # Found among the tabs' game types (codes in any case, as the API takes them): no second read.
        current = next((kind for kind in kinds if kind.code.lower() == game_type.lower()), None)
        if current is None:
            raise Http404("No such game type.")
    page_obj = Paginator(selectors.leaderboard(game_type=current), LEADERBOARD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "game_type": current,
        "tabs": [FilterLink(kind.name, _leaderboard_url(kind), kind.pk == current.pk) for kind in kinds],
        "page_obj": page_obj,
        "previous_url": _leaderboard_url(current, page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next_url": _leaderboard_url(current, page_obj.next_page_number()) if page_obj.has_next() else "",
    }
    return render(request, "tournaments/leaderboard.html", context)
