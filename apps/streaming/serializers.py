from django.conf import settings
from rest_framework import serializers

from apps.core.bounds import column_integer, column_text, id_integer
from apps.core.pagination import PAGE_MAX
from apps.core.query import LimitQuerySerializer
from apps.core.serializers import InputSerializer
from apps.streaming import search, selectors
from apps.streaming.domain_events import settings_fields
from apps.streaming.models import (
    SLOW_MODE_MAX_SECONDS,
    TAG_MAX_LENGTH,
    TAGS_MAX,
    Category,
    ChatMessage,
    Review,
    Stream,
    StreamViewer,
    Visibility,
)


class CreatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="public_name")
    tier = serializers.CharField(source="profile.verification_tier")


class CategoryField(serializers.SlugRelatedField):
    """A category named by its slug, as the API has always named it; only active ones are taken."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "A category's slug (`GET /api/v1/categories`).")
        super().__init__(slug_field="slug", queryset=selectors.active_categories(), **kwargs)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name"]


class StreamOutputSerializer(serializers.ModelSerializer):
    creator = CreatorSerializer()
    category = serializers.CharField(source="category_id", help_text="The category's slug.")
    thumbnail = serializers.ImageField(allow_null=True)
    rtmp = serializers.SerializerMethodField(help_text="Ingest details; only for the stream's creator.")

    class Meta:
        model = Stream
        fields = [
            "id",
            "creator",
            "title",
            "description",
            "category",
            "tags",
            "thumbnail",
            "visibility",
            "status",
            "scheduled_for",
            "started_at",
            "ended_at",
            "duration_seconds",
            "current_viewers",
            "peak_viewers",
            "total_viewers",
            "total_watch_seconds",
            "messages_count",
            "unique_chatters",
            "chat_enabled",
            "gifts_enabled",
            "slow_mode_seconds",
            "emote_only",
            "followers_only",
            "is_premium",
            "subscription_required",
            "pay_per_view_cost",
            "rtmp",
        ]

    def get_fields(self):
        return super().get_fields() | settings_fields(output=True)  # the donation goal, kept by gifting

    def get_rtmp(self, stream) -> dict | None:
        request = self.context.get("request")
        if request is None or request.user.pk != stream.creator_id:
            return None
        return {"url": settings.RTMP_INGEST_URL, "devices": "/api/v1/devices"}


class StreamInputSerializer(InputSerializer):
    """The product spec's field names; mapped onto the stream's own."""

    title = column_text(Stream, "title")
    description = column_text(Stream, "description", required=False, allow_blank=True)
    category = CategoryField(required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=TAG_MAX_LENGTH), required=False, max_length=TAGS_MAX
    )
    scheduled_start_time = serializers.DateTimeField(required=False, allow_null=True, source="scheduled_for")
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    allow_chat = serializers.BooleanField(required=False, source="chat_enabled")
    allow_gifts = serializers.BooleanField(required=False, source="gifts_enabled")
    is_premium = serializers.BooleanField(required=False, help_text="Not available yet: only false is taken.")
    subscription_required = serializers.BooleanField(
        required=False, help_text="Not available yet: only false is taken."
    )
    pay_per_view_cost = column_integer(Stream, "pay_per_view_cost", required=False)

    def get_fields(self):
        return super().get_fields() | settings_fields(output=False)  # the donation goal, kept by gifting


class StreamCreateSerializer(StreamInputSerializer):
    go_live = serializers.BooleanField(required=False, default=False, help_text="Start at once instead of scheduling.")


class StreamStatusSerializer(InputSerializer):
    action = serializers.ChoiceField(choices=["start", "stop", "cancel"], help_text="cancel: a scheduled stream.")


class StreamListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=selectors.STATUS_FILTERS, default="live")
    category = CategoryField(required=False)
    creator = serializers.CharField(required=False, max_length=150, help_text="A creator's username or id.")
    sort = serializers.ChoiceField(choices=selectors.SORTS, default="viewers")


class LivePageQuerySerializer(StreamListQuerySerializer):
    """The same filters on the /live/ page, which has tabs for live and scheduled streams only."""

    status = serializers.ChoiceField(choices=selectors.LIVE_PAGE_STATUSES, default="live")
    creator = None


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=search.QUERY_MAX_LENGTH, help_text="What to look for (trimmed; it may not be empty)."
    )
    type = serializers.ChoiceField(choices=search.TYPES, default="streams", help_text="What to look for.")


class SearchPageQuerySerializer(SearchQuerySerializer):
    """/search/ reads the API's query, with an empty box allowed and a tab for all three."""

    q = serializers.CharField(max_length=search.QUERY_MAX_LENGTH, required=False, default="", allow_blank=True)
    type = serializers.ChoiceField(choices=("all", *search.TYPES), default="all")
    page = serializers.IntegerField(min_value=1, max_value=PAGE_MAX, default=1)


class SearchCreatorSerializer(CreatorSerializer):
    followers = serializers.IntegerField(source="follower_count")


class TagUseSerializer(serializers.Serializer):
    tag = serializers.CharField()
    streams = serializers.IntegerField(help_text="How many listed streams use it.")


class ChatHistoryQuerySerializer(LimitQuerySerializer):
    before = id_integer(required=False, help_text="Only messages older than this message id.")


class ChatInputSerializer(InputSerializer):
    content = column_text(ChatMessage, "content", allow_blank=True, trim_whitespace=False)


class ChatMessageSerializer(serializers.ModelSerializer):
    author = CreatorSerializer(source="user", allow_null=True)
    held = serializers.SerializerMethodField(help_text="AutoMod held it for the moderators: only its author sees it.")

    class Meta:
        model = ChatMessage
        fields = ["id", "kind", "content", "author", "created_at", "held"]

    def get_held(self, message) -> bool:
        return message.review == Review.HELD


class ChatSettingsSerializer(InputSerializer):
    slow_mode_seconds = column_integer(Stream, "slow_mode_seconds", required=False, max_value=SLOW_MODE_MAX_SECONDS)
    emote_only = serializers.BooleanField(required=False)
    followers_only = serializers.BooleanField(required=False)
    chat_enabled = serializers.BooleanField(required=False)


class ViewerSerializer(serializers.ModelSerializer):
    user = CreatorSerializer(allow_null=True)

    class Meta:
        model = StreamViewer
        fields = ["user", "joined_at"]


class ViewerCountSerializer(serializers.Serializer):
    current_viewers = serializers.IntegerField()
    peak_viewers = serializers.IntegerField()
