"""`/api/v1/tournaments`: list and create, one tournament with its bracket, and what players, sponsors
and organizers do to it (register, withdraw, check in, sponsor; start, pause, resume, cancel, finalize)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.api_errors import ErrorSerializer
from apps.core.pagination import PageLimitPagination, paginated_response
from apps.core.query import validated_query
from apps.tournaments.errors import EntryInvalid, TournamentNotFound
from apps.tournaments.models import Tournament
from apps.tournaments.selectors import entries as selectors
from apps.tournaments.selectors.brackets import bracket_state
from apps.tournaments.serializers.entries import (
    EntrySerializer,
    RegisterInputSerializer,
    SponsorInputSerializer,
    SponsorshipSerializer,
    TournamentCreateInputSerializer,
    TournamentDetailSerializer,
    TournamentQuerySerializer,
    TournamentSerializer,
)
from apps.tournaments.services import entries as services
from apps.wallet.api import IDEMPOTENCY_KEY
from apps.wallet.idempotency import idempotent_call

# What a player does to their own entry, and what the organizer (or staff) does to the tournament.
PLAYER_ACTIONS = {"withdraw": services.withdraw, "check-in": services.check_in}
ORGANIZER_ACTIONS = {
    "start": services.start,
    "pause": services.pause,
    "resume": services.resume,
    "cancel": services.cancel,
    "finalize": services.finalize,
}


def _tournament(tournament_id: int) -> Tournament:
    tournament = Tournament.objects.filter(pk=tournament_id).first()
    if tournament is None:
        raise TournamentNotFound("No such tournament.")
    return tournament


def _detail_response(tournament_id: int, code: int = status.HTTP_200_OK) -> Response:
    tournament = selectors.tournament_detail(tournament_id=tournament_id)
    if tournament is None:
        raise TournamentNotFound("No such tournament.")
    tournament.bracket = bracket_state(tournament) if tournament.started_at else None
    return Response(TournamentDetailSerializer(tournament).data, status=code)


class TournamentListCreateApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = PageLimitPagination

    @extend_schema(
        parameters=[TournamentQuerySerializer],
        responses={200: TournamentSerializer(many=True), 400: ErrorSerializer},
    )
    def get(self, request):
        query = validated_query(TournamentQuerySerializer, request)
        tournaments = selectors.tournament_list(phase=query.get("status"), game_type=query.get("game_type"))
        return paginated_response(self, tournaments, TournamentSerializer)

    @extend_schema(
        request=TournamentCreateInputSerializer,
        responses={201: TournamentDetailSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request):
        data = TournamentCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tournament = services.tournament_create(organizer=request.user, **data.validated_data)
        return _detail_response(tournament.pk, status.HTTP_201_CREATED)


class TournamentDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: TournamentDetailSerializer, 404: ErrorSerializer})
    def get(self, request, tournament_id: int):
        return _detail_response(tournament_id)


class RegisterApi(APIView):
    @extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=RegisterInputSerializer,
        responses={201: EntrySerializer, 400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request, tournament_id: int):
        def register():
            data = RegisterInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            player_id = data.validated_data.get("on_behalf_of")
            player = request.user
            if player_id is not None:
                player = User.objects.filter(pk=player_id, is_active=True).select_related("profile").first()
                if player is None:
                    raise EntryInvalid("No such player.", field="on_behalf_of")
            entry = services.register(
                tournament=_tournament(tournament_id),
                player=player,
                paid_by=request.user,
                idempotency_key=request.headers.get("Idempotency-Key"),
            )
            return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)

        return idempotent_call(request, endpoint=f"tournaments.{tournament_id}.register", handler=register)


class SponsorApi(APIView):
    @extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=SponsorInputSerializer,
        responses={201: SponsorshipSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request, tournament_id: int):
        def sponsor():
            data = SponsorInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            sponsorship = services.sponsor(
                tournament=_tournament(tournament_id), sponsor=request.user, coins=data.validated_data["coins"]
            )
            return Response(SponsorshipSerializer(sponsorship).data, status=status.HTTP_201_CREATED)

        return idempotent_call(request, endpoint=f"tournaments.{tournament_id}.sponsor", handler=sponsor)


class PlayerActionApi(APIView):
    """withdraw or check-in: one URL pattern, one service each."""

    @extend_schema(request=None, responses={200: EntrySerializer, 404: ErrorSerializer, 409: ErrorSerializer})
    def post(self, request, tournament_id: int, action: str):
        entry = PLAYER_ACTIONS[action](tournament=_tournament(tournament_id), player=request.user)
        return Response(EntrySerializer(entry).data)


class OrganizerActionApi(APIView):
    """start, pause, resume, cancel or finalize: one URL pattern, one service each."""

    @extend_schema(
        request=None,
        responses={200: TournamentDetailSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request, tournament_id: int, action: str):
        tournament = ORGANIZER_ACTIONS[action](tournament=_tournament(tournament_id), by=request.user)
        return _detail_response(tournament.pk)
