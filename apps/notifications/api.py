"""`/api/v1/notifications` (list, read, preferences) and `/api/v1/streams/{id}/reminder`."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_errors import ErrorSerializer
from apps.core.pagination import PageLimitPagination
from apps.notifications import selectors, services
from apps.notifications.serializers import (
    NotificationSerializer,
    PreferencesInputSerializer,
    PreferencesSerializer,
    ReadInputSerializer,
    ReadOutputSerializer,
    ReminderSerializer,
)
from apps.streaming.api import WATCH_REFUSALS
from apps.streaming.selectors import stream_for


class InboxPagination(PageLimitPagination):
    """The page object plus the user's `unread_count` (of all their notifications, not the page's)."""

    unread_count = 0

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread_count"] = self.unread_count
        return response

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["unread_count"] = {"type": "integer"}
        response["required"] = list(response["properties"])
        return response


class NotificationListApi(APIView):
    pagination_class = InboxPagination

    @extend_schema(responses={200: NotificationSerializer(many=True), 400: ErrorSerializer, 404: ErrorSerializer})
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.inbox(user=request.user).select_related("actor__profile"), request, view=self
        )
        paginator.unread_count = selectors.unread_count(user=request.user)
        return paginator.get_paginated_response(NotificationSerializer(page, many=True).data)


class NotificationReadApi(APIView):
    @extend_schema(
        request=ReadInputSerializer,
        responses={200: ReadOutputSerializer, 400: ErrorSerializer},
        description="Mark notifications read: `ids` (at most 100) or `all: true`. Ids that are not the "
        "user's own notifications (another user's, or none at all) are ignored, not refused: `marked` says "
        "how many changed.",
    )
    def post(self, request):
        data = ReadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        marked = services.notifications_read(
            user=request.user, ids=data.validated_data.get("ids", ()), everything=data.validated_data.get("all", False)
        )
        return Response({"marked": marked, "unread_count": selectors.unread_count(user=request.user)})


class PreferencesApi(APIView):
    def _answer(self, user) -> Response:
        return Response({entry.pop("kind"): entry for entry in selectors.preferences_of(user=user)})

    @extend_schema(responses={200: PreferencesSerializer})
    def get(self, request):
        return self._answer(request.user)

    @extend_schema(request=PreferencesInputSerializer, responses={200: PreferencesSerializer, 400: ErrorSerializer})
    def patch(self, request):
        data = PreferencesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.preferences_update(user=request.user, changes=data.validated_data)
        return self._answer(request.user)


class StreamReminderApi(APIView):
    @extend_schema(
        request=None,
        responses={
            201: ReminderSerializer,
            400: OpenApiResponse(ErrorSerializer, description="`own_stream`: your own stream."),
            409: OpenApiResponse(ErrorSerializer, description="`stream_not_scheduled`: live, ended or cancelled."),
            **WATCH_REFUSALS,
        },
    )
    def post(self, request, stream_id):
        stream = stream_for(stream_id=stream_id, viewer=request.user, creator_profile=False)
        services.reminder_create(user=request.user, stream=stream)
        return Response({"stream": stream.pk, "reminded": True}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ReminderSerializer, 404: ErrorSerializer})
    def delete(self, request, stream_id):
        stream = stream_for(stream_id=stream_id, viewer=request.user, creator_profile=False)
        services.reminder_delete(user=request.user, stream=stream)
        return Response({"stream": stream.pk, "reminded": False})
