from django.urls import path

from apps.streaming import api

urlpatterns = [
    path("streams", api.StreamListCreateApi.as_view(), name="api-streams"),
    path("categories", api.CategoryListApi.as_view(), name="api-categories"),
    path("search", api.SearchApi.as_view(), name="api-search"),
    path("streams/<uuid:stream_id>", api.StreamDetailApi.as_view(), name="api-stream"),
    path("streams/<uuid:stream_id>/status", api.StreamStatusApi.as_view(), name="api-stream-status"),
    path("streams/<uuid:stream_id>/chat", api.ChatApi.as_view(), name="api-stream-chat"),
    path("streams/<uuid:stream_id>/chat/settings", api.ChatSettingsApi.as_view(), name="api-stream-chat-settings"),
    path("streams/<uuid:stream_id>/chat/<id:message_id>", api.ChatMessageApi.as_view(), name="api-stream-message"),
    path("streams/<uuid:stream_id>/join", api.StreamJoinApi.as_view(), name="api-stream-join"),
    path("streams/<uuid:stream_id>/leave", api.StreamLeaveApi.as_view(), name="api-stream-leave"),
    path("streams/<uuid:stream_id>/viewers", api.StreamViewersApi.as_view(), name="api-stream-viewers"),
    path("streams/<uuid:stream_id>/unlock", api.StreamUnlockApi.as_view(), name="api-stream-unlock"),
]
