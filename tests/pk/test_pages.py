"""PK on the pages: the studio's panel (invite, answer, leave; htmx and plain posts, form errors),
the score bar on the watch page and the studio, and the record on profiles."""

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from apps.accounts.models import AthleteProfile
from apps.pk.models import Battle
from tests.factories import UserFactory
from tests.pk.conftest import gift, start, stream_of, time_up

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def studio_url(host) -> str:
    return reverse("streaming:studio", args=[stream_of(host).pk])


def action_url(host, battle, action: str) -> str:
    return reverse(f"pk:{action}", args=[stream_of(host).pk, battle.pk])


def section(html: str, element_id: str) -> str:
    match = re.search(rf'<section[^>]* id="{element_id}".*?</section>', html, re.S)
    assert match, f"no #{element_id}"
    return match.group(0)


def test_the_studio_invites_a_live_host_and_the_invitee_accepts(hosts):
    ana, bo = hosts[:2]
    panel = section(client_for(ana).get(studio_url(ana)).content.decode(), "pk-panel")
    assert "Send invitation" in panel
    assert "bo · bo live" in panel  # the live hosts to choose from
    assert "ana · ana live" not in panel

    response = client_for(ana).post(
        reverse("pk:invite", args=[stream_of(ana).pk]),
        {"pk-mode": "solo", "pk-opponents": [bo.pk], "pk-duration": "180", "pk-tie_rule": "draw", "pk-gift_id": ""},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Waiting for everyone to accept" in response.content.decode()
    battle = Battle.objects.get()
    assert (battle.duration_seconds, battle.status) == (180, "invited")

    invited = section(client_for(bo).get(studio_url(bo)).content.decode(), "pk-panel")
    assert "challenges you to a PK battle" in invited
    assert "3 minutes" in invited
    response = client_for(bo).post(action_url(bo, battle, "accept"))  # without JavaScript
    assert response.status_code == 302
    assert response["Location"].endswith("#pk-panel")
    battle.refresh_from_db()
    assert battle.status == "active"
    studio = client_for(bo).get(studio_url(bo)).content.decode()
    assert "The battle is on" in section(studio, "pk-panel")
    assert "Leave the battle" in studio


def test_form_and_service_errors_show_in_the_panel(hosts):
    ana, bo, cy = hosts[:3]
    url = reverse("pk:invite", args=[stream_of(ana).pk])
    two = {"pk-mode": "solo", "pk-opponents": [bo.pk, cy.pk], "pk-duration": "300", "pk-tie_rule": "draw"}
    html = client_for(ana).post(url, two, headers=HTMX).content.decode()
    assert "A solo battle is you against one other host." in html
    odd = {**two, "pk-opponents": [bo.pk], "pk-duration": "240"}
    assert "Select a valid choice" in client_for(ana).post(url, odd, headers=HTMX).content.decode()
    assert not Battle.objects.exists()
    response = client_for(ana).post(url, two)  # without JavaScript: back to the studio with the message
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["A solo battle is you against one other host."]


def test_answering_a_closed_invitation_says_why(hosts):
    ana, bo = hosts[:2]
    battle = start(ana, bo)
    html = client_for(bo).post(action_url(bo, battle, "decline"), headers=HTMX).content.decode()
    assert "This invitation is closed" in html


def test_leaving_from_the_studio(hosts):
    ana, bo = hosts[:2]
    battle = start(ana, bo)
    html = client_for(ana).post(action_url(ana, battle, "leave"), headers=HTMX).content.decode()
    battle.refresh_from_db()
    assert (battle.status, battle.end_reason) == ("ended", "forfeit")
    assert "Send invitation" in html  # free to invite again


def test_only_the_host_sees_their_panel(hosts):
    ana, bo = hosts[:2]
    assert client_for(bo).get(reverse("pk:panel", args=[stream_of(ana).pk])).status_code == 404
    assert client_for(ana).get(reverse("pk:panel", args=[stream_of(ana).pk])).status_code == 200


def test_the_watch_page_draws_the_battle_the_stream_is_in(hosts, fan, client):
    ana, bo, cy = hosts[:3]
    battle = start(ana, bo)
    gift(fan, bo, "Crown")
    bar = section(client.get(reverse("streaming:watch", args=[stream_of(ana).pk])).content.decode(), "pk-bar")
    assert f'data-battle="{battle.pk}"' in bar
    assert " hidden" not in bar.split(">")[0]
    assert re.findall(r'class="pk-side__name">([^<]+)<', bar) == ["ana", "bo"]
    assert re.findall(r"data-pk-points>([^<]+)<", bar) == ["0", "50"]
    assert 'style="width: 0%"' in bar
    assert "5:00" in bar or "4:59" in bar
    studio_bar = section(client_for(bo).get(studio_url(bo)).content.decode(), "pk-bar")
    assert f'data-battle="{battle.pk}"' in studio_bar
    # A stream in no battle has the bar ready for one, hidden.
    idle = section(client.get(reverse("streaming:watch", args=[stream_of(cy).pk])).content.decode(), "pk-bar")
    assert " hidden" in idle.split(">")[0]


def test_profiles_show_the_pk_record_and_recent_battles(hosts, fan, client):
    ana, bo = hosts[:2]
    battle = start(ana, bo)
    gift(fan, bo, "Rocket")
    time_up(battle)
    record = section(client.get(reverse("accounts:profile", args=["ana"])).content.decode(), "pk-record")
    assert re.findall(r"data-pk-(wins|losses|draws)>(\d+)<", record) == [("wins", "0"), ("losses", "1"), ("draws", "0")]
    assert "0 – 20" in record
    assert "bo" in record
    AthleteProfile.objects.filter(user=ana).update(profile_visibility="PRIVATE")
    assert 'id="pk-record"' not in client.get(reverse("accounts:profile", args=["ana"])).content.decode()


def test_staff_read_battles_and_schedule_event_boosters_in_the_admin(hosts, fan):
    battle = start(*hosts[:2])
    gift(fan, hosts[0], "Crown")
    staff = client_for(UserFactory(is_staff=True, is_superuser=True))
    assert staff.get(reverse("admin:pk_battle_changelist")).status_code == 200
    page = staff.get(reverse("admin:pk_battle_change", args=[battle.pk])).content.decode()
    assert "Team A of battle" in page
    assert "ana" in page
    assert staff.get(reverse("admin:pk_battle_add")).status_code == 403  # battles come from the services
    assert staff.get(reverse("admin:pk_booster_add")).status_code == 200
    assert staff.get(reverse("admin:pk_contribution_changelist")).status_code == 200
