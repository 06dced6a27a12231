"""Stream pages: go live, the broadcast studio, the watch page, and their small form posts.

Thin: every read is a selector (or a rule), every write a service. Chat and viewer counts
arrive live over `/ws/streams/<id>/` (static/js/stream.js); the forms here are what works
without JavaScript.
"""

from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts import selectors as account_selectors
from apps.accounts.models import User
from apps.core.exceptions import ApplicationError
from apps.core.forms import add_service_error
from apps.core.htmx import form_errors, partial_or, partial_or_redirect
from apps.core.memo import remembering
from apps.core.query import query_defaults, query_or_defaults
from apps.streaming import rules, search, selectors, services
from apps.streaming.errors import NotModerator
from apps.streaming.forms import ChatSettingsForm, GoLiveForm
from apps.streaming.models import OPEN_STATUSES, ChatMessage, Status, Stream
from apps.streaming.serializers import LivePageQuerySerializer, SearchPageQuerySerializer
from apps.streaming.shortcuts import owned_stream_or_404, visible_stream_or_404
from apps.wallet import selectors as wallet_selectors

# The /live/ grid shows this many streams; the rest are a filter away.
STREAMS_SHOWN = 48
CREATORS_SHOWN = 24
# With nobody live, /live/ shows this many upcoming streams and past broadcasts.
FALLBACK_SHOWN = 6
LIVE_TABS = {"live": "Live now", "scheduled": "Scheduled"}
SORT_LABELS = {"viewers": "Most viewers", "newest": "Newest", "trending": "Trending"}


def _posted(request) -> tuple:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def socket_path(stream: Stream) -> str:
    return f"/ws/streams/{stream.pk}/"


def _chat_context(request, stream: Stream, *, may_watch: bool, chat_from: str) -> dict:
    """What the chat panel (templates/streaming/_chat.html) needs, on the watch page and in the studio."""
    user = request.user
    is_open = stream.status in OPEN_STATUSES
    problem = rules.chat_problem(stream, user)
    # The form shows, Send off and why, while the stream's settings may still open the chat.
    show_form = bool(user.is_authenticated and may_watch and is_open)
    messages = selectors.chat_history(stream=stream) if may_watch else []
    return {
        "chat_messages": messages,
        # Whose lines carry the mod badge (the socket's lines say it in their author's "mod").
        "chat_team": selectors.team_ids(channel_id=stream.creator_id) if messages else frozenset(),
        "chat_show_form": show_form,
        "chat_can_write": problem is None,
        "chat_login": is_open and not user.is_authenticated,
        "chat_reason": problem.detail if problem else "",
        "chat_from": chat_from,
        "chat_max_length": services.CHAT_MAX_LENGTH,
        "can_moderate": rules.is_moderator(stream, user),
        # Streams that are over do not count viewers any more: no socket.
        "socket_path": socket_path(stream) if may_watch and is_open else "",
    }


# --- Live now -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class FilterLink:
    label: str
    url: str
    is_current: bool


def _live_url(**filters) -> str:
    """/live/ with the given filters; defaults are left out, so every view has one address."""
    defaults = query_defaults(LivePageQuerySerializer)
    query = urlencode({key: value for key, value in filters.items() if value and value != defaults[key]})
    return reverse("live") + (f"?{query}" if query else "")


def _fallback(request, category, **filters) -> list[Stream]:
    return list(selectors.stream_list(viewer=request.user, category=category, **filters)[:FALLBACK_SHOWN])


def live(request):
    """Live now: the grid of public live streams (or the scheduled ones), then creators to follow.
    Its filters are the API's (`GET /api/v1/streams`), read the same way; one it cannot read shows
    the default instead of an error."""
    query = query_defaults(LivePageQuerySerializer) | query_or_defaults(LivePageQuerySerializer, request.GET)
    category = query["category"]
    current = query | {"category": category.slug if category else None}  # links name it by its slug
    status, sort = current["status"], current["sort"]
    streams = list(selectors.stream_list(viewer=request.user, **query)[:STREAMS_SHOWN])
    nobody_live = status == "live" and not streams
    context = {
        "streams": streams,
        # With nobody live, what is coming up and what was on, rather than an empty page.
        "upcoming": _fallback(request, category, status="scheduled") if nobody_live else [],
        "recent": _fallback(request, category, status="ended", sort="newest") if nobody_live else [],
        "status": status,
        "category": category,
        "category_label": category.name if category else "",
        "sort": sort,
        "tabs": [
            FilterLink(label, _live_url(**{**current, "status": key}), key == status)
            for key, label in LIVE_TABS.items()
        ],
        "categories": [FilterLink("All", _live_url(**{**current, "category": None}), category is None)]
        + [
            FilterLink(choice.name, _live_url(**{**current, "category": choice.slug}), choice == category)
            for choice in selectors.active_categories()
        ],
        "sorts": [
            FilterLink(label, _live_url(**{**current, "sort": key}), key == sort) for key, label in SORT_LABELS.items()
        ],
        "creators": account_selectors.creator_directory()[:CREATORS_SHOWN],
    }
    return render(request, "streaming/live.html", context)


