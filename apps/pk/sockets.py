"""PK's section of the stream socket: the battle the stream is fighting (`PK`) in the welcome, and the
page's word that a countdown ran out (client `PD`), which the server's clock judges."""

from apps.pk import events, selectors, services
from apps.realtime.protocol import Code
from apps.realtime.sections import Section


class PkSection(Section):
    def welcome(self, stream):
        if battle := selectors.stream_battle(stream=stream):
            yield Code.PK_STATE, events.state_payload(battle)

    def handle_PD(self, stream, user, data: dict) -> None:
        services.battle_end_if_due(stream=stream)
