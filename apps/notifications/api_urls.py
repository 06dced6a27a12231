from django.urls import path

from apps.notifications import api

urlpatterns = [
    path("notifications", api.NotificationListApi.as_view(), name="api-notifications"),
    path("notifications/read", api.NotificationReadApi.as_view(), name="api-notifications-read"),
    path("notifications/preferences", api.PreferencesApi.as_view(), name="api-notification-preferences"),
    path("streams/<uuid:stream_id>/reminder", api.StreamReminderApi.as_view(), name="api-stream-reminder"),
]