# --- Search and tags ----------------------------------------------------------------------------
# /search/'s "All" tab shows this many of each; a type's own tab pages through the rest.
SEARCH_PREVIEW = {"streams": 12, "creators": 8, "tags": 16}
SEARCH_PAGE_SIZE = {"streams": 24, "creators": 24, "tags": 60}
SEARCH_TABS = {"all": "All", "streams": "Streams", "creators": "Creators", "tags": "Tags"}
STREAM_GROUPS = {Status.LIVE: "Live now", Status.SCHEDULED: "Scheduled", Status.ENDED: "Recent"}
SEARCHES = {"streams": search.search_streams, "creators": search.search_creators, "tags": search.search_tags}


def _search_url(**query) -> str:
    defaults = query_defaults(SearchPageQuerySerializer)
    kept = {key: value for key, value in query.items() if value and value != defaults[key]}
    return reverse("search") + (f"?{urlencode(kept)}" if kept else "")


@dataclass(frozen=True)
class SearchSection:
    kind: str
    label: str
    results: list
    more_url: str  # the type's own tab, when it holds more than this section shows


def search_page(request):
    """/search/?q=: streams, creators and tags (the API's `GET /api/v1/search`, read the same way).
    htmx asks for the results alone as the box is typed into; anything else gets the page."""
    query = query_defaults(SearchPageQuerySerializer) | query_or_defaults(SearchPageQuerySerializer, request.GET)
    q, kind = query["q"], query["type"]
    context = {
        "q": q,
        "kind": kind,
        "q_max_length": search.QUERY_MAX_LENGTH,
        "tabs": [FilterLink(label, _search_url(q=q, type=key), key == kind) for key, label in SEARCH_TABS.items()],
        "sections": [],
        "page_obj": None,
    }
    if q and kind == "all":
        for key, find in SEARCHES.items():
            shown = SEARCH_PREVIEW[key]
            results = list(find(q)[: shown + 1])
            more = _search_url(q=q, type=key) if len(results) > shown else ""
            context["sections"].append(SearchSection(key, SEARCH_TABS[key], results[:shown], more))
    elif q:
        page_obj = Paginator(SEARCHES[kind](q), SEARCH_PAGE_SIZE[kind]).get_page(query["page"])
        context["page_obj"] = page_obj
        context["sections"] = [SearchSection(kind, SEARCH_TABS[kind], list(page_obj), "")]
        context["previous_url"] = (
            _search_url(q=q, type=kind, page=page_obj.previous_page_number()) if page_obj.has_previous() else ""
        )
        context["next_url"] = (
            _search_url(q=q, type=kind, page=page_obj.next_page_number()) if page_obj.has_next() else ""
        )
    return partial_or(
        request,
        "streaming/_search_results.html",
        context,
        otherwise=lambda: render(request, "streaming/search.html", context),
    )


def tag_page(request, tag):
    """/tags/<tag>/: the listed streams with this tag, live, then scheduled, then recent."""
    name = search.tag_from_url(tag)
    if name is None:
        raise Http404("No such tag.")
    if name != tag:
        return redirect("streaming:tag", tag=name, permanent=True)
    streams = search.streams_tagged(name)[:STREAMS_SHOWN]
    groups = [(STREAM_GROUPS[status], list(items)) for status, items in groupby(streams, key=lambda s: s.status)]
    return render(request, "streaming/tag.html", {"tag": name, "groups": groups})


# --- Go live ------------------------------------------------------------------------------------
@login_required
def go_live(request):
    form = GoLiveForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            stream = services.stream_create(creator=request.user, go_live=form.goes_live, **form.service_data())
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            if stream.status == Status.LIVE:
                messages.success(request, "You're live. Send a picture from a camera: see Cameras below.")
            else:
                messages.success(request, "Stream scheduled. Start it from here when you're ready.")
            return redirect("streaming:studio", stream_id=stream.pk)
    context = {"form": form, "live_stream": selectors.creator_live_stream(creator=request.user)}
    return render(request, "streaming/go_live.html", context)


# --- Studio -------------------------------------------------------------------------------------
@login_required
def studio(request, stream_id):
    stream = owned_stream_or_404(request, stream_id)
    context = {
        "stream": stream,
        "earnings": wallet_selectors.earnings_of(user=request.user),
        "settings_form": ChatSettingsForm.for_stream(stream),
        **_chat_context(request, stream, may_watch=True, chat_from="studio"),
    }
    return render(request, "streaming/studio.html", context)


