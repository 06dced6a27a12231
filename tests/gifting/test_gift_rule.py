"""One rule says who may send gifts where (rules.gift_problem): the gift service refuses with its
error, and the gift panel shows its detail in the same words."""

import pytest

from apps.core.exceptions import ApplicationError
from apps.gifting import rules, services
from apps.gifting.models import Gift
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.django_db

STREAMS = {
    "live": LiveStreamFactory,
    "scheduled": StreamFactory,
    "ended": lambda: StreamFactory(status="ended"),
    "gifts off": lambda: LiveStreamFactory(gifts_enabled=False),
    "not paid": lambda: LiveStreamFactory(pay_per_view_cost=50),
}


def _sender(who, stream, fan):
    return {"fan": fan, "creator": stream.creator, "signed out": None}[who]


@pytest.mark.parametrize("who", ["fan", "creator", "signed out"])
@pytest.mark.parametrize("kind", STREAMS)
def test_the_service_refuses_with_the_rules_answer(fan, kind, who):
    stream = STREAMS[kind]()
    sender = _sender(who, stream, fan)
    problem = rules.gift_problem(stream, sender)
    assert (problem is None) == (kind == "live" and who == "fan")
    rose = Gift.objects.get(name="Rose")
    if problem is None:
        assert services.gift_send(stream=stream, sender=sender, gift_id=rose.pk).gift == rose
        return
    with pytest.raises(ApplicationError) as refused:
        services.gift_send(stream=stream, sender=sender, gift_id=rose.pk)
    assert (type(refused.value), refused.value.code, refused.value.detail) == (
        type(problem),
        problem.code,
        problem.detail,
    )


@pytest.mark.parametrize("kind", ["scheduled", "ended", "gifts off"])
@pytest.mark.parametrize("who", ["fan", "creator"])
def test_the_panel_says_what_the_rule_says(client, fan, kind, who):
    stream = STREAMS[kind]()
    viewer = _sender(who, stream, fan)
    client.force_login(viewer)
    html = client.get(f"/streams/{stream.pk}/").content.decode()
    assert rules.gift_problem(stream, viewer).detail in html


def test_a_scheduled_stream_shows_its_form_with_send_off(client, fan):
    stream = StreamFactory()
    client.force_login(fan)
    context = client.get(f"/streams/{stream.pk}/").context
    assert context["gift_state"] == "open"
    assert not context["gift_live"]
