"""Tournament pages: the list, the create form, a tournament (players, money, its forms, the
organizer's controls and queue, the bracket) and a match (report, attach a stream, settle).

Thin: reads are selectors (selectors.pages, selectors.brackets), writes are services, and whether a
user may do something is the rules' answer. Every form posts plainly and comes back to its page with
the service's error on the form; static/js/tournament.js keeps the bracket live over
/ws/tournaments/<id>/.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.exceptions import ApplicationError
from apps.core.forms import add_service_error
from apps.streaming import selectors as streaming_selectors
from apps.tournaments import rules
from apps.tournaments.forms.tournaments import (
    ForfeitForm,
    GiftEntryForm,
    ReportForm,
    SettleForm,
    SponsorForm,
    TournamentForm,
)
from apps.tournaments.models import EntryStatus, GameType, MatchStatus, TournamentStatus
from apps.tournaments.selectors import entries as entry_selectors
from apps.tournaments.selectors import pages
from apps.tournaments.selectors.brackets import bracket_state
from apps.tournaments.services import entries, matches

LIST_SHOWN = 60
DONE = {
    "register": "You're in.",
    "withdraw": "You withdrew; your entry fee is back in your wallet.",
    "check_in": "You're checked in.",
    "start": "The tournament has started.",
    "pause": "The tournament is paused.",
    "resume": "The tournament is running again.",
    "cancel": "The tournament is cancelled and everyone refunded.",
    "finalize": "Final standings are in and the prizes paid.",
}
WAITING = "The tournament is full: you are on the waiting list and move up when someone withdraws."
# Tournament buttons without a form of their own: action -> the service, called as the user.
PLAYER_ACTIONS = {
    "register": lambda t, user: entries.register(tournament=t, player=user, paid_by=user),
    "withdraw": lambda t, user: entries.withdraw(tournament=t, player=user),
    "check_in": lambda t, user: entries.check_in(tournament=t, player=user),
}
ORGANIZER_ACTIONS = {
    "start": lambda t, user: entries.start(tournament=t, by=user),
    "pause": lambda t, user: entries.pause(tournament=t, by=user),
    "resume": lambda t, user: entries.resume(tournament=t, by=user),
    "cancel": lambda t, user: entries.cancel(tournament=t, by=user),
    "finalize": lambda t, user: entries.finalize(tournament=t, by=user),
}
ACTIONS = PLAYER_ACTIONS | ORGANIZER_ACTIONS


def _tournament_or_404(tournament_id: int):
    tournament = entry_selectors.tournament_detail(tournament_id=tournament_id)
    if tournament is None:
        raise Http404("No such tournament.")
    return tournament


def _page_url(tournament, anchor: str = "") -> str:
    return reverse("tournaments:detail", args=[tournament.pk]) + (f"#{anchor}" if anchor else "")


# --- The list ----------------------------------------------------------------------------------------
def tournament_list(request):
    """/tournaments/?tab=upcoming|check_in|live|finished&game=<code>. Without a tab (or an unknown one):
    live, when anything is being played, else upcoming. An unknown game shows every game."""
    game_types = list(GameType.objects.filter(active=True))
    game = next((g for g in game_types if g.code == request.GET.get("game")), None)
    tab = request.GET.get("tab")
    if tab not in pages.TABS:
        playing = entry_selectors.tournament_list(phase="live", game_type=game.code if game else None).exists()
        tab = "live" if playing else "upcoming"

    def url(**query) -> str:
        kept = {"tab": tab, "game": game.code if game else ""} | query
        kept = {key: value for key, value in kept.items() if value}
        return reverse("tournaments:list") + (f"?{urlencode(kept)}" if kept else "")

    context = {
        "tournaments": list(
            entry_selectors.tournament_list(phase=tab, game_type=game.code if game else None)[:LIST_SHOWN]
        ),
        "tab": tab,
        "tab_label": pages.TABS[tab],
        "tabs": [(label, url(tab=key), key == tab) for key, label in pages.TABS.items()],
        "games": [("All games", url(game=""), game is None)]
        + [(g.name, url(game=g.code), g == game) for g in game_types],
        "game": game,
        "may_create": request.user.is_authenticated and rules.creation_problem(user=request.user) is None,
    }
    return render(request, "tournaments/list.html", context)


# --- Create ------------------------------------------------------------------------------------------
@login_required
def tournament_new(request):
    problem = rules.creation_problem(user=request.user)
    form = None
    if problem is None:
        form = TournamentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                tournament = entries.tournament_create(organizer=request.user, **form.service_data())
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Your tournament is open for registration.")
                return redirect(_page_url(tournament))
    status = 400 if form is not None and form.errors else 200
    return render(request, "tournaments/new.html", {"form": form, "problem": problem}, status=status)


# --- A tournament ------------------------------------------------------------------------------------
def _detail_context(request, tournament, **forms) -> dict:
    user = request.user
    entry = entry_selectors.entry_of(tournament=tournament, player=user)
    is_organizer = user.is_authenticated and rules.organizer_problem(tournament=tournament, user=user) is None
    started = tournament.status not in (TournamentStatus.REGISTRATION, TournamentStatus.CANCELLED)
    state = bracket_state(tournament) if started else None
    now = timezone.now()
    settle_forms = forms.get("settle_forms", {})
    needs_check_in = bool(entry and entry.checked_in_at is None and tournament.check_in_minutes and not started)
    # Shown to a player who still has to check in: why not yet (or why not at all).
    check_in_problem = rules.check_in_problem(tournament=tournament, entry=entry, now=now) if needs_check_in else None
    return {
        "tournament": tournament,
        "entry": entry,
        "players": pages.entries_for_page(tournament),
        "prizes": pages.prize_rows(tournament),
        "results": pages.final_results(tournament) if tournament.status == TournamentStatus.FINALIZED else [],
        "bracket": pages.bracket_view(state, viewer=user) if state else None,
        "is_organizer": is_organizer,
        "queue": [
            (match, settle_forms.get(match.pk) or SettleForm(match=match))
            for match in (pages.organizer_queue(tournament) if started and rules.runs(tournament, user) else [])
        ],
        "may_register": user.is_authenticated
        and entry is None
        and rules.registration_problem(tournament=tournament, player=user, now=now) is None,
        "may_withdraw": rules.withdrawal_problem(tournament=tournament, entry=entry, now=now) is None,
        "check_in_problem": check_in_problem,
        "may_check_in": needs_check_in and check_in_problem is None,
        "open_for_entries": tournament.status == TournamentStatus.REGISTRATION,
        "gift_form": forms.get("gift_form") or GiftEntryForm(prefix="gift"),
        "sponsor_form": forms.get("sponsor_form") or SponsorForm(prefix="sponsor"),
        # A refused button's reason, shown in the panel of the button.
        "entry_error": forms.get("entry_error"),
        "organizer_error": forms.get("organizer_error"),
        "socket_path": f"/ws/tournaments/{tournament.pk}/",
    }


def tournament_detail(request, tournament_id):
    tournament = _tournament_or_404(tournament_id)
    return render(request, "tournaments/detail.html", _detail_context(request, tournament))


def _again(request, tournament, **forms):
    """The page again, with what went wrong on the form that was posted."""
    return render(request, "tournaments/detail.html", _detail_context(request, tournament, **forms), status=400)


@require_POST
@login_required
def tournament_action(request, tournament_id, action):
    tournament = _tournament_or_404(tournament_id)
    try:
        result = ACTIONS[action](tournament, request.user)
    except ApplicationError as exc:
        panel = "organizer_error" if action in ORGANIZER_ACTIONS else "entry_error"
        return _again(request, tournament, **{panel: exc.detail})
    waiting = action == "register" and result.status == EntryStatus.WAITING
    messages.success(request, WAITING if waiting else DONE[action])
    return redirect(_page_url(tournament))


@require_POST
@login_required
def gift_entry(request, tournament_id):
    tournament = _tournament_or_404(tournament_id)
    form = GiftEntryForm(request.POST, prefix="gift")
    if form.is_valid():
        player = form.cleaned_data["username"]
        try:
            entries.register(tournament=tournament, player=player, paid_by=request.user)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"You paid {player.public_name}'s entry.")
            return redirect(_page_url(tournament))
    return _again(request, tournament, gift_form=form)


@require_POST
@login_required
def sponsor(request, tournament_id):
    tournament = _tournament_or_404(tournament_id)
    form = SponsorForm(request.POST, prefix="sponsor")
    if form.is_valid():
        try:
            entries.sponsor(tournament=tournament, sponsor=request.user, coins=form.cleaned_data["coins"])
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"You added {form.cleaned_data['coins']:,} coins to the prize pool.")
            return redirect(_page_url(tournament))
    return _again(request, tournament, sponsor_form=form)


# --- A match -----------------------------------------------------------------------------------------
def _match_or_404(tournament, match_id: int):
    match = pages.match_for_page(tournament, match_id)
    if match is None:
        raise Http404("No such match.")
    return match


def _match_context(request, tournament, match, *, report_form=None, stream_error="", forfeit_form=None) -> dict:
    user = request.user
    is_player = user.is_authenticated and user.pk in match.players
    reportable = match.status in (MatchStatus.READY, MatchStatus.LIVE)
    rulable = rules.forfeit_offer_problem(match, user) is None
    my_report = next((r for r in match.reports.all() if r.reporter_id == user.pk), None)
    # Reports are kept from the first player's side; the page shows the reporter's own score first.
    my_games = [game if user.pk == match.player1_id else game[::-1] for game in my_report.games] if my_report else []
    live_stream = streaming_selectors.creator_live_stream(creator=user) if is_player and reportable else None
    return {
        "tournament": tournament,
        "match": match,
        "reports": list(match.reports.all()),
        "is_player": is_player,
        "report_form": report_form
        or (ReportForm(best_of=match.best_of) if is_player and reportable and my_report is None else None),
        "my_games": my_games,
        "live_stream": live_stream if live_stream and live_stream.pk != match.stream_id else None,
        "stream_error": stream_error,
        "forfeit_form": forfeit_form or (ForfeitForm(match=match) if rulable else None),
    }


def match_detail(request, tournament_id, match_id):
    tournament = _tournament_or_404(tournament_id)
    match = _match_or_404(tournament, match_id)
    return render(request, "tournaments/match.html", _match_context(request, tournament, match))


def _match_url(tournament, match) -> str:
    return reverse("tournaments:match", args=[tournament.pk, match.pk])


@require_POST
@login_required
def match_report(request, tournament_id, match_id):
    tournament = _tournament_or_404(tournament_id)
    match = _match_or_404(tournament, match_id)
    form = ReportForm(request.POST, best_of=match.best_of)
    if form.is_valid():
        try:
            matches.match_report(match=match, reporter=request.user, games=form.cleaned_data["games"])
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Your report is in.")
            return redirect(_match_url(tournament, match))
    context = _match_context(request, tournament, match, report_form=form)
    return render(request, "tournaments/match.html", context, status=400)


@require_POST
@login_required
def match_attach_stream(request, tournament_id, match_id):
    tournament = _tournament_or_404(tournament_id)
    match = _match_or_404(tournament, match_id)
    # The player's stream live now: the button offers no other.
    stream = streaming_selectors.creator_live_stream(creator=request.user)
    try:
        if stream is None:
            raise ApplicationError("You are not live: go live first, then attach your stream.")
        matches.match_attach_stream(match=match, by=request.user, stream=stream)
    except ApplicationError as exc:
        context = _match_context(request, tournament, match, stream_error=exc.detail)
        return render(request, "tournaments/match.html", context, status=400)
    messages.success(request, "Your stream is attached: spectators can watch this match live.")
    return redirect(_match_url(tournament, match))


@require_POST
@login_required
def match_settle(request, tournament_id, match_id):
    tournament = _tournament_or_404(tournament_id)
    match = _match_or_404(tournament, match_id)
    if match.player1_id is None or match.player2_id is None:
        raise Http404("This match has no two players to settle between.")
    form = SettleForm(request.POST, match=match)
    if form.is_valid():
        data = form.cleaned_data
        winner = match.player1 if data["winner"] == match.player1_id else match.player2
        try:
            matches.match_settle(
                match=match, by=request.user, winner_id=winner.pk, games=data["games"], reason=data["reason"]
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{match.code} settled: {winner.public_name} wins.")
            return redirect(_page_url(tournament, "queue"))
    return _again(request, tournament, settle_forms={match.pk: form})


@require_POST
@login_required
def match_forfeit(request, tournament_id, match_id):
    """The organizer's ruling from the match page: a forfeit, or a disqualification from the tournament."""
    tournament = _tournament_or_404(tournament_id)
    match = _match_or_404(tournament, match_id)
    if match.player1_id is None or match.player2_id is None:
        raise Http404("This match has no two players yet.")
    form = ForfeitForm(request.POST, match=match)
    if form.is_valid():
        data = form.cleaned_data
        player = match.player1 if data["player"] == match.player1_id else match.player2
        try:
            if data["disqualify"]:
                matches.player_disqualify(tournament=tournament, by=request.user, player=player, reason=data["reason"])
            else:
                matches.match_forfeit(match=match, by=request.user, player_id=player.pk, reason=data["reason"])
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            ruled = "is disqualified" if data["disqualify"] else "forfeits"
            messages.success(request, f"{player.public_name} {ruled}: the opponent moves on.")
            return redirect(_match_url(tournament, match))
    context = _match_context(request, tournament, match, forfeit_form=form)
    return render(request, "tournaments/match.html", context, status=400)
