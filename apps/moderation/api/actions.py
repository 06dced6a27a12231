"""Moderators' actions over the API: a channel's moderators, timeouts, bans and warnings, and
platform bans (apps.restrictions.services). Who may is the services' rule: anyone else gets 403 and
nothing is written. `creator_id` names the channel."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.api_errors import ErrorSerializer
from apps.core.bounds import column_text, id_integer
from apps.core.exceptions import NotFound
from apps.core.serializers import InputSerializer
from apps.restrictions.models import TIMEOUT_MAX_SECONDS, Restriction
from apps.restrictions.services import actions, roles


class TargetSerializer(InputSerializer):
    user_id = id_integer(help_text="The user acted on.")


class ReasonSerializer(InputSerializer):
    reason = column_text(Restriction, "reason", required=False, allow_blank=True, default="")


class RestrictSerializer(TargetSerializer, ReasonSerializer):
    pass


class WarnSerializer(TargetSerializer):
    reason = column_text(Restriction, "reason", help_text="What the user reads before they chat again.")


class TimeoutSerializer(RestrictSerializer):
    seconds = serializers.IntegerField(
        min_value=1, max_value=TIMEOUT_MAX_SECONDS, help_text=f"1 to {TIMEOUT_MAX_SECONDS} (14 days)."
    )


class PlatformBanSerializer(InputSerializer):
    reason = column_text(Restriction, "reason", help_text="What the user is told, and the audit log keeps.")


class RestrictionSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField()
    channel_id = serializers.IntegerField(allow_null=True, help_text="The creator; null: everywhere.")

    class Meta:
        model = Restriction
        fields = ["id", "user_id", "channel_id", "kind", "reason", "created_at", "ends_at"]


class ModeratorSerializer(serializers.Serializer):
    creator_id = serializers.IntegerField()
    user_id = serializers.IntegerField()


REFUSED = {
    400: ErrorSerializer,
    403: OpenApiResponse(
        ErrorSerializer,
        description="`not_moderator`, or `cannot_restrict` (the creator, a platform moderator, yourself).",
    ),
    404: ErrorSerializer,
}


def _channel(creator_id) -> User:
    return get_object_or_404(User, pk=creator_id)


def _user(user_id) -> User:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound("No such user.", code="user_not_found", field="user_id")
    return user


def _input(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def _created(restriction) -> Response:
    return Response(RestrictionSerializer(restriction).data, status=status.HTTP_201_CREATED)


class ModeratorsApi(APIView):
    @extend_schema(request=TargetSerializer, responses={201: ModeratorSerializer, 409: ErrorSerializer, **REFUSED})
    def post(self, request, creator_id):
        """Appoint a channel moderator (the creator, or a platform moderator)."""
        channel, user = _channel(creator_id), _user(_input(TargetSerializer, request)["user_id"])
        roles.moderator_add(actor=request.user, channel=channel, user=user)
        return Response({"creator_id": channel.pk, "user_id": user.pk}, status=status.HTTP_201_CREATED)


class ModeratorApi(APIView):
    @extend_schema(responses={204: None, 409: ErrorSerializer, **REFUSED})
    def delete(self, request, creator_id, user_id):
        roles.moderator_remove(actor=request.user, channel=_channel(creator_id), user=_user(user_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TimeoutsApi(APIView):
    @extend_schema(request=TimeoutSerializer, responses={201: RestrictionSerializer, **REFUSED})
    def post(self, request, creator_id):
        """Time a user out of the channel: their sockets hear it at once (`ER`). With escalating
        penalties on, a second timeout within 24 h doubles and a third lasts a day: `ends_at` says."""
        data = _input(TimeoutSerializer, request)
        restriction = actions.timeout(
            actor=request.user,
            channel=_channel(creator_id),
            user=_user(data["user_id"]),
            seconds=data["seconds"],
            reason=data["reason"],
        )
        return _created(restriction)


# A ban and a shadow hide stand until lifted, at most one per user and channel: one pair of views
# answers both, by the `kind` its address gives (api_urls.py).
IMPOSE = {"ban": actions.ban, "shadow": actions.shadow_hide}
LIFT = {"ban": actions.unban, "shadow": actions.shadow_unhide}


class StandingRestrictionsApi(APIView):
    @extend_schema(
        request=RestrictSerializer,
        responses={
            201: RestrictionSerializer,
            409: OpenApiResponse(ErrorSerializer, description="`already_banned`: one stands already."),
            **REFUSED,
        },
    )
    def post(self, request, creator_id, kind):
        """Ban a user from the channel (their earlier messages are hidden for everyone), or shadow-hide
        them (their lines reach only themselves and the moderators, and nobody tells them); both stand
        until lifted."""
        data = _input(RestrictSerializer, request)
        restriction = IMPOSE[kind](
            actor=request.user, channel=_channel(creator_id), user=_user(data["user_id"]), reason=data["reason"]
        )
        return _created(restriction)


class StandingRestrictionApi(APIView):
    @extend_schema(
        responses={204: None, 409: OpenApiResponse(ErrorSerializer, description="`not_restricted`"), **REFUSED}
    )
    def delete(self, request, creator_id, user_id, kind):
        """Lift the user's ban, or shadow hide, in the channel."""
        LIFT[kind](actor=request.user, channel=_channel(creator_id), user=_user(user_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class WarningsApi(APIView):
    @extend_schema(request=WarnSerializer, responses={201: RestrictionSerializer, **REFUSED})
    def post(self, request, creator_id):
        """Warn a user: they must acknowledge it (`warnings/ack`) before they chat in the channel again."""
        data = _input(WarnSerializer, request)
        restriction = actions.warn(
            actor=request.user, channel=_channel(creator_id), user=_user(data["user_id"]), reason=data["reason"]
        )
        return _created(restriction)


class WarningsAckApi(APIView):
    @extend_schema(
        request=None,
        responses={
            200: RestrictionSerializer(many=True),
            404: ErrorSerializer,
            409: OpenApiResponse(ErrorSerializer, description="`not_restricted`: no warning to acknowledge."),
        },
    )
    def post(self, request, creator_id):
        """The warned user acknowledges their warnings in the channel."""
        warnings = actions.acknowledge_warning(user=request.user, channel=_channel(creator_id))
        return Response(RestrictionSerializer(warnings, many=True).data)


class PlatformBanApi(APIView):
    @extend_schema(
        request=PlatformBanSerializer,
        responses={
            201: RestrictionSerializer,
            409: OpenApiResponse(ErrorSerializer, description="`already_banned`"),
            **REFUSED,
        },
    )
    def post(self, request, user_id):
        """Ban a user everywhere (platform moderators): signed out, sockets closed, camera dropped."""
        data = _input(PlatformBanSerializer, request)
        return _created(actions.platform_ban(actor=request.user, user=_user(user_id), reason=data["reason"]))

    @extend_schema(request=None, responses={204: None, 409: ErrorSerializer, **REFUSED})
    def delete(self, request, user_id):
        actions.platform_unban(actor=request.user, user=_user(user_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
