"""Tournaments' queue on the moderators' desk: disputed matches and challenges (the players'
reports differ, or the second report is overdue). Platform moderators settle them on the match's
page (a challenge's with `POST /api/v1/challenges/<id>/settle`)."""

from apps.restrictions.desk import DeskQueue, DeskScope, register
from apps.tournaments.selectors.pages import disputed_matches

DISPUTES = "disputes"


def _count(scope: DeskScope) -> int:
    return disputed_matches().count()


def _items(scope: DeskScope, limit: int) -> list:
    return list(disputed_matches()[:limit])


def register_queue() -> None:
    register(
        DeskQueue(
            name=DISPUTES,
            title="Tournament disputes",
            count=_count,
            items=_items,
            template="tournaments/_desk_disputes.html",
            platform_only=True,
            order=50,
        )
    )
