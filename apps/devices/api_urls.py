from django.urls import path

from apps.devices import api

urlpatterns = [
    path("devices", api.DeviceListApi.as_view(), name="api-devices"),
    path("devices/<id:device_id>", api.DeviceDetailApi.as_view(), name="api-device"),
    path("devices/<id:device_id>/key", api.DeviceKeyApi.as_view(), name="api-device-key"),
    path("streams/<uuid:stream_id>/angles", api.StreamAnglesApi.as_view(), name="api-stream-angles"),
    path("streams/<uuid:stream_id>/angles/<id:device_id>", api.StreamAngleApi.as_view(), name="api-stream-angle"),
]
