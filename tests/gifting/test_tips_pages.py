"""The tip form in the gift panel (htmx and plain posts) and the tips pinned at the top of the chat,
drawn by the server on the watch page and the studio until their time is up."""

import re

import pytest
from django.urls import reverse

from apps.gifting.models import Tip
from apps.gifting.services import tip_send
from apps.wallet.selectors import balance_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]

HTMX = {"HX-Request": "true"}
KEY = "0123456789abcdef0123456789abcdef"


def tip_url(stream) -> str:
    return reverse("gifting:tip", args=[stream.pk])


def watch_url(stream) -> str:
    return reverse("streaming:watch", args=[stream.pk])


def pins(html: str) -> list[str]:
    """The pinned tips' messages, top first."""
    box = re.search(r'<ol class="tip-pins".*?</ol>', html, re.S).group(0)
    return re.findall(r"data-tip-msg>([^<]*)</p>", box)


@pytest.fixture
def viewer(client, fan):
    client.force_login(fan)
    return fan


def test_the_panel_offers_a_tip_with_its_tiers(client, viewer, stream):
    html = client.get(watch_url(stream)).content.decode()
    form = re.search(r'<details class="tip-box".*?</details>', html, re.S).group(0)
    assert f'action="{tip_url(stream)}"' in form
    assert 'name="coins" min="10" max="1000000"' in form
    assert 'maxlength="200" required' in form
    assert '<ol class="tip-pins" aria-label="Pinned tips" data-tip-pins></ol>' in html  # none yet: :empty
    assert all(tier in form for tier in ("10+ · in chat", "100+ · pinned 1 min", "500+ · pinned 5 min"))


def test_htmx_tip_answers_with_the_panel_and_the_new_balance(client, viewer, stream):
    response = client.post(
        tip_url(stream), {"coins": "100", "message": "Square up!", "idempotency_key": KEY}, headers=HTMX
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<details class="card gift-panel" id="gift-panel"')
    assert "You tipped 100 coins." in html
    assert "data-gift-sent" in html  # the phone's sheet closes, as after a gift
    assert '<span class="coin-chip" id="nav-coin-balance" hx-swap-oob="true">' in html
    again = client.post(
        tip_url(stream), {"coins": "100", "message": "Square up!", "idempotency_key": KEY}, headers=HTMX
    )
    assert "You tipped 100 coins." in again.content.decode()
    assert (Tip.objects.get().message, balance_of(user=viewer)) == ("Square up!", 900)


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        ({"coins": "100", "message": ""}, "Write the message"),
        ({"coins": "5", "message": "hi"}, "A tip is 10 to"),
        ({"coins": "ten", "message": "hi"}, "A tip is 10 to"),
        ({"coins": "5000", "message": "hi"}, "coins"),
    ],
)
def test_a_refused_tip_shows_why_keeps_the_form_open_and_writes_nothing(client, viewer, stream, data, detail):
    html = client.post(tip_url(stream), data, headers=HTMX).content.decode()
    error = re.search(r'<div class="form-errors" role="alert" id="tip-error"><p>([^<]*)</p>', html).group(1)
    assert detail in error
    assert re.search(r'<details class="tip-box" id="tip-box" data-tip-box open>', html)
    assert f">{data['message']}</textarea>" in html  # what they wrote stays
    assert (Tip.objects.count(), balance_of(user=viewer)) == (0, 1000)


def test_a_plain_post_tips_and_goes_back_to_the_watch_page(client, viewer, stream):
    response = client.post(tip_url(stream), {"coins": "10", "message": "gg"}, follow=True)
    assert response.redirect_chain == [(f"{watch_url(stream)}?gifts=all#gift-panel", 302)]
    assert "You tipped 10 coins." in [str(m) for m in response.context["messages"]]


def test_tipping_needs_login_and_post(client, stream):
    assert client.post(tip_url(stream), {"coins": "10", "message": "gg"}).status_code == 302
    assert not Tip.objects.exists()


def test_pinned_tips_are_on_top_of_the_chat_until_their_time_is_up(client, fan, stream, clock):
    tip_send(stream=stream, sender=fan, coins=10, message="never pinned")
    tip_send(stream=stream, sender=fan, coins=100, message="one minute")
    gold = tip_send(stream=stream, sender=fan, coins=500, message="five <b>minutes</b>")
    html = client.get(watch_url(stream)).content.decode()
    assert pins(html) == ["five &lt;b&gt;minutes&lt;/b&gt;", "one minute"]
    assert f'data-tip-pin="{gold.pk}" data-until="{int(gold.pinned_until.timestamp() * 1000)}"' in html
    assert 'style="--tip-color: #f5b301"' in html
    clock.advance(seconds=61)
    client.force_login(stream.creator)
    assert pins(client.get(reverse("streaming:studio", args=[stream.pk])).content.decode()) == [
        "five &lt;b&gt;minutes&lt;/b&gt;"
    ]
