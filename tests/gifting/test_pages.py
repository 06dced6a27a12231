"""Gift pages: the panel on the watch page, sending from it (htmx and plain posts), the leaderboard
and goal bar, the studio's donation goal form, and the gift history on the wallet page.

Every coin moves through apps.gifting.services.gift_send; each money scenario ends by proving
the books.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.gifting.models import Gift, GiftSend, StreamGifter, StreamGiftTotals
from apps.gifting.services import gift_send
from apps.streaming import services as streaming
from apps.streaming.models import ChatMessage
from apps.wallet import services as wallet
from apps.wallet.audit import audit
from apps.wallet.models import Transfer
from apps.wallet.selectors import balance_of
from tests.factories import UserFactory
from tests.realtime.helpers import GroupListener
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]

HTMX = {"HX-Request": "true"}


def page(response) -> str:
    return response.content.decode()


def gift(name: str) -> Gift:
    return Gift.objects.get(name=name)


def send_url(stream) -> str:
    return reverse("gifting:send", args=[stream.pk])


def goal_url(stream) -> str:
    return reverse("gifting:goal", args=[stream.pk])


def watch_url(stream) -> str:
    return reverse("streaming:watch", args=[stream.pk])


def panel(html: str) -> str:
    match = re.search(r'<details class="card gift-panel".*?</details>', html, re.S)
    assert match, "no gift panel"
    return match.group(0)


def option(html: str, name: str) -> str:
    """One gift's tile in the grid."""
    match = re.search(
        r'<li class="gift-grid__item"[^>]*>(?:(?!</li>).)*?'
        rf'<span class="gift-option__name">{re.escape(name)}</span>.*?</li>',
        html,
        re.S,
    )
    assert match, f"no tile for {name}"
    return match.group(0)


