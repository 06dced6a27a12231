"""The watch page reads in a fixed number of queries, however much is going on: a PK battle, gifts
from many fans (leaderboard, goal), a long chat history, a signed-in viewer's balance."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.streaming import services as streaming
from tests.pk.conftest import gift, start, stream_of

# The page's whole read, for a signed-in viewer of a stream in a battle: the stream, the session and
# user, the creator and the viewer's follow, the chat history and its authors' team (the mod
# badge), the moderator check, the viewer's
# restrictions in the channel (read once for the gift panel and the chat input), the channel's
# safety settings (may they chat under shield mode), the coin balance,
# the viewer's profile and unread notifications (the nav), the battle (itself, its sides, their hosts, each side's top
# gifter, their users), the cameras, the gift catalog and the leaderboard, the shooting overlay (per
# type with the creator's career, the make streak, the last shot), the tips pinned at the top of chat
# (with their senders), the viewer's channel points (balance, last claim), the prediction on show, the
# shot challenges (the creator's terms, the kinds of shot for the form, the open ones with their
# challengers). A change that adds one (an N+1 above all) must say why here.
WATCH_PAGE_QUERIES = 33


def _busy(host, make_fan, *, fans: int, messages: int) -> None:
    for _ in range(fans):
        fan = make_fan()
        gift(fan, host)
        streaming.chat_post(stream=stream_of(host), user=fan, content="nice")
    for n in range(messages):
        streaming.chat_post_system(stream=stream_of(host), content=f"line {n}")


def _queries(client, stream) -> int:
    with CaptureQueriesContext(connection) as read:
        assert client.get(f"/streams/{stream.pk}/").status_code == 200
    return len(read.captured_queries)


def test_the_watch_page_reads_in_a_fixed_number_of_queries(client, hosts, make_fan):
    host, rival = hosts[:2]
    stream = stream_of(host)
    streaming.stream_update(stream=stream, by=host, data={"donation_goal_title": "Ball", "donation_goal_target": 500})
    start(host, rival)
    viewer = make_fan()
    client.force_login(viewer)
    _busy(host, make_fan, fans=2, messages=3)
    few = _queries(client, stream)
    _busy(host, make_fan, fans=10, messages=40)
    assert _queries(client, stream) == few
    assert few == WATCH_PAGE_QUERIES
