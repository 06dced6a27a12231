"""Shot challenges on the watch page and in the studio: plain form posts and htmx, each drawn by the
server; the team's answers from the queue."""

import pytest
from django.urls import reverse

from apps.shots.models import Shot, ShotChallenge, ShotChallengeSettings
from apps.shots.services import challenges
from apps.wallet.selectors import balance_of
from tests.factories import UserFactory
from tests.shots.challenges_support import assert_books, earnings, funded, moderator_of
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _books_after_each():
    yield
    assert_books()


@pytest.fixture
def stream():
    return LiveStreamFactory()


def test_the_watch_page_shows_the_open_challenges_and_takes_one(client, stream):
    fan = funded()
    challenges.shot_challenge_create(stream=stream, challenger=funded(), text="Behind the back layup", coins=60)
    client.force_login(fan)
    page = client.get(reverse("streaming:watch", args=[stream.pk])).content.decode()
    assert "Behind the back layup" in page
    assert 'data-template="shot-challenge"' in page
    answer = client.post(
        reverse("shots:challenge-create", args=[stream.pk]),
        {"text": "Half-court shot", "coins": "120", "type": "three"},
        **HTMX,
    )
    assert answer.status_code == 200
    assert "Challenge sent" in answer.content.decode()
    assert "Half-court shot" in answer.content.decode()
    assert (ShotChallenge.objects.count(), balance_of(user=fan)) == (2, 880)


def test_a_refused_challenge_shows_why_on_its_field(client, stream):
    ShotChallengeSettings.objects.create(creator=stream.creator, min_coins=200)
    fan = funded()
    client.force_login(fan)
    answer = client.post(reverse("shots:challenge-create", args=[stream.pk]), {"text": "Dunk", "coins": "100"}, **HTMX)
    assert "costs 200" in answer.content.decode()
    plain = client.post(reverse("shots:challenge-create", args=[stream.pk]), {"text": "Dunk", "coins": "100"})
    assert plain.status_code == 302
    assert (ShotChallenge.objects.count(), balance_of(user=fan)) == (0, 1000)


def test_signed_out_viewers_are_asked_to_log_in(client, stream):
    page = client.get(reverse("streaming:watch", args=[stream.pk])).content.decode()
    assert "to challenge the creator to a shot" in page


def test_the_studio_queue_accepts_and_records_the_attempt(client, stream):
    fan = funded()
    challenge = challenges.shot_challenge_create(
        stream=stream, challenger=fan, text="Corner three", coins=100, shot_type="three"
    )
    client.force_login(stream.creator)
    studio = client.get(reverse("streaming:studio", args=[stream.pk])).content.decode()
    assert "Corner three" in studio
    assert "Your terms" in studio
    accepted = client.post(reverse("shots:challenge-accept", args=[challenge.pk]), **HTMX).content.decode()
    assert "Made" in accepted
    done = client.post(reverse("shots:challenge-attempt", args=[challenge.pk]), {"made": "true", "type": ""}, **HTMX)
    assert "No challenges waiting" in done.content.decode()
    assert (Shot.objects.get().shot_type.code, earnings(stream.creator)) == ("three", 70)


def test_a_moderator_answers_but_does_not_set_terms_and_others_get_404(client, stream):
    challenge = challenges.shot_challenge_create(stream=stream, challenger=funded(), text="Free throw", coins=100)
    client.force_login(moderator_of(stream))
    queue = client.get(reverse("shots:challenge-queue", args=[stream.pk]), **HTMX).content.decode()
    assert "Free throw" in queue
    assert "Your terms" not in queue
    declined = client.post(reverse("shots:challenge-decline", args=[challenge.pk]), **HTMX)
    assert "No challenges waiting" in declined.content.decode()
    terms = client.post(reverse("shots:challenge-terms", args=[stream.pk]), {"enabled": "on", "min_coins": "5"})
    assert terms.status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("shots:challenge-queue", args=[stream.pk])).status_code == 404
    assert client.post(reverse("shots:challenge-accept", args=[challenge.pk])).status_code == 404


def test_the_creator_sets_the_terms(client, stream):
    client.force_login(stream.creator)
    answer = client.post(reverse("shots:challenge-terms", args=[stream.pk]), {"min_coins": "25"}, **HTMX)
    assert answer.status_code == 200
    terms = ShotChallengeSettings.objects.get(creator=stream.creator)
    assert (terms.enabled, terms.min_coins) == (False, 25)
    client.force_login(funded())
    assert "not taking shot challenges" in client.get(reverse("streaming:watch", args=[stream.pk])).content.decode()


def test_staff_read_challenges_in_the_admin(client, stream):
    challenges.shot_challenge_create(stream=stream, challenger=funded(), text="Sky hook", coins=100)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:shots_shotchallenge_changelist"))
    assert listing.status_code == 200
    assert "Sky hook" in listing.content.decode()
    assert client.get(reverse("admin:shots_shotchallengesettings_changelist")).status_code == 200
