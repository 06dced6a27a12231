"""Gift pages: the gift panel's send and tip (htmx or plain form posts) and the studio's donation goal.

Thin: the rules of a gift live in apps.gifting.services.gift_send, which the JSON API
(`POST /api/v1/streams/<id>/gifts`) calls too; the goal's in apps.gifting.services.goal_save, to which
apps.streaming.services.stream_update hands it.
The panel, the leaderboard and the goal bar are drawn on the watch page and the studio by
apps/gifting/templatetags/gifts.py with the context builders below; the animations, live
leaderboard and goal progress arrive over the stream's socket (static/js/gifts.js).
"""

import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.core.exceptions import ApplicationError
from apps.core.forms import add_service_error
from apps.core.htmx import form_errors, partial_or_redirect
from apps.core.memo import remembering
from apps.gifting import rules, selectors, services
from apps.gifting.errors import GiftsNotOpenYet
from apps.gifting.forms import GoalForm
from apps.gifting.models import Gift, GiftCategory, GiftSend, Tip, tip_tier_named, tip_tiers
from apps.streaming import services as stream_services
from apps.streaming.models import OPEN_STATUSES, Status, Stream
from apps.streaming.shortcuts import owned_stream_or_404, visible_stream_or_404
from apps.wallet import selectors as wallet_selectors

ALL = "all"
CATEGORY_TABS = ((ALL, "All"), *GiftCategory.choices)
LEADERBOARD_SHOWN = 5
# The studio's gift feed: the latest gifts, newest first (static/js/studio.js keeps it this long).
GIFT_FEED_SHOWN = 10
# The wallet page's gift history shows the latest of each direction; the API pages through all.
HISTORY_SHOWN = 10
# The form's one-time key: a double-submitted form replays the first send instead of paying twice.
FORM_KEY = re.compile(r"[0-9a-f]{32}")
WHOLE_NUMBER = re.compile(r"[+-]?\d{1,9}")


@dataclass(frozen=True)
class CategoryTab:
    key: str
    label: str
    url: str
    is_current: bool


@dataclass(frozen=True)
class PinnedTip:
    """A tip pinned at the top of chat, as templates/gifting/_tip_pin.html draws it."""

    tip: Tip
    color: str
    until_ms: int


@dataclass(frozen=True)
class GiftOption:
    gift: Gift
    is_chosen: bool
    is_shown: bool


def category_from(value) -> str:
    return value if value in GiftCategory.values else ALL


def watch_gifts_url(stream: Stream, category: str = ALL) -> str:
    """The watch page with the gift panel open on a category (the tabs without JavaScript)."""
    return f"{reverse('streaming:watch', args=[stream.pk])}?{urlencode({'gifts': category})}#gift-panel"


def _panel_state(user, problem: ApplicationError | None) -> str:
    """Which face the panel shows for what rules.gift_problem says: the form (Send off until a
    scheduled stream goes live), a sign-in link, or why not."""
    if problem is None or isinstance(problem, GiftsNotOpenYet):
        return "open"
    return "refused" if user.is_authenticated else "login"


def _quantity(raw) -> int | str:
    """A posted whole number (a quantity, a tip's coins) as a number when it is one; anything else
    goes to the service as it came."""
    raw = (raw or "").strip()
    return int(raw) if WHOLE_NUMBER.fullmatch(raw) else raw


