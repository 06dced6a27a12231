"""Creating a tournament: who may, what it holds, and every setting the issue bounds."""

from datetime import timedelta

import pytest
from django.test import override_settings

from apps.accounts.tiers import Tier
from apps.tournaments.errors import NotAllowed, TournamentInvalid, WrongState
from apps.tournaments.models import GameType, Tournament
from apps.tournaments.services import entries as services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("tier", [Tier.ELITE_VERIFIED, Tier.CELEBRITY])
def test_tiers_with_tournament_creation_may_create(make_tournament, make_player, tier):
    tournament = make_tournament(organizer=make_player(tier=tier))
    assert Tournament.objects.filter(pk=tournament.pk).exists()


def test_staff_may_create(make_tournament, staff):
    assert make_tournament(organizer=staff).organizer == staff


@pytest.mark.parametrize("tier", [Tier.UNVERIFIED, Tier.BASIC_VERIFIED, Tier.PREMIUM_VERIFIED])
def test_creating_without_the_tier_is_refused(make_tournament, make_player, tier):
    with pytest.raises(NotAllowed) as refused:
        make_tournament(organizer=make_player(tier=tier))
    assert refused.value.code == "not_allowed"
    assert not Tournament.objects.exists()


@override_settings(TOURNAMENT_PLATFORM_CUT_PERCENT=7)
def test_a_new_tournament_takes_its_defaults_and_the_cut_from_settings(make_tournament):
    tournament = make_tournament(name="  Friday night  ")
    assert tournament.name == "Friday night"
    assert tournament.game_type.code == "1V1"
    assert (tournament.status, tournament.platform_cut_percent) == ("registration", 7)
    assert (tournament.prize_split, tournament.best_of, tournament.final_best_of) == ([60, 30, 10], 1, 1)
    assert (tournament.grand_final, tournament.seeding, tournament.swiss_rounds) == ("none", "rating", None)


@pytest.mark.parametrize(("capacity", "split"), [(2, [70, 30]), (3, [60, 30, 10])])
def test_the_default_split_gives_places_a_small_tournament_lacks_to_first(make_tournament, capacity, split):
    assert make_tournament(capacity=capacity).prize_split == split


def test_double_elimination_has_a_grand_final_reset_by_default(make_tournament):
    assert make_tournament(format="DOUBLE_ELIMINATION").grand_final == "reset"


def test_each_format_keeps_its_options(make_tournament):
    assert make_tournament(format="SINGLE_ELIMINATION", third_place=True).third_place
    assert make_tournament(format="DOUBLE_ELIMINATION", grand_final="single").grand_final == "single"
    assert make_tournament(format="ROUND_ROBIN", groups=2).groups == 2
    assert make_tournament(format="SWISS", swiss_rounds=3).swiss_rounds == 3
    assert make_tournament(best_of=3, final_best_of=5).final_best_of == 5


def test_a_game_type_is_taken_as_a_row_too(make_tournament):
    assert make_tournament(game_type=GameType.objects.get(code="FREE_THROW")).game_type.code == "FREE_THROW"


BAD = [
    ("name", {"name": ""}),
    ("name", {"name": "x" * 61}),
    ("game_type", {"game_type": "CHESS"}),
    ("format", {"format": "LADDER"}),
    ("capacity", {"capacity": 1}),
    ("capacity", {"capacity": 257}),
    ("capacity", {"capacity": "8"}),
    ("best_of", {"best_of": 2}),
    ("final_best_of", {"final_best_of": 7}),
    ("check_in_minutes", {"check_in_minutes": -1}),
    ("check_in_minutes", {"check_in_minutes": 24 * 60 + 1}),
    ("entry_fee", {"entry_fee": -1}),
    ("entry_fee", {"entry_fee": 1_000_001}),
    ("prize_split", {"prize_split": [60, 30]}),
    ("prize_split", {"prize_split": [60, 30, 20]}),
    ("prize_split", {"prize_split": []}),
    ("prize_split", {"prize_split": [50, 50.0]}),
    ("prize_split", {"prize_split": [110, -10]}),
    ("prize_split", {"prize_split": [40, 30, 20, 10], "capacity": 3}),
    ("prize_split", {"prize_split": "60/30/10"}),
    ("third_place", {"format": "DOUBLE_ELIMINATION", "third_place": True}),
    ("grand_final", {"format": "SINGLE_ELIMINATION", "grand_final": "reset"}),
    ("grand_final", {"format": "DOUBLE_ELIMINATION", "grand_final": "twice"}),
    ("groups", {"format": "SINGLE_ELIMINATION", "groups": 2}),
    ("groups", {"format": "ROUND_ROBIN", "groups": 5, "capacity": 8}),
    ("swiss_rounds", {"format": "SWISS"}),
    ("swiss_rounds", {"format": "SWISS", "swiss_rounds": 13, "capacity": 64}),
    ("swiss_rounds", {"format": "SWISS", "swiss_rounds": 4, "capacity": 4}),
    ("swiss_rounds", {"format": "ROUND_ROBIN", "swiss_rounds": 3}),
    ("seeding", {"seeding": "alphabetical"}),
    ("verified_only", {"verified_only": "yes"}),
    ("report_timeout_minutes", {"report_timeout_minutes": 0}),
]


