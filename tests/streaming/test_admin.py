"""Staff changes in the admin that change who may watch a stream make its open sockets check again."""

import pytest
from django.urls import reverse

from apps.restrictions.models import ChannelModerator
from apps.streaming.events import stream_group
from apps.streaming.models import PayPerViewAccess
from tests.factories import UserFactory
from tests.realtime.helpers import GroupListener
from tests.streaming.factories import LiveStreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener():
    listeners = []

    def listen(stream) -> GroupListener:
        listeners.append(GroupListener(stream_group(stream.pk)))
        return listeners[-1]

    yield listen
    for group_listener in listeners:
        group_listener.close()


def _form_data(staff_client, url) -> dict:
    """The admin form as the page fills it (blank dates and files left out, unticked boxes absent)."""
    form = staff_client.get(url).context["adminform"].form
    values = {name: form[name].value() for name in form.fields}
    left_out = {name for name, value in values.items() if value is None or value is False} | {"thumbnail"}
    return {name: "on" if value is True else value for name, value in values.items() if name not in left_out}


@pytest.mark.parametrize("change", [{"visibility": "private"}, {"pay_per_view_cost": 25}])
def test_staff_narrowing_a_stream_in_the_admin_rechecks_its_sockets(
    staff_client, listener, django_capture_on_commit_callbacks, change
):
    stream = LiveStreamFactory()
    url = reverse("admin:streaming_stream_change", args=[stream.pk])
    group = listener(stream)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {**_form_data(staff_client, url), **change})
    assert response.status_code == 302
    assert group.next_message() == {"type": "frame.send", "recheck": True}


@pytest.mark.parametrize("model", ["payperviewaccess", "channelmoderator"])
def test_a_pay_per_view_access_or_a_moderator_deleted_in_the_admin_rechecks_the_sockets(
    staff_client, listener, django_capture_on_commit_callbacks, model
):
    stream = LiveStreamFactory(pay_per_view_cost=25)
    if model == "payperviewaccess":
        row = PayPerViewAccess.objects.create(stream=stream, user=UserFactory(), coins=25, transfer_id=1)
    else:
        row = ChannelModerator.objects.create(creator=stream.creator, moderator=UserFactory())
    group = listener(stream)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse(f"admin:{row._meta.app_label}_{model}_delete", args=[row.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert group.next_message() == {"type": "frame.send", "recheck": True}
