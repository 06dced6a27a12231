"""`/api/v1/streams`: the same services the pages and sockets use."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.api_errors import ErrorSerializer
from apps.core.bounds import parse_id
from apps.core.pagination import PageLimitPagination, paginated_response
from apps.core.parsers import FormParser, JSONParser, MultiPartParser
from apps.core.query import validated_query
from apps.streaming import search, selectors, services
from apps.streaming.domain_events import settings_select_related
from apps.streaming.errors import LoginRequired
from apps.streaming.models import ChatMessage
from apps.streaming.serializers import (
    CategorySerializer,
    ChatHistoryQuerySerializer,
    ChatInputSerializer,
    ChatMessageSerializer,
    ChatSettingsSerializer,
    SearchCreatorSerializer,
    SearchQuerySerializer,
    StreamCreateSerializer,
    StreamInputSerializer,
    StreamListQuerySerializer,
    StreamOutputSerializer,
    StreamStatusSerializer,
    TagUseSerializer,
    ViewerCountSerializer,
    ViewerSerializer,
)

# What a read of a stream's content (chat, viewers, gifts, leaderboard, angles) answers when
# apps.streaming.rules.watch_problem says no.
WATCH_REFUSALS = {
    401: OpenApiResponse(ErrorSerializer, description="`login_required`: sign in first."),
    402: OpenApiResponse(
        ErrorSerializer, description="`payment_required`: unlock this pay-per-view stream first (`POST .../unlock`)."
    ),
    404: OpenApiResponse(ErrorSerializer, description="`stream_not_found`: no such stream (or a private one)."),
}


STATUS_CHANGES = {"start": services.stream_start, "stop": services.stream_end, "cancel": services.stream_cancel}


def _stream(request, stream_id):
    return selectors.stream_for(stream_id=stream_id, viewer=request.user)


def _watched_stream(request, stream_id):
    return selectors.watchable_stream_for(stream_id=stream_id, viewer=request.user)


def _output(request, stream) -> dict:
    return StreamOutputSerializer(stream, context={"request": request}).data


def _creator(lookup: str) -> User:
    """A creator by id or username."""
    number = parse_id(lookup)
    creator = User.objects.filter(pk=number).first() if number else None
    return creator or get_object_or_404(User, username__iexact=lookup)


class StreamListCreateApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = PageLimitPagination

    @extend_schema(
        parameters=[StreamListQuerySerializer],
        responses={200: StreamOutputSerializer(many=True), 400: ErrorSerializer},
    )
    def get(self, request):
        query = validated_query(StreamListQuerySerializer, request)
        streams = selectors.stream_list(
            viewer=request.user,
            status=query["status"],
            category=query.get("category"),
            creator=_creator(query["creator"]) if query.get("creator") else None,
            sort=query["sort"],
        ).select_related(*settings_select_related())
        return paginated_response(self, streams, StreamOutputSerializer, context={"request": request})

    @extend_schema(request=StreamCreateSerializer, responses={201: StreamOutputSerializer, 400: ErrorSerializer})
    def post(self, request):
        data = StreamCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "thumbnail" in request.FILES:
            fields["thumbnail"] = request.FILES["thumbnail"]
        stream = services.stream_create(creator=request.user, **fields)
        return Response(_output(request, stream), status=status.HTTP_201_CREATED)


class CategoryListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: CategorySerializer(many=True)})
    def get(self, request):
        """The categories a stream may have, in their order (staff add them in the admin)."""
        return Response(CategorySerializer(selectors.active_categories(), many=True).data)


SEARCH_RESULT = PolymorphicProxySerializer(
    component_name="SearchResult",
    serializers=[StreamOutputSerializer, SearchCreatorSerializer, TagUseSerializer],
    resource_type_field_name=None,
    many=True,
)


class SearchApi(APIView):
    permission_classes = [AllowAny]
    pagination_class = PageLimitPagination

    @extend_schema(parameters=[SearchQuerySerializer], responses={200: SEARCH_RESULT, 400: ErrorSerializer})
    def get(self, request):
        """Streams (by title, tags and description: live, then scheduled, then ended, each by
        relevance), creators (by username and display name) or tags in use, as `type` says.
        Only listed streams: private and unlisted ones never show."""
        query = validated_query(SearchQuerySerializer, request)
        q, kind = query["q"], query["type"]
        if kind == "creators":
            return paginated_response(self, search.search_creators(q), SearchCreatorSerializer)
        if kind == "tags":
            return paginated_response(self, search.search_tags(q), TagUseSerializer)
        streams = search.search_streams(q).select_related(*settings_select_related())
        return paginated_response(self, streams, StreamOutputSerializer, context={"request": request})


class StreamDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses={200: StreamOutputSerializer, 404: ErrorSerializer})
    def get(self, request, stream_id):
        return Response(_output(request, _stream(request, stream_id)))

    def _update(self, request, stream_id, *, partial: bool):
        stream = _stream(request, stream_id)
        data = StreamInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        stream = services.stream_update(stream=stream, by=request.user, data=dict(data.validated_data))
        return Response(_output(request, stream))

    @extend_schema(request=StreamInputSerializer, responses={200: StreamOutputSerializer, 400: ErrorSerializer})
    def put(self, request, stream_id):
        return self._update(request, stream_id, partial=False)

    @extend_schema(request=StreamInputSerializer, responses={200: StreamOutputSerializer, 400: ErrorSerializer})
    def patch(self, request, stream_id):
        return self._update(request, stream_id, partial=True)


class StreamStatusApi(APIView):
    @extend_schema(
        request=StreamStatusSerializer,
        responses={200: StreamOutputSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request, stream_id):
        stream = _stream(request, stream_id)
        data = StreamStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change = STATUS_CHANGES[data.validated_data["action"]]
        return Response(_output(request, change(stream=stream, by=request.user)))


class ChatApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        parameters=[ChatHistoryQuerySerializer],
        responses={200: ChatMessageSerializer(many=True), 400: ErrorSerializer, **WATCH_REFUSALS},
    )
    def get(self, request, stream_id):
        stream = _watched_stream(request, stream_id)
        messages = selectors.chat_history(stream=stream, **validated_query(ChatHistoryQuerySerializer, request))
        return Response(ChatMessageSerializer(messages, many=True).data)

    @extend_schema(
        request=ChatInputSerializer,
        responses={201: ChatMessageSerializer, 400: ErrorSerializer, 429: ErrorSerializer, **WATCH_REFUSALS},
    )
    def post(self, request, stream_id):
        stream = _stream(request, stream_id)
        data = ChatInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.chat_post(stream=stream, user=request.user, content=data.validated_data["content"])
        return Response(ChatMessageSerializer(message).data, status=status.HTTP_201_CREATED)


class ChatMessageApi(APIView):
    @extend_schema(responses={204: None, 403: ErrorSerializer, 404: ErrorSerializer})
    def delete(self, request, stream_id, message_id):
        stream = _stream(request, stream_id)
        message = get_object_or_404(ChatMessage.objects.select_related("stream"), pk=message_id, stream=stream)
        services.chat_delete(message=message, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ChatSettingsApi(APIView):
    @extend_schema(request=ChatSettingsSerializer, responses={200: StreamOutputSerializer, 403: ErrorSerializer})
    def patch(self, request, stream_id):
        stream = _stream(request, stream_id)
        data = ChatSettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stream = services.chat_settings_update(stream=stream, by=request.user, **data.validated_data)
        return Response(_output(request, stream))


class _PresenceApi(APIView):
    """REST presence counts signed-in clients, one per user; anonymous browsers count through the
    watch page's socket (services.viewer_key_for). No session is made here. The stream's creator
    is answered the count without being counted."""

    permission_classes = [AllowAny]

    def _viewer_key(self, request, stream) -> str | None:
        if not request.user.is_authenticated:
            raise LoginRequired("Sign in to be counted as a viewer.")
        return services.viewer_key_for(stream=stream, user=request.user)


class StreamJoinApi(_PresenceApi):
    @extend_schema(request=None, responses={200: ViewerCountSerializer, **WATCH_REFUSALS})
    def post(self, request, stream_id):
        stream = _watched_stream(request, stream_id)
        if key := self._viewer_key(request, stream):
            stream = services.viewer_join(stream=stream, viewer_key=key, user=request.user)
        return Response(ViewerCountSerializer(stream).data)


class StreamLeaveApi(_PresenceApi):
    @extend_schema(
        request=None,
        responses={
            200: ViewerCountSerializer,
            401: OpenApiResponse(ErrorSerializer, description="`login_required`: anonymous clients are not counted."),
            404: ErrorSerializer,
        },
    )
    def post(self, request, stream_id):
        stream = _stream(request, stream_id)
        if key := self._viewer_key(request, stream):
            stream = services.viewer_leave(stream=stream, viewer_key=key)
        return Response(ViewerCountSerializer(stream).data)


class StreamViewersApi(APIView):
    permission_classes = [AllowAny]
    pagination_class = PageLimitPagination

    @extend_schema(responses={200: ViewerSerializer(many=True), **WATCH_REFUSALS})
    def get(self, request, stream_id):
        stream = _watched_stream(request, stream_id)
        return paginated_response(self, selectors.viewers_of(stream=stream), ViewerSerializer)


class StreamUnlockApi(APIView):
    @extend_schema(
        request=None,
        description="Pay once to watch a pay-per-view stream. Repeating it charges nothing more; the creator, "
        "their moderators and staff watch free and are never charged.",
        responses={200: StreamOutputSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request, stream_id):
        stream = _stream(request, stream_id)
        services.pay_per_view_unlock(stream=stream, user=request.user)
        return Response(_output(request, stream))