def _change_status(request, stream_id, change, done: str):
    stream = owned_stream_or_404(request, stream_id)
    try:
        change(stream=stream, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, done)
    return redirect("streaming:studio", stream_id=stream.pk)


@require_POST
@login_required
def start(request, stream_id):
    return _change_status(request, stream_id, services.stream_start, "You're live.")


@require_POST
@login_required
def end(request, stream_id):
    return _change_status(request, stream_id, services.stream_end, "Stream ended. Here is how it went.")


@require_POST
@login_required
def cancel(request, stream_id):
    return _change_status(request, stream_id, services.stream_cancel, "Stream cancelled.")


@require_POST
@login_required
def chat_settings(request, stream_id):
    """The studio's chat settings. htmx gets the form back as a partial; a plain post, the studio."""
    stream = visible_stream_or_404(request, stream_id)
    form = ChatSettingsForm.for_stream(stream, request.POST)
    saved = False
    if form.is_valid():
        try:
            stream = services.chat_settings_update(stream=stream, by=request.user, **form.cleaned_data)
        except NotModerator:
            raise PermissionDenied from None
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            saved = True
            form = ChatSettingsForm.for_stream(stream)
    return partial_or_redirect(
        request,
        "streaming/_chat_settings.html",
        {"stream": stream, "settings_form": form, "saved": saved},
        to=reverse("streaming:studio", args=[stream.pk]),
        done="Chat settings saved.",
        errors=[] if saved else form_errors(form),
    )


# --- Watch --------------------------------------------------------------------------------------
def watch(request, stream_id):
    stream = visible_stream_or_404(request, stream_id)
    return _watch_page(request, stream)


def _watch_page(request, stream: Stream, *, unlock_error: ApplicationError | None = None):
    # The chat input and the gift panel both ask about the viewer's restrictions: read them once.
    with remembering():
        return _render_watch_page(request, stream, unlock_error=unlock_error)


def _render_watch_page(request, stream: Stream, *, unlock_error: ApplicationError | None):
    if not request.user.is_authenticated and not request.session.session_key:
        # The socket counts an anonymous viewer by session: one per browser, however many tabs.
        request.session.save()
    may_watch = rules.watch_problem(stream, request.user) is None
    try:
        creator = account_selectors.user_with_profile(user_id=stream.creator_id)
    except User.DoesNotExist:  # a deactivated creator's streams are gone with them
        raise Http404("No such stream.") from None
    context = {
        "stream": stream,
        "is_owner": rules.is_owner(stream, request.user),
        "needs_unlock": not may_watch,
        "unlock_error": unlock_error,
        "creator": creator,
        "view": account_selectors.profile_for_viewer(user=creator, viewer=request.user),
        **_chat_context(request, stream, may_watch=may_watch, chat_from="watch"),
    }
    return render(request, "streaming/watch.html", context)


@require_POST
def unlock(request, stream_id):
    stream = visible_stream_or_404(request, stream_id)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={stream_path(stream)}")
    try:
        access = services.pay_per_view_unlock(stream=stream, user=request.user)
    except ApplicationError as exc:
        return _watch_page(request, stream, unlock_error=exc)
    messages.success(request, "Unlocked. Enjoy the stream!" if access else "You watch this stream free.")
    return redirect("streaming:watch", stream_id=stream.pk)


def stream_path(stream: Stream) -> str:
    return reverse("streaming:watch", args=[stream.pk])


@require_POST
@login_required
def chat_post(request, stream_id):
    """Chat without JavaScript (the page's script sends over the socket instead)."""
    stream = visible_stream_or_404(request, stream_id)
    try:
        services.chat_post(stream=stream, user=request.user, content=request.POST.get("content", ""))
    except ApplicationError as exc:
        messages.error(request, exc.detail)
    return redirect(_back(request, stream))


@require_POST
@login_required
def chat_delete(request, stream_id, message_id):
    """Delete a message without JavaScript (the page's script sends a CD frame instead)."""
    stream = visible_stream_or_404(request, stream_id)
    message = ChatMessage.objects.select_related("stream").filter(pk=message_id, stream=stream).first()
    if message is None:
        raise Http404("No such message.")
    try:
        services.chat_delete(message=message, by=request.user)
    except NotModerator:
        raise PermissionDenied from None
    return redirect(_back(request, stream))


def _back(request, stream: Stream) -> str:
    """Back to the studio when the form was posted from there, else to the watch page."""
    if request.POST.get("from") == "studio" and rules.is_owner(stream, request.user):
        return reverse("streaming:studio", args=[stream.pk]) + "#chat"
    return stream_path(stream) + "#chat"
