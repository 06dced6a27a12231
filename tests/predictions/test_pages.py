"""The pages: the points chip and the prediction card on the watch page, the studio's panel, and
their forms with and without htmx."""

import pytest
from django.urls import reverse

from apps.predictions.models import Prediction, PredictionStatus
from tests.factories import UserFactory
from tests.predictions.conftest import balance, open_prediction, stake

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("books_balance")]
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_watch_page_shows_points_and_the_prediction(client, stream, make_fan):
    prediction = open_prediction(stream, outcomes=("Swish", "Brick"))
    ana = make_fan(250)
    client.force_login(ana)
    page = client.get(reverse("streaming:watch", args=[stream.pk])).content.decode()
    assert "data-points-balance>250<" in page
    assert "Next three?" in page
    assert "Swish" in page
    assert "Brick" in page
    assert reverse("predictions:stake", args=[prediction.pk]) in page


def test_claiming_and_staking_from_the_page(client, stream, make_fan):
    prediction = open_prediction(stream)
    ana = UserFactory()
    client.force_login(ana)
    chip = client.post(reverse("predictions:claim", args=[stream.pk]), **HTMX).content.decode()
    assert balance(ana, stream.creator) > 0
    assert "data-claim-at" in chip
    again = client.post(reverse("predictions:claim", args=[stream.pk]), **HTMX).content.decode()
    assert "The next bonus opens at" in again

    outcome = prediction.outcomes.get(position=0)
    url = reverse("predictions:stake", args=[prediction.pk])
    card = client.post(url, {"outcome_id": outcome.pk, "points": 10}, **HTMX).content.decode()
    assert "You predicted <strong>Make</strong> with 10 points" in card
    refused = client.post(url, {"outcome_id": outcome.pk, "points": 10**6}, **HTMX).content.decode()
    assert "Not enough" in refused
    for points in ("0", "1.5", ""):  # what the browser's own checks would stop, said by the server too
        bad = client.post(url, {"outcome_id": outcome.pk, "points": points}, **HTMX).content.decode()
        assert 'class="form-errors"' in bad, points
    plain = client.post(url, {"outcome_id": outcome.pk, "points": 5})
    assert plain.status_code == 302


def test_the_studio_opens_and_resolves(client, stream, make_fan):
    client.force_login(stream.creator)
    studio = client.get(reverse("streaming:studio", args=[stream.pk])).content.decode()
    assert "Open the prediction" in studio
    body = {"title": "First to ten?", "outcomes": "Ana\nBen\n", "window_seconds": 60}
    bad = client.post(reverse("predictions:open", args=[stream.pk]), body | {"outcomes": "Ana"}, **HTMX)
    assert "A prediction has 2 to 10 outcomes." in bad.content.decode()
    panel = client.post(reverse("predictions:open", args=[stream.pk]), body, **HTMX).content.decode()
    prediction = Prediction.objects.get()
    assert "Lock now" in panel
    assert prediction.title == "First to ten?"
    second = client.post(reverse("predictions:open", args=[stream.pk]), body, **HTMX).content.decode()
    assert "not settled yet" in second
    winner = prediction.outcomes.get(position=1)
    client.post(reverse("predictions:resolve", args=[prediction.pk]), {"outcome_id": winner.pk}, **HTMX)
    prediction.refresh_from_db()
    assert prediction.status == PredictionStatus.RESOLVED
    assert prediction.winner == winner


def test_viewers_cannot_use_the_studio_forms(client, stream):
    prediction = open_prediction(stream)
    client.force_login(UserFactory())
    assert client.post(reverse("predictions:open", args=[stream.pk]), {}).status_code == 404
    assert client.post(reverse("predictions:cancel", args=[prediction.pk])).status_code == 404


def test_staff_read_predictions_in_the_admin(client, stream, make_fan):
    prediction = open_prediction(stream)
    stake(prediction, make_fan(), 0, 5)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert (
        "Next three?"
        in client.get(reverse("admin:predictions_prediction_change", args=[prediction.pk])).content.decode()
    )
    assert client.get(reverse("admin:predictions_stake_changelist")).status_code == 200