# The panel asks the gift rule and the tip rule, which read the viewer's restrictions: once.
@remembering()
def panel_context(
    request,
    stream: Stream,
    *,
    category: str = ALL,
    balance: int | None = None,
    chosen_id=None,
    quantity: int | str = 1,
    message: str = "",
    anonymous: bool = False,
    error: ApplicationError | None = None,
    sent: GiftSend | None = None,
    is_open: bool = False,
    tip: dict | None = None,
) -> dict:
    """What templates/streaming/_gift_panel.html needs: the catalog by category, the balance, the
    choice, and the tip form (`tip`: tip_form_context's keywords after a tip)."""
    user = request.user
    problem = rules.gift_problem(stream, user)
    state = _panel_state(user, problem)
    context = {
        "stream": stream,
        "gift_state": state,
        "gift_problem": problem,
        "gift_live": stream.status == Status.LIVE,
        "gift_panel_open": is_open,
        "gift_category": category,
        "gift_error": error,
        "gift_tabs": [
            CategoryTab(key, label, watch_gifts_url(stream, key), key == category) for key, label in CATEGORY_TABS
        ],
    }
    if state != "open":
        return context
    gifts = list(selectors.catalog())
    chosen = next((gift for gift in gifts if str(gift.pk) == str(chosen_id)), None)
    if chosen is None:
        chosen = next((gift for gift in gifts if category in (ALL, gift.category)), gifts[0] if gifts else None)
    if balance is None:
        balance = wallet_selectors.balance_of(user=user)
    count = quantity if isinstance(quantity, int) and 1 <= quantity <= services.MAX_QUANTITY else 1
    total = chosen.coin_cost * count if chosen else 0
    context.update(
        {
            "gift_options": [GiftOption(gift, gift is chosen, category in (ALL, gift.category)) for gift in gifts],
            "gift_chosen": chosen,
            "gift_balance": balance,
            "gift_quantity": quantity,
            "gift_message": message,
            "gift_anonymous": anonymous,
            "gift_total": total,
            "gift_affordable": balance >= total,
            "gift_sent": sent,
            "gift_sent_label": sent_label(sent) if sent else "",
            "gift_form_key": uuid.uuid4().hex,
            "gift_max_quantity": services.MAX_QUANTITY,
            "gift_max_message": services.MAX_MESSAGE,
        }
    )
    return context | tip_form_context(stream, user, **(tip or {}))


def tip_form_context(
    stream: Stream, user, *, coins: int | str = "", message: str = "", error=None, sent: Tip | None = None
) -> dict:
    """The gift panel's tip form (templates/gifting/_tip_form.html): the tiers, the amount, the message."""
    return {
        "tip_problem": rules.tip_problem(stream, user),
        "tip_tiers": tip_tiers(),
        "tip_minimum": services.tip_minimum(),
        "tip_maximum": services.MAX_TIP_COINS,
        "tip_coins": coins,
        "tip_message": message,
        "tip_max_message": services.MAX_TIP_MESSAGE,
        "tip_error": error,
        "tip_sent": sent,
        "tip_open": error is not None or sent is not None,
        "tip_form_key": uuid.uuid4().hex,
    }


def tip_pins_context(stream: Stream) -> dict:
    """The tips pinned at the top of the stream's chat now, newest first."""
    pins = [
        PinnedTip(tip, tip_tier_named(tip.tier).color, int(tip.pinned_until.timestamp() * 1000))
        for tip in selectors.pinned_tips(stream=stream)
    ]
    return {"pinned_tips": pins}


def leaderboard_context(stream: Stream) -> dict:
    return {"stream": stream, "leaderboard": selectors.leaderboard(stream=stream, limit=LEADERBOARD_SHOWN)}


def gift_feed_context(stream: Stream) -> dict:
    """The studio's latest gifts into the stream, each with what it added to the creator's earnings."""
    sends = selectors.stream_gifts(stream=stream, limit=GIFT_FEED_SHOWN)
    for send in sends:
        send.earned = selectors.creator_share(send)
    return {"sends": sends}


def history_context(user) -> dict:
    """The latest gifts a user sent and received (one query each: gifts_of selects the gift, the
    stream and both profiles)."""
    return {
        "gifts_sent": list(selectors.gifts_of(user=user, direction="sent")[:HISTORY_SHOWN]),
        "gifts_received": list(selectors.gifts_of(user=user, direction="received")[:HISTORY_SHOWN]),
        "gifts_shown": HISTORY_SHOWN,
    }


