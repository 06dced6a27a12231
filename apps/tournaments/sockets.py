"""The tournament socket's subject, and the tournaments app's own section of it: the whole bracket
(`BU`, FULL) and the tournament's status (`ES`), the same for every socket of the tournament."""

from apps.realtime.protocol import Code
from apps.realtime.sections import Section
from apps.tournaments import events
from apps.tournaments.selectors.brackets import bracket_state

# The name sections register under for `/ws/tournaments/<id>/` (apps.tournaments.consumers).
TOURNAMENT = "tournament"


class BracketSection(Section):
    def welcome(self, tournament):
        yield Code.BRACKET_UPDATE, events.full_payload(bracket_state(tournament))
        yield Code.EVENT_STATUS, events.status_payload(tournament)
