"""`/api/v1/moderation/reports`: filing a report (any signed-in user), the queue and resolving
(moderators)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_errors import ErrorSerializer
from apps.core.query import validated_query
from apps.moderation.errors import ReportNotFound
from apps.moderation.models import Report
from apps.moderation.selectors.reports import report_queue
from apps.moderation.serializers.reports import (
    QueueItemSerializer,
    ReportFiledSerializer,
    ReportInputSerializer,
    ReportQueueQuerySerializer,
    ReportResolvedSerializer,
    ReportResolveInputSerializer,
)
from apps.moderation.services import reports as services
from apps.restrictions.rules import is_platform_moderator


class ReportListCreateApi(APIView):
    @extend_schema(
        parameters=[ReportQueueQuerySerializer],
        responses={200: QueueItemSerializer(many=True), 400: ErrorSerializer},
        description="Moderators: the open reports you may work, grouped by target, oldest first; a chat "
        "message comes with the messages around it. Channel moderators see their channels' chat reports "
        "(without who reported them); platform moderators everything (users, profiles and streams are theirs "
        "alone).",
    )
    def get(self, request):
        query = validated_query(ReportQueueQuerySerializer, request)
        queue = report_queue(request.user, limit=query["limit"])
        context = {"show_reporters": is_platform_moderator(request.user)}
        return Response(QueueItemSerializer(queue, many=True, context=context).data)

    @extend_schema(
        request=ReportInputSerializer,
        responses={201: ReportFiledSerializer, 200: ReportFiledSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
        description="Report a chat message, a user, a stream or a profile (not your own). Reporting what you "
        "already reported (and is still open) files nothing new: 200 with `already_reported`.",
    )
    def post(self, request):
        data = ReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report, created = services.report_create(reporter=request.user, **data.validated_data)
        report.already_reported = not created
        return Response(
            ReportFiledSerializer(report).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class ReportResolveApi(APIView):
    @extend_schema(
        request=ReportResolveInputSerializer,
        responses={200: ReportResolvedSerializer(many=True), 403: ErrorSerializer, 409: ErrorSerializer},
        description="Resolve every open report of this report's target; each reporter is told whether action "
        "was taken. Moderators of the target's channel, or platform moderators.",
    )
    def post(self, request, report_id: int):
        report = Report.objects.select_related("reporter", "reported_user", "channel").filter(pk=report_id).first()
        if report is None:
            raise ReportNotFound("No such report.")
        data = ReportResolveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        resolved = services.report_resolve(actor=request.user, report=report, **data.validated_data)
        context = {"show_reporters": is_platform_moderator(request.user)}
        return Response(ReportResolvedSerializer(resolved, many=True, context=context).data)
