"""The rating parts of the pages: `{% rating_card user %}` (a profile's ratings, rating-history charts and
record) and `{% streak n %}` ("W3", "L2")."""

from dataclasses import dataclass

from django import template

from apps.tournaments.selectors import ratings as selectors

register = template.Library()

# The chart's drawing box (SVG user units); the page scales it to the card's width.
CHART_WIDTH, CHART_HEIGHT, CHART_MARGIN = 300, 80, 6


@dataclass(frozen=True)
class Chart:
    """A rating history drawn as a line: the polyline's points, the last point, and the range shown."""

    points: str
    last_x: float
    last_y: float
    low: int
    high: int
    matches: int


def history_chart(history: list[selectors.HistoryPoint]) -> Chart | None:
    if not history:
        return None
    ratings = [point.rating for point in history]
    low, high = min(ratings), max(ratings)
    span = (high - low) or 1.0
    step = (CHART_WIDTH - 2 * CHART_MARGIN) / max(len(ratings) - 1, 1)
    drawable = CHART_HEIGHT - 2 * CHART_MARGIN
    coordinates = [
        (CHART_MARGIN + index * step, CHART_MARGIN + drawable * (high - rating) / span)
        for index, rating in enumerate(ratings)
    ]
    return Chart(
        points=" ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates),
        last_x=round(coordinates[-1][0], 1),
        last_y=round(coordinates[-1][1], 1),
        low=round(low),
        high=round(high),
        matches=len(ratings),
    )


@register.inclusion_tag("tournaments/_rating_card.html")
def rating_card(user):
    """`user` with its profile loaded."""
    stats = selectors.rating_stats(user=user)
    rows = [(rating, history_chart(stats.histories.get(rating.game_type_id, []))) for rating in stats.ratings]
    return {
        "stats": stats,
        "rows": rows,
        "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT},
    }


@register.inclusion_tag("tournaments/_streak.html")
def streak(current: int):
    """Wins in a row as "W3", losses in a row (a negative streak) as "L2", none as a dash."""
    return {"streak": current, "count": abs(current)}
