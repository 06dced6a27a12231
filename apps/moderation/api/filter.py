"""`/api/v1/moderation/channels/{creator_id}/blocked-terms` and `.../automod`: a channel's blocked
and permitted terms, and its AutoMod level and categories. The channel's creator, its moderators
and platform moderators only; everyone else gets 403 and nothing changes."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.api_errors import ErrorSerializer
from apps.core.bounds import column_integer, column_text, id_integer, parse_id
from apps.core.exceptions import NotFound
from apps.core.query import validated_query
from apps.core.serializers import InputSerializer
from apps.restrictions import rules, selectors
from apps.restrictions.errors import TermNotFound
from apps.restrictions.models import AutoModCategory, ChannelSafety, Term, TermKind
from apps.restrictions.services import filter as services


class TermSerializer(serializers.ModelSerializer):
    term = serializers.CharField(source="text")

    class Meta:
        model = Term
        fields = ["id", "term", "kind", "expires_at", "created_at"]


class TermInputSerializer(InputSerializer):
    term = column_text(Term, "text", help_text="`*` stands for any letters: `n00b*`.")
    kind = serializers.ChoiceField(choices=TermKind.choices, default=TermKind.BLOCKED)
    expires_at = serializers.DateTimeField(required=False, allow_null=True, help_text="Unset: until removed.")


class TermQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TermKind.choices, required=False)


class TermDeleteQuerySerializer(serializers.Serializer):
    id = id_integer(help_text="The term to remove (or put its id in the path).")


class AutoModInputSerializer(InputSerializer):
    level = column_integer(
        ChannelSafety, "automod_level", required=False, help_text="0 off, 1 the most severe only, 4 the most."
    )
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=AutoModCategory.choices),
        required=False,
        max_length=len(AutoModCategory.values),
        help_text="The categories AutoMod watches; empty: all of them.",
    )


class AutoModSerializer(serializers.ModelSerializer):
    level = serializers.IntegerField(source="automod_level")
    categories = serializers.ListField(source="automod_categories", child=serializers.CharField())
    effective_level = serializers.IntegerField(
        source="effective_automod_level", help_text="What applies now: 4 while shield mode is on."
    )

    class Meta:
        model = ChannelSafety
        fields = ["level", "categories", "shield_mode", "effective_level"]


def _channel(request, creator_id: int) -> User:
    """The creator whose channel this is, once the caller may moderate it (403 before 404: a
    non-moderator learns nothing)."""
    if problem := rules.moderate_problem(request.user, creator_id):
        raise problem
    channel = User.objects.filter(pk=creator_id).first()
    if channel is None:
        raise NotFound("No such channel.")
    return channel


def _term(channel: User, term_id) -> Term:
    term = Term.objects.filter(pk=term_id, channel=channel).first() if term_id else None
    if term is None:
        raise TermNotFound("No such term in this channel.")
    return term


class BlockedTermsApi(APIView):
    @extend_schema(
        parameters=[TermQuerySerializer],
        responses={200: TermSerializer(many=True), 403: ErrorSerializer, 404: ErrorSerializer},
        description="The channel's terms still in force (blocked and permitted; `kind` for one of them).",
    )
    def get(self, request, creator_id: int):
        channel = _channel(request, creator_id)
        filters = validated_query(TermQuerySerializer, request)
        terms = selectors.channel_terms(channel.pk, timezone.now(), kind=filters.get("kind"))
        return Response(TermSerializer(terms, many=True).data)

    @extend_schema(
        request=TermInputSerializer,
        responses={201: TermSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
        description="Block (or, with `kind=permitted`, allow) a term in the channel's chat, until "
        "`expires_at` or until removed. A term already there is `term_exists` (409).",
    )
    def post(self, request, creator_id: int):
        channel = _channel(request, creator_id)
        data = TermInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        term = services.term_add(
            actor=request.user,
            channel=channel,
            text=values["term"],
            kind=values["kind"],
            expires_at=values.get("expires_at"),
        )
        return Response(TermSerializer(term).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[TermDeleteQuerySerializer],
        operation_id="moderation_channels_blocked_terms_destroy_by_id",
        responses={204: None, 403: ErrorSerializer, 404: ErrorSerializer},
        description="Remove the term `id`.",
    )
    def delete(self, request, creator_id: int):
        channel = _channel(request, creator_id)
        services.term_remove(actor=request.user, term=_term(channel, parse_id(request.query_params.get("id", ""))))
        return Response(status=status.HTTP_204_NO_CONTENT)


class BlockedTermApi(APIView):
    @extend_schema(
        responses={204: None, 403: ErrorSerializer, 404: ErrorSerializer},
        description="Remove one of the channel's terms.",
    )
    def delete(self, request, creator_id: int, term_id: int):
        channel = _channel(request, creator_id)
        services.term_remove(actor=request.user, term=_term(channel, term_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AutoModApi(APIView):
    @extend_schema(
        request=AutoModInputSerializer,
        responses={200: AutoModSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
        description="Set the channel's AutoMod `level` (0 off, 1 only the most severe ... 4 the most) "
        "and the `categories` it watches.",
    )
    def patch(self, request, creator_id: int):
        channel = _channel(request, creator_id)
        data = AutoModInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        safety = services.automod_update(actor=request.user, channel=channel, **data.validated_data)
        return Response(AutoModSerializer(safety).data)
