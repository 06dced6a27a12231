"""The scorekeeper page, the overlay on the watch page, the studio's link and the stream's summary."""

import pytest
from django.urls import reverse

from apps.restrictions.models import ChannelModerator
from apps.shots.models import Shot
from apps.shots.services.tracker import shot_record
from apps.streaming import services as streaming
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_scorekeeper_page_has_a_made_and_missed_button_per_type(client, stream, scorekeeper):
    page = signed_in(client, scorekeeper).get(reverse("shots:scorekeeper", args=[stream.pk]))
    assert page.status_code == 200
    for code in ("free_throw", "three", "mid_range", "layup_dunk"):
        assert f'data-shot="{code}-made"'.encode() in page.content
        assert f'data-shot="{code}-missed"'.encode() in page.content


def test_anyone_else_gets_a_404(client, stream):
    assert signed_in(client, UserFactory()).get(reverse("shots:scorekeeper", args=[stream.pk])).status_code == 404
    record = client.post(reverse("shots:record", args=[stream.pk]), {"type": "three", "made": "1"})
    assert record.status_code == 404
    assert not Shot.objects.exists()


def test_a_plain_form_records_and_goes_back_with_a_message(client, stream):
    signed_in(client, stream.creator)
    answer = client.post(reverse("shots:record", args=[stream.pk]), {"type": "three", "made": "1", "x": "", "y": ""})
    assert answer.status_code == 302
    shot = Shot.objects.get()
    assert (shot.made, shot.x) == (True, None)
    page = client.get(answer.url)
    assert b"Three: made." in page.content


def test_htmx_gets_the_live_part_with_the_error_or_the_new_numbers(client, stream):
    signed_in(client, stream.creator)
    url = reverse("shots:record", args=[stream.pk])
    refused = client.post(url, {"type": "three", "made": "1", "x": "5"}, headers={"HX-Request": "true"})
    assert b"Give both coordinates" in refused.content
    assert not Shot.objects.exists()
    made = client.post(url, {"type": "three", "made": "1", "x": "500", "y": "600"}, headers={"HX-Request": "true"})
    assert b"1/1" in made.content
    assert Shot.objects.get().y == 600
    undone = client.post(reverse("shots:undo", args=[stream.pk]), headers={"HX-Request": "true"})
    assert b"Undone: Three made." in undone.content


def test_an_ended_stream_shows_why_and_no_live_buttons(client, stream):
    streaming.stream_end(stream=stream, by=stream.creator)
    page = signed_in(client, stream.creator).get(reverse("shots:scorekeeper", args=[stream.pk]))
    assert b"only while the stream is live" in page.content
    assert b'data-shot="three-made" disabled' in page.content


def test_the_watch_page_draws_the_overlay_and_the_studio_links_the_scorekeeper(client, stream):
    shot_record(stream=stream, by=stream.creator, shot_type="three", made=True)
    page = client.get(reverse("streaming:watch", args=[stream.pk]))
    assert b"data-shot-overlay" in page.content
    assert b"vs <span data-career-pct>100</span>% career" in page.content
    keeper = reverse("shots:scorekeeper", args=[stream.pk]).encode()
    assert keeper not in page.content
    studio = signed_in(client, stream.creator).get(reverse("streaming:studio", args=[stream.pk]))
    assert keeper in studio.content
    moderator = UserFactory()
    ChannelModerator.objects.create(creator=stream.creator, moderator=moderator)
    assert keeper in signed_in(client, moderator).get(reverse("streaming:watch", args=[stream.pk])).content


def test_the_stream_summary_shows_the_shooting(client, stream):
    shot_record(stream=stream, by=stream.creator, shot_type="free_throw", made=True)
    shot_record(stream=stream, by=stream.creator, shot_type="free_throw", made=False)
    streaming.stream_end(stream=stream, by=stream.creator)
    studio = signed_in(client, stream.creator).get(reverse("streaming:studio", args=[stream.pk]))
    assert b"Shooting 1/2 (50%)" in studio.content
    assert b"FT 1/2 50%" in studio.content
    watch = client.get(reverse("streaming:watch", args=[stream.pk]))
    assert b"Shooting 1/2 (50%)" in watch.content  # on the ended card
    assert b"data-shot-overlay" not in watch.content


def test_the_profile_shows_the_career_per_type(client, stream):
    shot_record(stream=stream, by=stream.creator, shot_type="three", made=True)
    shot_record(stream=stream, by=stream.creator, shot_type="three", made=False)
    page = client.get(reverse("accounts:profile", args=[stream.creator.username]))
    assert b'<th scope="row">Three</th><td class="num">1/2</td><td class="num">50%</td>' in page.content
    assert b"50.00%" in page.content
