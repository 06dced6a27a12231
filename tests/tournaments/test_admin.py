"""Staff read every tournament record in the admin; only game types are edited there."""

import pytest
from django.urls import reverse

from apps.tournaments.models import Challenge, GameType, Match, Rating, Tournament
from tests.tournaments.factories import live_tournament

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Tournament, Match, Challenge, Rating, GameType])
def test_each_list_opens(staff_client, model):
    live_tournament(4)
    url = reverse(f"admin:tournaments_{model._meta.model_name}_changelist")
    assert staff_client.get(url).status_code == 200


def test_a_tournament_and_a_match_open_read_only_with_their_rows(staff_client):
    tournament, players = live_tournament(4)
    page = staff_client.get(reverse("admin:tournaments_tournament_change", args=[tournament.pk]))
    assert page.status_code == 200
    assert players[0].username in page.content.decode()
    assert b'name="_save"' not in page.content
    match = tournament.matches.get(code="W1-M1")
    page = staff_client.get(reverse("admin:tournaments_match_change", args=[match.pk]))
    assert b"Players known" in page.content


def test_staff_add_a_game_type(staff_client):
    response = staff_client.post(
        reverse("admin:tournaments_gametype_add"), {"code": "DUNK", "name": "Dunk contest", "order": 4, "active": "on"}
    )
    assert response.status_code == 302
    assert GameType.objects.filter(code="DUNK", name="Dunk contest").exists()
