"""A watch page whose socket the server refuses (the stream turned pay-per-view or private) says why,
hides the stream's content and never reconnects: the refusal comes after the handshake, as an ER
frame and a 44xx close that static/js/lib/live-socket.js does not retry. The page's clock is Playwright's,
so a minute of would-be retries passes at once."""

import contextlib

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, WebSocket, expect
from rest_framework.authtoken.models import Token

from apps.streaming.models import ChatMessage, Stream
from tests.factories import UserFactory
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.browser

# Longer than the first few reconnect delays of lib/live-socket.js (0.5-1 s, 1-1.5 s, 2-2.5 s, ...).
RETRY_WINDOW_MS = 60_000
CHANGES = {
    "pay_per_view": ({"pay_per_view_cost": 30}, "Unlock this pay-per-view stream for 30 coins to watch it."),
    "private": ({"visibility": "private"}, "This stream is private: only its creator can watch it."),
}


class Sockets:
    """The stream sockets a page opens (not its /ws/me/), counted from before it loads."""

    def __init__(self, page: Page):
        self.opened: list[WebSocket] = []
        page.on("websocket", lambda socket: self.is_stream_socket(socket) and self.opened.append(socket))
        page.clock.install()

    @staticmethod
    def is_stream_socket(socket: WebSocket) -> bool:
        return "/ws/streams/" in socket.url


def _watching(open_page, stream, fan) -> tuple[Page, Sockets]:
    sockets: list[Sockets] = []
    page = open_page(f"/streams/{stream.pk}/", fan, before=lambda page: sockets.append(Sockets(page)))
    return page, sockets[0]


def _no_retries(page: Page, sockets: Sockets) -> None:
    if not sockets.opened:
        page.wait_for_event("websocket", predicate=Sockets.is_stream_socket)
    first = sockets.opened[0]
    if not first.is_closed():
        with contextlib.suppress(PlaywrightError):  # refused at the handshake: an error, then the close
            first.wait_for_event("close")
    for _ in range(2):  # a retry is timed from the page's own close event, which may come just after
        page.evaluate("1")
        page.clock.run_for(RETRY_WINDOW_MS // 2)
    page.evaluate("1")  # a round trip: any socket opened by then has been reported
    assert [socket.url for socket in sockets.opened] == [first.url]


def _shows_refusal(page: Page, reason: str) -> None:
    notice = page.locator("[data-refused]")
    expect(notice).to_be_visible()
    expect(notice.locator("[data-refused-detail]")).to_have_text(reason)
    expect(notice.get_by_role("link", name="Reload the page")).to_be_visible()
    for content in page.locator("[data-content]").all():
        expect(content).to_be_hidden()
    expect(page.locator("[data-chat-list] .chat-msg")).to_have_count(0)
    expect(page.locator("[data-chat-notice]")).to_have_text(reason)


@pytest.mark.parametrize("change", CHANGES)
def test_a_watcher_is_told_why_when_the_stream_turns_paid_or_private_and_stops(
    open_page, browser, asgi_server, save_screenshot, change
):
    data, reason = CHANGES[change]
    stream = LiveStreamFactory(title="Corner threes")
    fan = UserFactory()
    ChatMessage.objects.create(stream=stream, user=stream.creator, content="Welcome in")
    page, sockets = _watching(open_page, stream, fan)
    expect(page.locator("[data-stream]")).to_have_attribute("data-connected", "true")
    expect(page.locator("[data-chat-list] .chat-msg")).to_have_count(1)

    # The creator changes the stream through the API of the same server the page is connected to.
    creator_api = browser.new_context(base_url=asgi_server).request
    token = Token.objects.create(user=stream.creator).key
    response = creator_api.patch(f"/api/v1/streams/{stream.pk}", data=data, headers={"Authorization": f"Token {token}"})
    assert response.ok, response.text()

    expected = reason if change == "pay_per_view" else CHANGES["private"][1]
    _shows_refusal(page, expected)
    _no_retries(page, sockets)
    save_screenshot(page, f"watch-refused-{change}")
    if change == "pay_per_view":
        page.set_viewport_size({"width": 390, "height": 844})
        expect(page.locator("[data-refused]")).to_be_visible()
        save_screenshot(page, "watch-refused-pay_per_view-mobile")
    assert not page.errors


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("pay_per_view", CHANGES["pay_per_view"][1]),
        ("private", "No such stream."),  # never admitted: a private stream looks absent, as on reload
    ],
)
def test_a_page_refused_at_its_first_connect_says_why_and_does_not_retry(open_page, change, reason):
    """The stream changes between the page and its socket (here: while the socket's script loads), so
    the socket is refused as it opens; before, that was an HTTP 403 the page retried forever."""
    stream = LiveStreamFactory()
    fan = UserFactory()
    sockets: list[Sockets] = []

    def change_while_the_socket_script_loads(route):
        Stream.objects.filter(pk=stream.pk).update(**CHANGES[change][0])
        route.continue_()

    def before(page: Page) -> None:
        sockets.append(Sockets(page))
        page.route("**/js/lib/live-socket.js", change_while_the_socket_script_loads)

    page = open_page(f"/streams/{stream.pk}/", fan, before=before)
    _shows_refusal(page, reason)
    _no_retries(page, sockets[0])
