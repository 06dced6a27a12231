"""`/api/v1/moderation/appeals`: a banned user's unban request, the queue, and the decision."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_errors import ErrorSerializer
from apps.core.query import validated_query
from apps.moderation.errors import AppealNotFound, BanNotFound
from apps.moderation.selectors.appeals import appeal_detail, appeal_queue
from apps.moderation.serializers.appeals import (
    AppealDecisionInputSerializer,
    AppealInputSerializer,
    AppealQueueQuerySerializer,
    AppealSerializer,
)
from apps.moderation.services import appeals as services
from apps.restrictions.models import Restriction

# The decisions, by the last part of their URL.
DECISIONS = {"approve": True, "deny": False}


class AppealListCreateApi(APIView):
    @extend_schema(
        parameters=[AppealQueueQuerySerializer],
        responses={200: AppealSerializer(many=True), 400: ErrorSerializer},
        description="Moderators: the pending appeals against bans you may lift, oldest first.",
    )
    def get(self, request):
        query = validated_query(AppealQueueQuerySerializer, request)
        return Response(AppealSerializer(appeal_queue(request.user, limit=query["limit"]), many=True).data)

    @extend_schema(
        request=AppealInputSerializer,
        responses={201: AppealSerializer, 400: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
        description="Ask to be unbanned: one appeal per ban, while it stands (`already_appealed`, "
        "`ban_not_standing`); a ban that is not yours is `ban_not_found`.",
    )
    def post(self, request):
        data = AppealInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        restriction = Restriction.objects.filter(pk=data.validated_data["restriction_id"]).first()
        if restriction is None:
            raise BanNotFound("You have no such ban.")
        appeal = services.appeal_create(user=request.user, restriction=restriction, text=data.validated_data["text"])
        return Response(AppealSerializer(appeal_detail(appeal.pk)).data, status=status.HTTP_201_CREATED)


class AppealDecisionApi(APIView):
    """approve or deny: one URL pattern, one service."""

    @extend_schema(
        request=AppealDecisionInputSerializer,
        responses={200: AppealSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
        description="Approve (the ban is lifted) or deny (a `reason` is required) an appeal; the user is told. "
        "Moderators of the ban's channel; platform bans: platform moderators.",
    )
    def post(self, request, appeal_id: int, decision: str):
        appeal = appeal_detail(appeal_id)
        if appeal is None:
            raise AppealNotFound("No such appeal.")
        data = AppealDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.appeal_decide(
            actor=request.user, appeal=appeal, approve=DECISIONS[decision], reason=data.validated_data["reason"]
        )
        return Response(AppealSerializer(appeal_detail(appeal.pk)).data)
