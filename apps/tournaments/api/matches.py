"""`/api/v1/tournaments/{id}/matches/{match_id}` and its actions (report, settle — which also corrects a
decided match —, forfeit, attach-stream) and `/api/v1/tournaments/{id}/disqualify`."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.api_errors import ErrorSerializer
from apps.streaming.models import Stream
from apps.tournaments.errors import MatchNotFound, TournamentInvalid, TournamentNotFound
from apps.tournaments.models import Match, Tournament
from apps.tournaments.selectors.brackets import match_detail
from apps.tournaments.serializers.matches import (
    AttachStreamInputSerializer,
    MatchDetailSerializer,
    MatchForfeitInputSerializer,
    MatchReportInputSerializer,
    MatchSettleInputSerializer,
)
from apps.tournaments.services import matches as services

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


def _match(tournament_id: int, match_id: int) -> Match:
    match = Match.objects.select_related("tournament").filter(pk=match_id, tournament_id=tournament_id).first()
    if match is None:
        raise MatchNotFound("No such match in this tournament.")
    return match


def _input(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def _detail(match: Match) -> Response:
    match.refresh_from_db()
    return Response(MatchDetailSerializer(match_detail(match)).data)


class MatchDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: MatchDetailSerializer, 404: ErrorSerializer})
    def get(self, request, tournament_id: int, match_id: int):
        return _detail(_match(tournament_id, match_id))


class MatchReportApi(APIView):
    @extend_schema(request=MatchReportInputSerializer, responses={200: MatchDetailSerializer, **ERRORS})
    def post(self, request, tournament_id: int, match_id: int):
        match = _match(tournament_id, match_id)
        services.match_report(
            match=match, reporter=request.user, games=_input(MatchReportInputSerializer, request)["games"]
        )
        return _detail(match)


class MatchSettleApi(APIView):
    @extend_schema(request=MatchSettleInputSerializer, responses={200: MatchDetailSerializer, **ERRORS})
    def post(self, request, tournament_id: int, match_id: int):
        match = _match(tournament_id, match_id)
        values = _input(MatchSettleInputSerializer, request)
        services.match_settle(match=match, by=request.user, **values)
        return _detail(match)


class MatchForfeitApi(APIView):
    @extend_schema(request=MatchForfeitInputSerializer, responses={200: MatchDetailSerializer, **ERRORS})
    def post(self, request, tournament_id: int, match_id: int):
        match = _match(tournament_id, match_id)
        services.match_forfeit(match=match, by=request.user, **_input(MatchForfeitInputSerializer, request))
        return _detail(match)


class MatchAttachStreamApi(APIView):
    @extend_schema(request=AttachStreamInputSerializer, responses={200: MatchDetailSerializer, **ERRORS})
    def post(self, request, tournament_id: int, match_id: int):
        match = _match(tournament_id, match_id)
        stream = Stream.objects.filter(pk=_input(AttachStreamInputSerializer, request)["stream_id"]).first()
        if stream is None:
            raise TournamentInvalid("No such stream.", field="stream_id")
        services.match_attach_stream(match=match, by=request.user, stream=stream)
        return _detail(match)


class DisqualifyApi(APIView):
    @extend_schema(request=MatchForfeitInputSerializer, responses={204: None, **ERRORS})
    def post(self, request, tournament_id: int):
        tournament = Tournament.objects.filter(pk=tournament_id).first()
        if tournament is None:
            raise TournamentNotFound("No such tournament.")
        values = _input(MatchForfeitInputSerializer, request)
        player = User.objects.filter(pk=values["player_id"]).first()
        if player is None:
            raise TournamentInvalid("No such player.", field="player_id")
        services.player_disqualify(tournament=tournament, by=request.user, player=player, reason=values["reason"])
        return Response(status=204)
