"""`/api/v1/moderation/audit`: the audit log, as far as the moderator may read it."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_errors import ErrorSerializer
from apps.core.query import validated_query
from apps.moderation.rules import moderates_problem
from apps.moderation.selectors.audit import audit_log
from apps.moderation.serializers.audit import AuditEntrySerializer, AuditQuerySerializer


class AuditLogApi(APIView):
    @extend_schema(
        parameters=[AuditQuerySerializer],
        responses={200: AuditEntrySerializer(many=True), 400: ErrorSerializer, 403: ErrorSerializer},
        description="Every moderator action, newest first: who, what, on whom, where, why, when. Platform "
        "moderators read everything; channel moderators their channels' (`channel` of another: 403).",
    )
    def get(self, request):
        query = validated_query(AuditQuerySerializer, request)
        if query.get("channel") is not None and (problem := moderates_problem(request.user, query["channel"])):
            raise problem
        entries = audit_log(
            request.user,
            channel_id=query.get("channel"),
            actor_id=query.get("actor"),
            user_id=query.get("user"),
            before=query.get("before"),
            limit=query["limit"],
        )
        return Response(AuditEntrySerializer(entries, many=True).data)
