"""`/api/v1/moderation/`: the held-message queue (AutoMod) and each channel's safety switches."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.api_errors import ErrorSerializer
from apps.core.bounds import ID_MAX, ID_MIN, text_limit
from apps.core.exceptions import NotFound
from apps.core.pagination import PageLimitPagination, paginated_response
from apps.core.query import validated_query
from apps.core.serializers import InputSerializer
from apps.restrictions.models import AuditEntry
from apps.restrictions.rules import moderate_problem
from apps.restrictions.services.channel import safety_update
from apps.streaming import selectors, services
from apps.streaming.errors import MessageNotFound
from apps.streaming.models import ChatMessage
from apps.streaming.serializers import CreatorSerializer


class HeldMessageSerializer(serializers.ModelSerializer):
    author = CreatorSerializer(source="user", allow_null=True)
    stream = serializers.UUIDField(source="stream_id")
    channel = serializers.IntegerField(source="stream.creator_id", help_text="The creator's user id.")
    stream_title = serializers.CharField(source="stream.title")
    rule = serializers.CharField(source="held_rule", help_text="What AutoMod matched.")

    class Meta:
        model = ChatMessage
        fields = ["id", "stream", "stream_title", "channel", "author", "content", "rule", "created_at"]


class HeldReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChatMessage
        fields = ["id", "review"]


class HeldQuerySerializer(serializers.Serializer):
    channel = serializers.IntegerField(
        required=False, min_value=ID_MIN, max_value=ID_MAX, help_text="Only this creator's channel (their user id)."
    )


class DenySerializer(InputSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=text_limit(AuditEntry, "reason"))


class SafetySerializer(InputSerializer):
    shield_mode = serializers.BooleanField(required=False)
    established_only = serializers.BooleanField(required=False)
    unique_chat = serializers.BooleanField(required=False)
    escalating_penalties = serializers.BooleanField(required=False)


class SafetyOutputSerializer(serializers.Serializer):
    channel = serializers.IntegerField(source="channel_id")
    shield_mode = serializers.BooleanField()
    established_only = serializers.BooleanField()
    unique_chat = serializers.BooleanField()
    escalating_penalties = serializers.BooleanField()
    automod_level = serializers.IntegerField()
    effective_automod_level = serializers.IntegerField()


class HeldQueueApi(APIView):
    pagination_class = PageLimitPagination

    @extend_schema(
        parameters=[HeldQuerySerializer], responses={200: HeldMessageSerializer(many=True), 403: ErrorSerializer}
    )
    def get(self, request):
        """The held messages the caller may review, oldest first: platform moderators every
        channel's, channel moderators their channels' (`?channel=` narrows it to one)."""
        channel = validated_query(HeldQuerySerializer, request).get("channel")
        if channel is not None and (problem := moderate_problem(request.user, channel)):
            raise problem
        held = selectors.held_queue(request.user, channel_ids=None if channel is None else [channel])
        return paginated_response(self, held, HeldMessageSerializer)


def _held_message(message_id) -> ChatMessage:
    message = ChatMessage.objects.filter(pk=message_id).first()
    if message is None:
        raise MessageNotFound("No such message.")
    return message


class HeldApproveApi(APIView):
    @extend_schema(request=None, responses={200: HeldReviewSerializer, 403: ErrorSerializer, 409: ErrorSerializer})
    def post(self, request, message_id):
        """Let a held message through: everyone on the stream gets it now. 409 `held_expired` past
        five minutes, `not_held` once another moderator decided."""
        message = services.held_approve(actor=request.user, message=_held_message(message_id))
        return Response(HeldReviewSerializer(message).data)


class HeldDenyApi(APIView):
    @extend_schema(
        request=DenySerializer, responses={200: HeldReviewSerializer, 403: ErrorSerializer, 409: ErrorSerializer}
    )
    def post(self, request, message_id):
        data = DenySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.held_deny(
            actor=request.user, message=_held_message(message_id), reason=data.validated_data.get("reason", "")
        )
        return Response(HeldReviewSerializer(message).data)


class ChannelSafetyApi(APIView):
    @extend_schema(request=SafetySerializer, responses={200: SafetyOutputSerializer, 403: ErrorSerializer})
    def patch(self, request, creator_id):
        """Switch shield mode, established users only, unique chat, escalating penalties (the
        channel's creator and moderators, platform moderators)."""
        data = SafetySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        channel = User.objects.filter(pk=creator_id).first()
        if channel is None:
            raise NotFound("No such channel.")
        safety = safety_update(actor=request.user, channel=channel, **data.validated_data)
        return Response(SafetyOutputSerializer(safety).data)