def goal_context(stream: Stream) -> dict:
    totals = selectors.gift_totals(stream=stream)
    target, progress = totals.donation_goal_target, totals.donation_goal_progress
    return {
        "stream": stream,
        "goal_title": totals.donation_goal_title,
        "goal_target": target,
        "goal_progress": progress,
        "goal_shown_progress": min(progress, target),
        "goal_percent": min(100, progress * 100 // target) if target else 0,
        "goal_reached": totals.donation_goal_reached_at is not None,
    }


def goal_form_context(stream: Stream, *, form: GoalForm | None = None, saved: bool = False) -> dict:
    return {
        "stream": stream,
        "goal_form": form or GoalForm.for_stream(stream),
        "goal_saved": saved,
        "goal_editable": stream.status in OPEN_STATUSES,
        "goal_has_one": bool(selectors.gift_totals(stream=stream).donation_goal_target),
    }


@require_POST
@login_required
def send(request, stream_id):
    """Send a gift from the panel. htmx gets the panel back (new balance, or the error); a plain
    post goes back to the watch page with a message."""
    stream = visible_stream_or_404(request, stream_id)
    post = request.POST
    category = category_from(post.get("category"))
    quantity = _quantity(post.get("quantity"))
    message = post.get("message", "")
    anonymous = post.get("is_anonymous") in ("on", "true", "1")
    key = post.get("idempotency_key", "")
    sent, error = None, None
    try:
        sent = services.gift_send(
            stream=stream,
            sender=request.user,
            gift_id=post.get("gift_id", ""),
            quantity=quantity,
            message=message,
            is_anonymous=anonymous,
            idempotency_key=key if FORM_KEY.fullmatch(key) else None,
        )
    except ApplicationError as exc:
        error = exc
    return partial_or_redirect(
        request,
        "streaming/_gift_panel.html",
        lambda: panel_context(
            request,
            stream,
            category=category,
            chosen_id=post.get("gift_id"),
            quantity=quantity,
            message="" if sent else message,
            anonymous=anonymous,
            error=error,
            sent=sent,
            is_open=True,
        ),
        to=watch_gifts_url(stream, category),
        done=f"You sent {sent_label(sent)}." if sent else "",
        errors=[error.detail] if error else [],
    )


@require_POST
@login_required
def tip(request, stream_id):
    """Send a tip from the gift panel. htmx gets the panel back (new balance, or the error); a plain
    post goes back to the watch page with a message."""
    stream = visible_stream_or_404(request, stream_id)
    post = request.POST
    coins = _quantity(post.get("coins"))
    message = post.get("message", "")
    key = post.get("idempotency_key", "")
    sent, error = None, None
    try:
        sent = services.tip_send(
            stream=stream,
            sender=request.user,
            coins=coins,
            message=message,
            idempotency_key=key if FORM_KEY.fullmatch(key) else None,
        )
    except ApplicationError as exc:
        error = exc
    form = {"coins": "" if sent else coins, "message": "" if sent else message, "error": error, "sent": sent}
    return partial_or_redirect(
        request,
        "streaming/_gift_panel.html",
        lambda: panel_context(request, stream, is_open=True, tip=form),
        to=watch_gifts_url(stream),
        done=f"You tipped {sent.coins} coins." if sent else "",
        errors=[error.detail] if error else [],
    )


def sent_label(send: GiftSend) -> str:
    label = f"{send.gift.emoji} {send.gift.name}"
    return f"{label} ×{send.quantity}" if send.quantity > 1 else label


@require_POST
@login_required
def goal_update(request, stream_id):
    """The studio's donation goal: set it, change it (a new goal starts from zero) or remove it."""
    stream = owned_stream_or_404(request, stream_id)
    clear = request.POST.get("action") == "clear"
    form = GoalForm.cleared() if clear else GoalForm(request.POST, prefix="goal")
    saved = False
    if form.is_valid():
        try:
            stream = stream_services.stream_update(stream=stream, by=request.user, data=form.service_data())
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            saved = True
            form = GoalForm.for_stream(stream)
    return partial_or_redirect(
        request,
        "streaming/_goal_form.html",
        goal_form_context(stream, form=form, saved=saved),
        to=reverse("streaming:studio", args=[stream.pk]) + "#goal-settings",
        done="Goal removed." if clear else "Donation goal saved.",
        errors=[] if saved else form_errors(form),
    )
