"""Every limit exists once: the forms, the API's serializers and the services read it from the model
field (apps.core.bounds.text_limit, column_range) or from one constant beside the model."""

import pytest

from apps.accounts.api import VerificationRequestCreateApi
from apps.accounts.forms import VerificationRequestForm
from apps.accounts.models import VerificationRequest
from apps.core.bounds import column_range, text_limit
from apps.core.exceptions import ApplicationError
from apps.devices import services as devices
from apps.devices.forms import DeviceForm
from apps.devices.models import Device
from apps.devices.serializers import DeviceInputSerializer
from apps.gifting import services as gifting
from apps.gifting.forms import GoalForm
from apps.gifting.models import GiftSend, StreamGiftTotals
from apps.gifting.serializers import GiftSendInputSerializer
from apps.streaming import services as streaming
from apps.streaming.forms import ChatSettingsForm, GoLiveForm
from apps.streaming.models import SLOW_MODE_MAX_SECONDS, TAG_MAX_LENGTH, TAGS_MAX, ChatMessage, Stream
from apps.streaming.serializers import ChatInputSerializer, ChatSettingsSerializer, StreamInputSerializer
from tests.factories import UserFactory
from tests.streaming.factories import StreamFactory

VERIFICATION_INPUT = VerificationRequestCreateApi.VerificationRequestInputSerializer

TEXT = [
    (GoLiveForm, "title", Stream, "title"),
    (GoLiveForm, "description", Stream, "description"),
    (StreamInputSerializer, "title", Stream, "title"),
    (StreamInputSerializer, "description", Stream, "description"),
    (StreamInputSerializer, "donation_goal_title", StreamGiftTotals, "donation_goal_title"),
    (GoalForm, "donation_goal_title", StreamGiftTotals, "donation_goal_title"),
    (ChatInputSerializer, "content", ChatMessage, "content"),
    (GiftSendInputSerializer, "message", GiftSend, "message"),
    (DeviceInputSerializer, "name", Device, "name"),
    (DeviceInputSerializer, "serial", Device, "serial"),
    (DeviceInputSerializer, "angle_label", Device, "angle_label"),
    (DeviceForm, "name", Device, "name"),
    (DeviceForm, "serial", Device, "serial"),
    (DeviceForm, "angle_label", Device, "angle_label"),
    (VerificationRequestForm, "message", VerificationRequest, "message"),
    (VERIFICATION_INPUT, "message", VerificationRequest, "message"),
]


def _field(reader, name):
    return reader.base_fields[name] if hasattr(reader, "base_fields") else reader().fields[name]


@pytest.mark.parametrize(("reader", "name", "model", "model_field"), TEXT, ids=lambda v: getattr(v, "__name__", v))
def test_text_inputs_take_what_their_model_field_holds(reader, name, model, model_field):
    assert _field(reader, name).max_length == text_limit(model, model_field)


def test_numbers_and_lists_share_their_constants():
    assert _field(ChatSettingsForm, "slow_mode_seconds").max_value == SLOW_MODE_MAX_SECONDS
    assert _field(ChatSettingsSerializer, "slow_mode_seconds").max_value == SLOW_MODE_MAX_SECONDS
    assert _field(GiftSendInputSerializer, "quantity").max_value == gifting.MAX_QUANTITY
    assert column_range(GiftSend, "quantity")[1] == gifting.MAX_QUANTITY
    tags = _field(StreamInputSerializer, "tags")
    assert (tags.max_length, tags.child.max_length) == (TAGS_MAX, TAG_MAX_LENGTH)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"),
    [(Stream, "title"), (Stream, "description"), (StreamGiftTotals, "donation_goal_title")],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_the_stream_service_refuses_one_character_past_the_field(model, field):
    limit = text_limit(model, field)
    creator = UserFactory()
    fields = {"title": "t", "donation_goal_target": 10, "donation_goal_title": "Ball"}
    streaming.stream_create(creator=creator, **(fields | {field: "x" * limit}))
    with pytest.raises(ApplicationError) as refused:
        streaming.stream_create(creator=creator, **(fields | {field: "x" * (limit + 1)}))
    assert (refused.value.field, str(limit)) == (field, refused.value.detail.split()[-2])


@pytest.mark.django_db
def test_chat_and_devices_refuse_one_character_past_the_field():
    stream = StreamFactory()
    limit = text_limit(ChatMessage, "content")
    streaming.chat_post(stream=stream, user=stream.creator, content="x" * limit)
    with pytest.raises(ApplicationError, match=f"at most {limit} characters"):
        streaming.chat_post(stream=stream, user=stream.creator, content="x" * (limit + 1))
    limit = text_limit(Device, "name")
    devices.device_register(owner=stream.creator, name="x" * limit)
    with pytest.raises(ApplicationError, match=f"at most {limit} characters"):
        devices.device_register(owner=stream.creator, name="x" * (limit + 1))
