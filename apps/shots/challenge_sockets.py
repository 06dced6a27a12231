"""Shot challenges' section of the stream socket: the open challenges (`CH`, oldest first) in the welcome."""

from apps.realtime.protocol import Code
from apps.realtime.sections import Section
from apps.shots import challenge_events as events
from apps.shots.selectors.challenges import open_challenges


class ShotChallengeSection(Section):
    def welcome(self, stream):
        for challenge in open_challenges(stream=stream):
            yield Code.SHOT_CHALLENGE, events.challenge_payload(challenge)
