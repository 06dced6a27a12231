"""Gifting's section of the stream socket: the donation goal (`GL`), the gifter leaderboard (`LB`)
and the tips still pinned (`TP`, oldest first, so the newest ends on top) in the welcome, and
whether the socket's user may send gifts (in `MY`)."""

from apps.gifting import events, rules, selectors
from apps.realtime.protocol import Code
from apps.realtime.sections import Section


class GiftingSection(Section):
    may = {"gift": rules.gift_problem}

    def welcome(self, stream):
        yield Code.GOAL_PROGRESS, events.goal_payload(stream)
        yield Code.LEADERBOARD, events.leaderboard_payload(selectors.leaderboard(stream=stream))
        for tip in reversed(selectors.pinned_tips(stream=stream)):
            yield Code.TIP, events.tip_payload(tip)
