"""The tournament socket's subject, and the tournaments app's own section of it: the whole bracket
(`BU`, FULL) and the tournament's status (`ES`), the same for every socket of the tournament."""

from apps.realtime.protocol import Code
from apps.realtime.sections import Section
from apps.tournaments import events
from apps.tournaments.selectors.brackets import bracket_state

# The name sections register under for `/ws/tournaments/<id>/` (apps.tournaments.consumers).
TOURNAMENT = "tournament"
# This process's last FULL payload of each tournament, by (version, status): a crowd connecting at
# once (a final starting, a reconnect after a deploy) reads the bracket once, not once a socket.
_welcomes: dict[int, tuple[tuple, dict]] = {}
WELCOMES_KEPT = 256


def welcome_payload(tournament) -> dict:
    key = (tournament.created_at, tournament.version, tournament.status)
    kept = _welcomes.get(tournament.pk)
    if kept is not None and kept[0] == key:
        return kept[1]
    payload = events.full_payload(bracket_state(tournament))
    if len(_welcomes) >= WELCOMES_KEPT:
        _welcomes.clear()
    _welcomes[tournament.pk] = (key, payload)
    return payload


class BracketSection(Section):
    def welcome(self, tournament):
        yield Code.BRACKET_UPDATE, welcome_payload(tournament)
        yield Code.EVENT_STATUS, events.status_payload(tournament)
