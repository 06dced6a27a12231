"""The shot tracker's section of the stream socket: the stream's shooting numbers (`ST`) in the welcome."""

from apps.realtime.protocol import Code
from apps.realtime.sections import Section
from apps.shots import events
from apps.shots.selectors.tracker import shot_summary


class ShotsSection(Section):
    def welcome(self, stream):
        yield Code.SHOT_STATS, events.stats_payload(shot_summary(stream))