@pytest.mark.parametrize(("field", "fields"), BAD, ids=[f"{f}-{v}" for f, v in BAD])
def test_each_bad_setting_is_refused_naming_its_field(make_tournament, field, fields):
    with pytest.raises(TournamentInvalid) as refused:
        make_tournament(**fields)
    assert (refused.value.code, refused.value.field) == ("tournament_invalid", field)
    assert not Tournament.objects.exists()


@pytest.mark.parametrize("offset", [timedelta(0), timedelta(minutes=-1), timedelta(days=366)])
def test_the_start_is_in_the_future_within_a_year(make_tournament, now, offset):
    with pytest.raises(TournamentInvalid) as refused:
        make_tournament(start_at=now + offset)
    assert refused.value.field == "start_at"


def test_an_inactive_game_type_is_refused(make_tournament):
    GameType.objects.filter(code="THREE_POINT").update(active=False)
    with pytest.raises(TournamentInvalid) as refused:
        make_tournament(game_type="THREE_POINT")
    assert refused.value.field == "game_type"


# --- Changing settings before the start ---------------------------------------------------------------
def test_the_organizer_changes_settings_before_the_start(make_tournament):
    tournament = make_tournament(format="DOUBLE_ELIMINATION")
    services.tournament_update(
        tournament=tournament, by=tournament.organizer, name="Renamed", format="SWISS", swiss_rounds=3
    )
    tournament.refresh_from_db()
    assert (tournament.name, tournament.format, tournament.swiss_rounds, tournament.grand_final) == (
        "Renamed",
        "SWISS",
        3,
        "none",
    )


def test_a_larger_capacity_moves_the_waiting_list_up(make_tournament, make_player, now):
    tournament = make_tournament(capacity=2, entry_fee=0)
    players = [make_player() for _ in range(4)]
    for player in players:
        services.register(tournament=tournament, player=player, now=now)
    services.tournament_update(tournament=tournament, by=tournament.organizer, capacity=3)
    assert list(tournament.entries.order_by("id").values_list("status", flat=True)) == [
        "registered",
        "registered",
        "registered",
        "waiting",
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"capacity": 2, "prize_split": [70, 30]}, "capacity"),
        ({"entry_fee": 50}, "entry_fee"),
        ({"verified_only": True}, "verified_only"),
    ],
)
def test_what_cannot_change_once_players_paid(make_tournament, make_player, now, change, field):
    tournament = make_tournament(capacity=4, entry_fee=100)
    for player in (make_player(100), make_player(100), make_player(100)):
        services.register(tournament=tournament, player=player, now=now)
    with pytest.raises(TournamentInvalid) as refused:
        services.tournament_update(tournament=tournament, by=tournament.organizer, **change)
    assert refused.value.field == field
    tournament.refresh_from_db()
    assert (tournament.capacity, tournament.entry_fee, tournament.verified_only) == (4, 100, False)


def test_only_the_organizer_changes_settings_and_only_before_the_start(make_tournament, make_player, now):
    tournament = make_tournament(entry_fee=0)
    with pytest.raises(NotAllowed):
        services.tournament_update(tournament=tournament, by=make_player(), name="Mine")
    with pytest.raises(TournamentInvalid) as refused:
        services.tournament_update(tournament=tournament, by=tournament.organizer, organizer=make_player())
    assert refused.value.field == "organizer"
    for player in (make_player(), make_player()):
        services.register(tournament=tournament, player=player, now=now)
    services.start(tournament=tournament, by=tournament.organizer, now=now)
    with pytest.raises(WrongState):
        services.tournament_update(tournament=tournament, by=tournament.organizer, name="Too late")
