"""Glicko-2 ratings from completed matches: `rating_apply` brings a match's ratings in line with its
current result, and the profile's record (highest rating, streaks, games) with them.

Each match is a rating period of its own (one opponent, score 1 or 0), so a rating moves after every
match rather than at the end of a day. An idle player's deviation does not widen over time (no periodic
task). Only results played out are rated: a forfeit, a disqualification or a bye rates no one.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import F

from apps.accounts.models import AthleteProfile
from apps.tournaments import events, glicko2
from apps.tournaments.models import Decision, Match, MatchStatus, Rating, RatingChange

UNRATED_DECISIONS = (Decision.FORFEIT, Decision.DISQUALIFIED)
STREAK_MILESTONES = (3, 5, 10)
# A taken-back change shifts later values; these keep the result a valid Glicko-2 rating.
MIN_DEVIATION = 1.0
MIN_VOLATILITY = 0.0001


def rating_apply(*, match: Match) -> list[RatingChange]:
    """Rates `match`'s current result once: keyed on (rating, match, result_version), so a second call
    for the same result changes nothing. Changes of an earlier result (a correction, or a match reopened)
    are taken back first. Returns the changes made now. Call inside the caller's transaction."""
    rated = _is_rated(match)
    with transaction.atomic():
        earlier_players = set(
            RatingChange.objects.filter(match=match)
            .exclude(result_version=match.result_version)
            .values_list("rating__player_id", flat=True)
        )
        players = {match.winner_id, match.loser_id} if rated else set()
        if not players | earlier_players:
            return []
        ratings = _locked_ratings(
            game_type_id=_game_type_id(match), create_for=players, player_ids=players | earlier_players
        )
        streaks_before = {player_id: rating.current_streak for player_id, rating in ratings.items()}
        # Read again under the locks: a concurrent call for the same result may have just applied it.
        existing = list(RatingChange.objects.filter(match=match))
        touched = _take_back_earlier(match, existing, ratings)
        changes = []
        if rated and not any(change.result_version == match.result_version for change in existing):
            changes = _rate(match, winner=ratings[match.winner_id], loser=ratings[match.loser_id])
            touched |= players
        for player_id in touched:
            _refresh_record(ratings[player_id])
        _update_profiles(player_ids=touched, current=ratings)
        for change in changes:
            events.rating_changed(change)
        for player_id in sorted(touched):
            streak = ratings[player_id].current_streak
            if streak in STREAK_MILESTONES and streak > streaks_before[player_id]:
                events.streak_reached(ratings[player_id], streak=streak)
    return changes


def _game_type_id(match: Match) -> int:
    return match.tournament.game_type_id if match.tournament_id else match.challenge.game_type_id


def _is_rated(match: Match) -> bool:
    return bool(
        match.status == MatchStatus.DONE
        and match.winner_id
        and match.loser_id
        and match.decision not in UNRATED_DECISIONS
    )


def _locked_ratings(*, game_type_id: int, create_for: set[int], player_ids: set[int]) -> dict[int, Rating]:
    """The players' ratings in the game type, a newcomer's created at 1500 ± 350, locked by player id
    (one order for every caller, so two matches of the same players never deadlock)."""
    Rating.objects.bulk_create(
        [Rating(player_id=player_id, game_type_id=game_type_id) for player_id in create_for], ignore_conflicts=True
    )
    locked = Rating.objects.select_for_update().filter(game_type_id=game_type_id, player_id__in=player_ids)
    return {rating.player_id: rating for rating in locked.order_by("player_id")}


def _take_back_earlier(match: Match, existing: list[RatingChange], ratings: dict[int, Rating]) -> set[int]:
    """Takes back and deletes the changes of `match`'s earlier results; returns whose ratings moved."""
    by_pk = {rating.pk: rating for rating in ratings.values()}
    earlier = [change for change in existing if change.result_version != match.result_version]
    for change in earlier:
        _take_back(by_pk[change.rating_id], change)
    RatingChange.objects.filter(pk__in=[change.pk for change in earlier]).delete()
    return {by_pk[change.rating_id].player_id for change in earlier}


def _take_back(rating: Rating, change: RatingChange) -> None:
    """Undoes `change`: exactly when it is the rating's latest; after later matches, what they moved is
    kept on top of the values before this one."""
    rating.rating = change.rating_before + (rating.rating - change.rating_after)
    rating.deviation = min(
        glicko2.DEFAULT_DEVIATION,
        max(MIN_DEVIATION, change.deviation_before + (rating.deviation - change.deviation_after)),
    )
    rating.volatility = max(MIN_VOLATILITY, change.volatility_before + (rating.volatility - change.volatility_after))


def _rate(match: Match, *, winner: Rating, loser: Rating) -> list[RatingChange]:
    before = {rating.player_id: rating.as_glicko2() for rating in (winner, loser)}
    changes = []
    for rating, opponent, won in ((winner, loser, True), (loser, winner, False)):
        old = before[rating.player_id]
        new = glicko2.rate(old, [(before[opponent.player_id], 1.0 if won else 0.0)])
        changes.append(
            RatingChange(
                rating=rating,
                match=match,
                result_version=match.result_version,
                won=won,
                rating_before=old.rating,
                rating_after=new.rating,
                deviation_before=old.deviation,
                deviation_after=new.deviation,
                volatility_before=old.volatility,
                volatility_after=new.volatility,
            )
        )
        rating.rating, rating.deviation, rating.volatility = new.rating, new.deviation, new.volatility
    return RatingChange.objects.bulk_create(changes)


def _refresh_record(rating: Rating) -> None:
    """Counts, streaks and the highest rating, read again from the rating's changes in the order their
    matches completed: a correction anywhere in the history counts where it happened. The highest counts
    only established ratings: a newcomer's first wins swing far on a wide deviation."""
    results = rating.changes.order_by(F("match__completed_at").asc(nulls_last=True), "id").values_list(
        "won", "rating_after", "deviation_after"
    )
    wins = losses = streak = longest = 0
    highest = glicko2.DEFAULT_RATING
    for won, rating_after, deviation_after in results:
        if won:
            wins += 1
            streak = streak + 1 if streak > 0 else 1
            longest = max(longest, streak)
        else:
            losses += 1
            streak = streak - 1 if streak < 0 else -1
        if deviation_after < glicko2.ESTABLISHED_DEVIATION:
            highest = max(highest, rating_after)
    rating.rated_matches = wins + losses
    rating.wins, rating.losses = wins, losses
    rating.current_streak, rating.longest_win_streak, rating.highest_rating = streak, longest, highest
    rating.save()


def _update_profiles(*, player_ids: set[int], current: dict[int, Rating]) -> None:
    """The AthleteProfile's record across game types: highest rating and longest streak of any, games
    of all; the current streak is the one in the game type just played."""
    by_player = defaultdict(list)
    for rating in Rating.objects.filter(player_id__in=player_ids):
        by_player[rating.player_id].append(rating)
    for player_id in player_ids:
        ratings = by_player[player_id]
        AthleteProfile.objects.filter(user_id=player_id).update(
            highest_rating=max(0, round(max(r.highest_rating for r in ratings))),
            longest_win_streak=max(r.longest_win_streak for r in ratings),
            career_games_played=sum(r.rated_matches for r in ratings),
            current_streak=current[player_id].current_streak,
        )
