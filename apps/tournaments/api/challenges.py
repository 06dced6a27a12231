"""`/api/v1/challenges`: a player's challenges, making one, answering, sponsoring, cancelling and reporting it."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.api_errors import ErrorSerializer
from apps.core.pagination import PageLimitPagination, paginated_response
from apps.core.query import validated_query
from apps.tournaments.errors import ChallengeInvalid, ChallengeNotFound
from apps.tournaments.models import Challenge
from apps.tournaments.selectors import challenges as selectors
from apps.tournaments.serializers.challenges import (
    ChallengeInputSerializer,
    ChallengeListQuerySerializer,
    ChallengeSerializer,
    ChallengeSponsorInputSerializer,
)
from apps.tournaments.serializers.matches import MatchReportInputSerializer, MatchSettleInputSerializer
from apps.tournaments.services import challenges as services


def _user(user_id: int, field: str) -> User:
    user = User.objects.filter(pk=user_id).select_related("profile").first()
    if user is None:
        raise ChallengeInvalid(f"No such player: {user_id}.", field=field)
    return user


def challenge_or_404(challenge_id: int) -> Challenge:
    challenge = selectors.challenge_detail(challenge_id=challenge_id)
    if challenge is None:
        raise ChallengeNotFound("No such challenge.")
    return challenge


def _answer(challenge: Challenge, code: int = status.HTTP_200_OK) -> Response:
    """The challenge as it is now, after the service's change."""
    return Response(ChallengeSerializer(challenge_or_404(challenge.pk)).data, status=code)


class ChallengeListApi(APIView):
    pagination_class = PageLimitPagination

    @extend_schema(
        parameters=[ChallengeListQuerySerializer],
        responses={200: ChallengeSerializer(many=True), 400: ErrorSerializer},
        description="The challenges you made, received or paid a stake of, newest first.",
    )
    def get(self, request):
        filters = validated_query(ChallengeListQuerySerializer, request)
        return paginated_response(self, selectors.challenges_of(user=request.user, **filters), ChallengeSerializer)

    @extend_schema(
        request=ChallengeInputSerializer,
        responses={201: ChallengeSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
        description="Challenge a player. Your stake is held in escrow at once (`insufficient_coins` if you "
        "cannot afford it); with `on_behalf_of`, your friend challenges and you pay their stake.",
    )
    def post(self, request):
        data = ChallengeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        friend = values.get("on_behalf_of")
        challenger = _user(friend, "on_behalf_of") if friend and friend != request.user.pk else request.user
        challenge = services.challenge_create(
            challenger=challenger,
            opponent=_user(values["opponent"], "opponent"),
            game_type=values["game_type"],
            best_of=values["best_of"],
            stake=values["stake"],
            message=values["message"],
            sponsor=request.user if challenger != request.user else None,
        )
        return _answer(challenge, status.HTTP_201_CREATED)


class ChallengeActionApi(APIView):
    """accept, decline (the opponent) or cancel (the challenger): one URL pattern, one service each."""

    @extend_schema(
        request=None,
        responses={200: ChallengeSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request, challenge_id: int, action: str):
        challenge = services.PLAYER_ACTIONS[action](challenge=challenge_or_404(challenge_id), player=request.user)
        return _answer(challenge)


class ChallengeSponsorApi(APIView):
    @extend_schema(
        request=ChallengeSponsorInputSerializer,
        responses={200: ChallengeSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
        description="Pay one side's stake of a challenge waiting for its answer (you are neither player).",
    )
    def post(self, request, challenge_id: int):
        data = ChallengeSponsorInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        challenge = services.challenge_sponsor(
            challenge=challenge_or_404(challenge_id), sponsor=request.user, side=data.validated_data["side"]
        )
        return _answer(challenge)


class ChallengeReportApi(APIView):
    @extend_schema(
        request=MatchReportInputSerializer,
        responses={200: ChallengeSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
        description="Report the accepted challenge's games, each as [my score, their score]. Reports that "
        "agree decide it (the winner is paid); reports that differ go to a moderator.",
    )
    def post(self, request, challenge_id: int):
        data = MatchReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        challenge = services.challenge_report(
            challenge=challenge_or_404(challenge_id), reporter=request.user, games=data.validated_data["games"]
        )
        return _answer(challenge)


class ChallengeSettleApi(APIView):
    @extend_schema(
        request=MatchSettleInputSerializer,
        responses={200: ChallengeSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
        description="Moderators and staff: decide a challenge whose reports differ (or whose second report is "
        "overdue). `games` from the challenger's side, [] when only the winner is known; the pot is paid.",
    )
    def post(self, request, challenge_id: int):
        data = MatchSettleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        challenge = services.challenge_settle(
            challenge=challenge_or_404(challenge_id), by=request.user, **data.validated_data
        )
        return _answer(challenge)