def toasts(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def grant(user, amount: int):
    wallet.wallet_grant(user=user, amount=amount, reason="test", granted_by=UserFactory(is_staff=True))
    return user


@pytest.fixture
def viewer(client, fan):
    client.force_login(fan)
    return fan


def form_data(**overrides) -> dict:
    data = {"gift_id": str(gift("Crown").pk), "quantity": "1", "message": "", "category": "all"}
    data.update(overrides)
    return data


def nothing_written(fan, balance: int) -> None:
    assert balance_of(user=fan) == balance
    assert not GiftSend.objects.exists()
    assert not StreamGifter.objects.exists()
    assert not Transfer.objects.filter(kind="gift").exists()
    assert not ChatMessage.objects.filter(kind="gift").exists()
    assert audit() == []


# --- The panel --------------------------------------------------------------------------------
def test_panel_lists_the_catalog_by_category_with_balance_and_controls(client, viewer, stream):
    html = panel(page(client.get(watch_url(stream))))
    tabs = re.findall(r'<a href="([^"]+)" data-gift-tab="(\w+)"(?: aria-current="page")?>(\w+)</a>', html)
    assert [label for _, _, label in tabs] == ["All", "Basketball", "Classic", "Premium", "Seasonal"]
    assert tabs[1][0] == f"{watch_url(stream)}?gifts=basketball#gift-panel"
    assert 'data-gift-tab="all" aria-current="page"' in html
    assert html.count('type="radio" name="gift_id"') == Gift.objects.count() == 12
    crown = option(html, "Crown")
    assert "👑" in crown
    assert '50<span class="visually-hidden"> coins,</span>' in crown
    assert '<span class="rarity rarity--legendary">Legendary</span>' in crown
    assert 'data-category="premium"' in crown
    assert '<span class="rarity rarity--rare">Rare</span>' in option(html, "Basketball")
    assert '<span class="rarity rarity--common">Common</span>' in option(html, "Rose")
    assert '<span class="rarity rarity--epic">Epic</span>' in option(html, "Trophy")
    # The first gift is chosen; the total is its cost; the balance shows; Send is on.
    assert re.search(rf'value="{gift("Rose").pk}" data-cost="1" checked', html)
    assert '<output id="gift-total" for="gift-quantity" data-gift-total>1</output>' in html
    assert 'data-balance="1000"' in html
    assert "<span data-gift-balance>1,000</span>" in html
    assert re.search(r'name="quantity" min="1" max="100" step="1"', html)
    assert re.search(r'name="message" maxlength="200"', html)
    assert 'name="is_anonymous"' in html
    assert "Send anonymously" in html
    assert re.search(r"<button [^>]*data-gift-send>Send gift</button>", html)  # not disabled
    assert re.search(r'<p class="gift-short" data-gift-short hidden>.*Buy coins', html)
    assert f'hx-post="{send_url(stream)}"' in html
    assert f'action="{send_url(stream)}"' in html
    assert "<details" in html
    assert " open" not in html.split(">", 1)[0]


def test_category_tab_works_without_javascript(client, viewer, stream):
    html = panel(page(client.get(watch_url(stream), {"gifts": "basketball"})))
    assert html.split(">", 1)[0].endswith(" open")  # the panel opens on the tab
    assert 'data-gift-tab="basketball" aria-current="page"' in html
    shown = re.findall(r'<li class="gift-grid__item" data-gift-option data-category="(\w+)">', html)
    hidden = re.findall(r'<li class="gift-grid__item" data-gift-option data-category="(\w+)" hidden>', html)
    assert set(shown) == {"basketball"}
    assert len(shown) == 5
    assert "basketball" not in hidden
    assert len(hidden) == 7
    assert re.search(rf'value="{gift("Basketball").pk}" data-cost="100" checked', html)
    assert '<input type="hidden" name="category" value="basketball" data-gift-category>' in html


def test_cannot_afford_disables_send_and_offers_buy_coins(client, stream):
    client.force_login(UserFactory())
    html = panel(page(client.get(watch_url(stream))))
    assert re.search(r"<button [^>]*data-gift-send disabled>Send gift</button>", html)
    assert re.search(
        r'<p class="gift-short" data-gift-short>Not enough coins for this. <a href="/wallet/">Buy coins</a>', html
    )


@pytest.mark.parametrize(
    ("who", "status", "gifts_enabled", "expected"),
    [
        ("visitor", "live", True, "Log in to send gifts"),
        ("creator", "live", True, "You cannot send gifts to your own stream."),
        ("fan", "ended", True, "it takes no more gifts"),
        ("fan", "live", False, "The creator turned gifts off"),
    ],
)
def test_panel_says_why_it_has_no_form(client, fan, who, status, gifts_enabled, expected):
    stream = StreamFactory(status=status, gifts_enabled=gifts_enabled)
    if who == "creator":
        client.force_login(stream.creator)
    elif who == "fan":
        client.force_login(fan)
    html = panel(page(client.get(watch_url(stream))))
    assert expected in html
    assert "data-gift-form" not in html


def test_scheduled_stream_shows_the_panel_with_send_off_until_live(client, viewer):
    html = panel(page(client.get(watch_url(StreamFactory()))))
    assert "Gifts open when the stream goes live." in html
    assert re.search(r"<button [^>]*data-gift-send disabled>", html)
    assert "data-may-gift" not in html


def test_locked_pay_per_view_page_has_no_gift_parts(client, viewer):
    html = page(client.get(watch_url(LiveStreamFactory(pay_per_view_cost=10))))
    assert "data-gift-panel" not in html
    assert "data-gift-stage" not in html


def test_watch_page_loads_gifts_js_and_has_stage_leaderboard_and_goal(client, viewer, stream):
    html = page(client.get(watch_url(stream)))
    assert '<script type="module" src="/static/js/gifts.js"></script>' in html
    assert 'data-gift-stage aria-hidden="true"' in html
    assert "data-leaderboard" in html
    assert "No gifts yet" in html
    assert re.search(r'<section class="goal" id="gift-goal"[^>]* hidden>', html)  # no goal yet
    assert "<script>" not in html  # no inline script (CSP)


# --- Sending ----------------------------------------------------------------------------------
def test_htmx_send_returns_the_panel_with_the_new_balance(client, viewer, stream):
    response = client.post(send_url(stream), form_data(quantity="3", message="MVP!"), headers=HTMX)
    assert response.status_code == 200
    html = page(response)
    assert html.lstrip().startswith('<details class="card gift-panel" id="gift-panel"')
    assert "You sent 👑 Crown ×3." in html
    assert "<span data-gift-balance>850</span>" in html
    assert 'data-balance="850"' in html
    assert '<span class="coin-chip" id="nav-coin-balance" hx-swap-oob="true">' in html  # the nav chip too
    assert re.search(rf'value="{gift("Crown").pk}" data-cost="50" checked', html)  # the choice stays
    assert 'name="message" maxlength="200" autocomplete="off" value=""' in html  # the message clears
    assert "HX-Request" in response["Vary"]
    send = GiftSend.objects.get()
    assert (send.sender, send.quantity, send.total_coins, send.message) == (viewer, 3, 150, "MVP!")
    assert balance_of(user=viewer) == 850


def test_plain_post_sends_and_goes_back_to_the_panel(client, viewer, stream):
    response = client.post(send_url(stream), form_data(category="premium", is_anonymous="on"), follow=True)
    assert response.redirect_chain == [(f"{watch_url(stream)}?gifts=premium#gift-panel", 302)]
    assert "You sent 👑 Crown." in toasts(response)
    send = GiftSend.objects.get()
    assert send.is_anonymous
    assert balance_of(user=viewer) == 950


def test_the_gift_reaches_everyone_in_the_stream(client, viewer, stream, django_capture_on_commit_callbacks):
    listener = GroupListener(f"stream.{stream.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url(stream), form_data(message="Crown him"), headers=HTMX)
    frames = []
    while "LB" not in [f["t"] for f in frames]:
        frames.append(listener.next_frame())
    listener.close()
    gf = next(f for f in frames if f["t"] == "GF")["d"]
    assert (gf["g"]["name"], gf["g"]["anim"], gf["g"]["fx"], gf["msg"]) == ("Crown", "fireworks", "half", "Crown him")
    assert gf["from"]["u"] == viewer.username
    chat = next(f for f in frames if f["t"] == "CM")["d"]
    assert chat["k"] == "gift"
    assert chat["c"].endswith("sent 👑 Crown: Crown him")
    assert audit() == []


def test_insufficient_coins_shows_the_error_and_writes_nothing(client, stream):
    poor = grant(UserFactory(), 40)
    client.force_login(poor)
    response = client.post(send_url(stream), form_data(), headers=HTMX)
    html = page(response)
    assert '<div class="form-errors" role="alert" id="gift-error"><p>Not enough coins for this.</p></div>' in html
    assert re.search(
        r'<p class="gift-short" data-gift-short>Not enough coins for this. <a href="/wallet/">Buy coins</a>', html
    )
    assert re.search(r"<button [^>]*data-gift-send disabled>", html)
    assert "<span data-gift-balance>40</span>" in html
    assert 'hx-swap-oob="true"' not in html
    nothing_written(poor, 40)


def test_insufficient_coins_without_javascript(client, stream):
    poor = grant(UserFactory(), 40)
    client.force_login(poor)
    response = client.post(send_url(stream), form_data(quantity="2"), follow=True)
    assert "Not enough coins for this." in toasts(response)
    nothing_written(poor, 40)


def test_creator_cannot_gift_their_own_stream(client, stream):
    grant(stream.creator, 500)
    client.force_login(stream.creator)
    html = page(client.post(send_url(stream), form_data(), headers=HTMX))
    assert "You cannot send gifts to your own stream." in html
    assert "data-gift-form" not in html  # the creator's panel has no form
    nothing_written(stream.creator, 500)


@pytest.mark.parametrize("quantity", ["0", "101", "-3", "abc", "2.5", ""])
def test_bad_quantity_is_refused_on_the_field(client, viewer, stream, quantity):
    html = page(client.post(send_url(stream), form_data(quantity=quantity), headers=HTMX))
    assert "<p>Send between 1 and 100 at a time.</p>" in html
    assert re.search(
        r'id="gift-quantity"[^>]*aria-describedby="gift-quantity-help gift-error" aria-invalid="true"', html
    )
    assert f'value="{quantity}"' in html  # what they typed stays to be fixed
    nothing_written(viewer, 1000)


def test_long_message_and_unknown_gift_are_refused(client, viewer, stream):
    html = page(client.post(send_url(stream), form_data(message="x" * 201), headers=HTMX))
    assert "The message is at most 200 characters." in html
    assert 'id="gift-message"' in html
    assert 'aria-invalid="true"' in html
    html = page(client.post(send_url(stream), form_data(gift_id="999999"), headers=HTMX))
    assert "That gift is not available." in html
    nothing_written(viewer, 1000)


def test_a_double_submitted_form_pays_once(client, viewer, stream):
    key = "0123456789abcdef0123456789abcdef"
    for _ in range(2):
        response = client.post(send_url(stream), form_data(idempotency_key=key), headers=HTMX)
        assert "You sent 👑 Crown." in page(response)
    assert GiftSend.objects.count() == 1
    assert balance_of(user=viewer) == 950
    # The answer carries a fresh key for the next send.
    assert key not in page(response)
    client.post(
        send_url(stream),
        form_data(idempotency_key=re.search(r'name="idempotency_key" value="(\w+)"', page(response)).group(1)),
        headers=HTMX,
    )
    assert GiftSend.objects.count() == 2


def test_send_needs_login_and_post_and_a_visible_stream(client, fan, stream):
    response = client.post(send_url(stream), form_data())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(fan)
    assert client.get(send_url(stream)).status_code == 405
    private = LiveStreamFactory(visibility="private")
    assert client.post(send_url(private), form_data()).status_code == 404
    nothing_written(fan, 1000)


def test_ended_stream_refuses_gifts(client, viewer):
    ended = StreamFactory(status="ended")
    html = page(client.post(send_url(ended), form_data(), headers=HTMX))
    assert "This stream is over; it takes no more gifts." in html
    nothing_written(viewer, 1000)


# --- Leaderboard and goal on the pages ---------------------------------------------------------
def test_leaderboard_and_goal_bar_render_from_the_database(client, fan, stream):
    streaming.stream_update(
        stream=stream, by=stream.creator, data={"donation_goal_title": "New ball", "donation_goal_target": 5000}
    )
    rich = grant(UserFactory(username="bigspender"), 600)
    gift_send(stream=stream, sender=rich, gift_id=gift("Trophy").pk)
    gift_send(stream=stream, sender=fan, gift_id=gift("Crown").pk, is_anonymous=True)
    gift_send(stream=stream, sender=fan, gift_id=gift("Rose").pk)
    html = page(client.get(watch_url(stream)))
    board = re.search(r"<ol class=\"leaderboard\".*?</ol>", html, re.S).group(0)
    rows = re.findall(r"<li class=\"leaderboard__row.*?</li>", board, re.S)
    assert len(rows) == 3
    assert "bigspender" in rows[0]
    assert ">500<" in rows[0]
    assert "Anonymous" in rows[1]
    assert ">50<" in rows[1]
    assert fan.username in rows[2]
    assert ">1<" in rows[2]
    assert fan.username not in rows[1]
    goal = re.search(r'<section class="goal" id="gift-goal".*?</section>', html, re.S).group(0)
    assert "New ball" in goal
    assert re.search(
        r'role="progressbar" aria-labelledby="goal-title" aria-valuemin="0" aria-valuemax="5000" aria-valuenow="551"',
        goal,
    )
    assert 'aria-valuetext="551 of 5,000 coins"' in goal
    assert 'style="width: 11%"' in goal
    assert " hidden" not in goal.split(">", 1)[0]


def test_a_reached_goal_shows_as_reached(client, fan, stream):
    streaming.stream_update(
        stream=stream, by=stream.creator, data={"donation_goal_title": "Ball", "donation_goal_target": 40}
    )
    gift_send(stream=stream, sender=fan, gift_id=gift("Crown").pk)
    goal = re.search(r'<section class="goal.*?</section>', page(client.get(watch_url(stream))), re.S).group(0)
    assert goal.startswith('<section class="goal goal--reached"')
    assert 'aria-valuenow="40"' in goal
    assert 'style="width: 100%"' in goal
    assert "🎉 Goal reached!" in goal


# --- The studio: stage, leaderboard, goal form ------------------------------------------------
@pytest.fixture
def creator(client, stream):
    client.force_login(stream.creator)
    return stream.creator


def test_studio_has_the_stage_leaderboard_goal_and_form(client, creator, stream):
    html = page(client.get(reverse("streaming:studio", args=[stream.pk])))
    assert '<script type="module" src="/static/js/gifts.js"></script>' in html
    assert 'class="gift-stage gift-stage--preview" data-gift-stage' in html
    assert "data-leaderboard" in html
    assert 'id="gift-goal"' in html
    form = re.search(r'<form class="card goal-settings".*?</form>', html, re.S).group(0)
    assert f'hx-post="{goal_url(stream)}"' in form
    assert 'name="goal-donation_goal_title"' in form
    assert 'name="goal-donation_goal_target"' in form
    assert "Remove goal" not in form  # nothing to remove yet


def test_studio_shows_the_latest_gifts_with_what_each_earned(client, creator, stream, fan):
    gift_send(stream=stream, sender=fan, gift_id=gift("Crown").pk, quantity=3)
    gift_send(stream=stream, sender=fan, gift_id=gift("Rose").pk, is_anonymous=True)
    html = page(client.get(reverse("streaming:studio", args=[stream.pk])))
    assert '<script type="module" src="/static/js/studio.js"></script>' in html
    assert 'data-studio-earnings="106"' in html  # 105 for the crowns, 1 for the rose
    feed = re.search(r"<ol class=\"gift-feed__list\" data-gift-feed-list>(.*?)</ol>", html, re.S).group(1)
    rows = re.findall(r'<li class="gift-feed__row">.*?</li>', feed, re.S)
    assert len(rows) == 2
    newest, first = rows
    for text in ("Anonymous", "🌹 Rose", "data-gift-feed-earn>1<"):
        assert text in newest
    for text in (f'data-user-id="{fan.pk}"', "×3", "data-gift-feed-earn>105<"):
        assert text in first
    assert 'data-template="gift-feed-row"' in html


def test_creator_sets_a_goal_and_everyone_hears(client, creator, stream, django_capture_on_commit_callbacks):
    listener = GroupListener(f"stream.{stream.pk}")
    data = {"goal-donation_goal_title": " New ball ", "goal-donation_goal_target": "5000", "action": "save"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(goal_url(stream), data, headers=HTMX)
    html = page(response)
    assert html.lstrip().startswith('<form class="card goal-settings" id="goal-settings"')
    assert '<span class="form-saved" role="status">Saved.</span>' in html
    assert 'value="New ball"' in html
    assert 'value="5000"' in html
    assert "Remove goal" in html
    totals = StreamGiftTotals.objects.get(stream=stream)
    assert (totals.donation_goal_title, totals.donation_goal_target, totals.donation_goal_progress) == (
        "New ball",
        5000,
        0,
    )
    frames = [listener.next_frame() for _ in range(2)]
    listener.close()
    goal = next(f for f in frames if f["t"] == "GL")
    assert goal["d"] == {"title": "New ball", "target": 5000, "progress": 0, "reached": False}


def test_goal_form_without_javascript_and_remove(client, creator, stream):
    data = {"goal-donation_goal_title": "Hoop", "goal-donation_goal_target": "300", "action": "save"}
    response = client.post(goal_url(stream), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("streaming:studio", args=[stream.pk]) + "#goal-settings"
    assert "Donation goal saved." in toasts(response)
    response = client.post(goal_url(stream), {"action": "clear"}, follow=True)
    assert "Goal removed." in toasts(response)
    totals = StreamGiftTotals.objects.get(stream=stream)
    assert (totals.donation_goal_title, totals.donation_goal_target) == ("", 0)


def test_goal_errors_land_on_their_fields(client, creator, stream):
    html = page(client.post(goal_url(stream), {"goal-donation_goal_target": "5000"}, headers=HTMX))
    assert re.search(
        r'name="goal-donation_goal_title".*?<p class="error" role="alert">Name the donation goal.</p>', html, re.S
    )
    html = page(
        client.post(
            goal_url(stream), {"goal-donation_goal_title": "X", "goal-donation_goal_target": "-5"}, headers=HTMX
        )
    )
    assert "Ensure this value is greater than or equal to 0." in html
    assert not StreamGiftTotals.objects.filter(stream=stream).exclude(donation_goal_target=0).exists()


def test_only_the_creator_sets_the_goal(client, fan, stream):
    client.force_login(fan)
    data = {"goal-donation_goal_title": "Mine", "goal-donation_goal_target": "10"}
    assert client.post(goal_url(stream), data).status_code == 404
    assert client.get(goal_url(stream)).status_code == 405
    assert not StreamGiftTotals.objects.filter(stream=stream).exists()


# --- Wallet: gift history ---------------------------------------------------------------------
def test_wallet_shows_gifts_sent_and_received_with_anonymous_hidden(client, fan):
    creator = UserFactory(username="hoopstar")
    stream = LiveStreamFactory(creator=creator, title="Midnight run")
    gift_send(stream=stream, sender=fan, gift_id=gift("Crown").pk, quantity=2, message="GOAT")
    gift_send(stream=stream, sender=fan, gift_id=gift("Rose").pk, is_anonymous=True)

    client.force_login(fan)
    sent = re.search(r'<section[^>]*id="gift-history".*?</section>', page(client.get("/wallet/")), re.S).group(0)
    rows = re.findall(r"<tr>\s*<td[ >].*?</tr>", sent.split("Gifts sent", 1)[1].split("Gifts received", 1)[0], re.S)
    assert len(rows) == 2
    rose, crown = rows  # newest first
    assert "🌹" in rose
    assert "Rose" in rose
    assert "hoopstar" in rose
    assert "(sent anonymously)" in rose
    assert "👑" in crown
    assert "Crown ×2" in crown
    assert ">100<" in crown
    assert "GOAT" in crown
    assert "Midnight run" in crown

    client.force_login(creator)
    received_html = re.search(r'<section[^>]*id="gift-history".*?</section>', page(client.get("/wallet/")), re.S).group(
        0
    )
    received = re.findall(r"<tr>\s*<td[ >].*?</tr>", received_html.split("Gifts received", 1)[1], re.S)
    assert len(received) == 2
    assert "Anonymous" in received[0]
    assert fan.username not in received[0]
    assert fan.username in received[1]
    assert "Crown ×2" in received[1]


def test_wallet_gift_history_query_count_does_not_grow_with_gifts(client, fan):
    """tests/wallet/test_pages.py pins the page's count; here: the same count for 2 gifts and 13."""
    creators = [grant(UserFactory(), 100) for _ in range(3)]
    streams = [LiveStreamFactory(creator=creator) for creator in creators]
    own_stream = LiveStreamFactory(creator=fan)
    gift_send(stream=streams[0], sender=fan, gift_id=gift("Rose").pk)
    gift_send(stream=own_stream, sender=creators[0], gift_id=gift("Rose").pk)
    client.force_login(fan)
    with CaptureQueriesContext(connection) as few:
        client.get("/wallet/")
    for stream in streams:
        for name in ("Heart", "Star", "Diamond"):
            gift_send(stream=stream, sender=fan, gift_id=gift(name).pk, is_anonymous=name == "Heart")
    for creator in creators[1:]:
        gift_send(stream=own_stream, sender=creator, gift_id=gift("Rose").pk)
    with CaptureQueriesContext(connection) as many:
        html = page(client.get("/wallet/"))
    assert html.count('class="gift-history__gift"') == 13  # the latest 10 sent, 3 received
    assert len(many.captured_queries) == len(few.captured_queries)
    assert audit() == []
