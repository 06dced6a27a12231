"""`/api/v1/pk/battles` (invite, answer, leave, live state) and `/api/v1/users/{id}/pk` (record)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.api_errors import ErrorSerializer
from apps.core.query import validated_query
from apps.pk import selectors, services
from apps.pk.errors import BattleInvalid, BattleNotFound, PkHistoryHidden
from apps.pk.models import Battle
from apps.pk.serializers import (
    BattleInviteInputSerializer,
    BattleStateSerializer,
    UserPkQuerySerializer,
    UserPkSerializer,
)


def _hosts(ids: list[int], field: str) -> list[User]:
    users = User.objects.filter(is_active=True).select_related("profile").in_bulk(ids)
    missing = [i for i in ids if i not in users]
    if missing:
        raise BattleInvalid(f"No such host: {missing[0]}.", field=field)
    return [users[i] for i in ids]


def _state_response(battle_id: int, code: int = status.HTTP_200_OK) -> Response:
    return Response(BattleStateSerializer(selectors.battle_state(battle_id=battle_id)).data, status=code)


class BattleInviteApi(APIView):
    @extend_schema(
        request=BattleInviteInputSerializer,
        responses={201: BattleStateSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request):
        data = BattleInviteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        battle = services.battle_invite(
            host=request.user,
            mode=values["mode"],
            opponents=_hosts(values["opponents"], "opponents"),
            teammates=_hosts(values["teammates"], "teammates"),
            duration_seconds=values["duration"],
            gift_id=values.get("gift_id"),
            tie_rule=values["tie_rule"],
            boosters_enabled=values["boosters"],
        )
        return _state_response(battle.pk, status.HTTP_201_CREATED)


class BattleDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: BattleStateSerializer, 404: ErrorSerializer})
    def get(self, request, battle_id: int):
        state = selectors.battle_state(battle_id=battle_id)
        # A battle that never started is its hosts' business.
        if state is None or not (state.battle.starts_at or state.participant_of(request.user) or request.user.is_staff):
            raise BattleNotFound("No such battle.")
        return Response(BattleStateSerializer(state).data)


class BattleActionApi(APIView):
    """accept, decline or leave: one URL pattern, one service each."""

    @extend_schema(
        request=None,
        responses={200: BattleStateSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request, battle_id: int, action: str):
        battle = Battle.objects.filter(pk=battle_id).first()
        if battle is None:
            raise BattleNotFound("No such battle.")
        services.HOST_ACTIONS[action](battle=battle, host=request.user)
        return _state_response(battle.pk)


class UserPkApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[UserPkQuerySerializer],
        responses={200: UserPkSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, user_id: int):
        user = get_object_or_404(User.objects.select_related("profile"), pk=user_id, is_active=True)
        if not selectors.history_visible(user=user, viewer=request.user):
            raise PkHistoryHidden("This athlete's profile is private.")
        limit = validated_query(UserPkQuerySerializer, request)["limit"]
        body = {"record": selectors.pk_record(user=user), "recent": selectors.recent_battles(user=user, limit=limit)}
        return Response(UserPkSerializer(body).data)
