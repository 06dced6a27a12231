"""`/api/v1/leaderboards/{game_type}` and `/api/v1/users/{id}/rating`."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.api_errors import ErrorSerializer
from apps.core.pagination import PageLimitPagination, paginated_response
from apps.tournaments import rules
from apps.tournaments.selectors import ratings as selectors
from apps.tournaments.serializers.ratings import LeaderboardRowSerializer, UserRatingSerializer


class LeaderboardApi(APIView):
    permission_classes = [AllowAny]
    pagination_class = PageLimitPagination

    @extend_schema(responses={200: LeaderboardRowSerializer(many=True), 400: ErrorSerializer, 404: ErrorSerializer})
    def get(self, request, game_type: str):
        rows = selectors.leaderboard(game_type=selectors.game_type_by_code(game_type))
        return paginated_response(self, rows, LeaderboardRowSerializer)


class UserRatingApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: UserRatingSerializer, 403: ErrorSerializer, 404: ErrorSerializer})
    def get(self, request, user_id: int):
        user = get_object_or_404(User.objects.select_related("profile"), pk=user_id, is_active=True)
        if problem := rules.rating_hidden_problem(user=user, viewer=request.user):
            raise problem
        return Response(UserRatingSerializer(selectors.rating_stats(user=user)).data)
