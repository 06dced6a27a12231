"""After the server's channel layer was down, the page shows the chat as it is now: the `RS` batch
the hub sends once the layer is back replaces what the page kept (frames lost meanwhile included)."""

import re
import threading

import pytest
from playwright.sync_api import expect

from apps.realtime.sections import welcome_batch
from apps.streaming import services
from apps.streaming.sockets import STREAM
from tests.factories import UserFactory
from tests.realtime.servers import wait_for_sockets_to_close
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.browser


def test_after_a_layer_outage_the_page_shows_the_chat_as_it_is_now(browser, asgi_server, transactional_db):
    creator, fan = UserFactory(), UserFactory()
    stream = LiveStreamFactory(creator=creator, slow_mode_seconds=0)
    services.chat_post(stream=stream, user=fan, content="before the outage")
    doomed = services.chat_post(stream=stream, user=fan, content="deleted during the outage")
    outage, sockets = threading.Event(), []

    def between_server_and_page(socket):
        # The real server's socket, but what it sends is lost while `outage` is set.
        server = socket.connect_to_server()
        server.on_message(lambda message: None if outage.is_set() else socket.send(message))
        sockets.append(socket)

    context = browser.new_context(base_url=asgi_server)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route_web_socket(re.compile(r"/ws/streams/"), between_server_and_page)
        page.goto(f"/streams/{stream.pk}/")
        chat = page.locator("[data-chat-list] .chat-msg")
        expect(page.locator("[data-stream]")).to_have_attribute("data-connected", "true")
        expect(page.locator("[data-chat-list]")).not_to_have_attribute("aria-busy", "true")  # the welcome is in
        expect(chat).to_have_count(2)

        outage.set()
        services.chat_delete(message=doomed, by=creator)
        services.chat_post(stream=stream, user=fan, content="said during the outage")
        expect(chat.filter(has_text="deleted during the outage")).to_have_count(1)  # the page missed both

        # The layer is back: the hub sends the stream's state as the server has it now.
        sockets[-1].send(welcome_batch(STREAM, stream, resync=True))
        outage.clear()
        expect(chat).to_have_count(2)
        expect(chat.nth(0)).to_contain_text("before the outage")
        expect(chat.nth(1)).to_contain_text("said during the outage")
        assert errors == []
    finally:
        context.close()
        wait_for_sockets_to_close()
