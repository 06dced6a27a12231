"""`/ws/tournaments/<id>/`: one tournament's live bracket. Anyone may watch (tournaments are public);
an unknown id is refused with an `ER` frame and 4404. Registered players and the organizer are in the
tournament's players group (a FULL `BU` on every change), everyone else in its spectators group (a
SUMMARY). Which one is decided when the socket connects and again on every recheck (the resync after a
channel-layer outage): a user who registers or withdraws moves when the page reloads, as the
register and withdraw forms make it do."""

from channels.db import database_sync_to_async

from apps.core.exceptions import ApplicationError
from apps.realtime.consumers import Refusal, SubjectConsumer
from apps.realtime.hub import get_hub
from apps.tournaments import events
from apps.tournaments.errors import TournamentNotFound
from apps.tournaments.models import Tournament
from apps.tournaments.selectors import live
from apps.tournaments.sockets import TOURNAMENT


class TournamentConsumer(SubjectConsumer):
    subject_name = TOURNAMENT

    @property
    def tournament_id(self) -> int:
        return self.scope["url_route"]["kwargs"]["tournament_id"]

    def load_subject(self) -> Tournament | None:
        return Tournament.objects.select_related("game_type").filter(pk=self.tournament_id).first()

    def admission_problem(self, tournament: Tournament | None) -> ApplicationError | None:
        return None if tournament is not None else TournamentNotFound("No such tournament.")

    def _group(self) -> str:
        if live.is_player(tournament_id=self.tournament_id, user=self.user):
            return events.players_group(self.tournament_id)
        return events.spectators_group(self.tournament_id)

    async def get_groups(self) -> list[str]:
        return [await database_sync_to_async(self._group)()]

    async def authorize(self) -> Refusal | None:
        if refusal := await super().authorize():
            return refusal
        if self.admitted:  # a recheck: the user may have registered or withdrawn since
            await self._move_to(await database_sync_to_async(self._group)())
        return None

    async def _move_to(self, group: str) -> None:
        if self.joined_groups == [group]:
            return
        hub = get_hub()
        await hub.join(group, self)  # joined first: a frame may come twice (its `v` drops it), never not at all
        for old in self.joined_groups:
            await hub.leave(old, self)
        self.joined_groups = [group]
