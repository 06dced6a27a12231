"""`/api/v1/devices` (the creator's encoders and their keys) and `/api/v1/streams/{id}/angles`."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_errors import ErrorSerializer
from apps.devices import selectors, services
from apps.devices.errors import DeviceNotFound
from apps.devices.serializers import (
    AngleInputSerializer,
    AngleSerializer,
    DeviceCreatedSerializer,
    DeviceInputSerializer,
    DeviceSerializer,
    IngestKeySerializer,
)
from apps.streaming.api import WATCH_REFUSALS
from apps.streaming.selectors import stream_for, watchable_stream_for


def _device(request, device_id):
    device = selectors.device_of(owner=request.user, device_id=device_id)
    if device is None:
        raise DeviceNotFound("No such device.")
    return device


class DeviceListApi(APIView):
    @extend_schema(responses={200: DeviceSerializer(many=True)})
    def get(self, request):
        return Response(DeviceSerializer(selectors.devices_of(owner=request.user), many=True).data)

    @extend_schema(request=DeviceInputSerializer, responses={201: DeviceCreatedSerializer, 400: ErrorSerializer})
    def post(self, request):
        data = DeviceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        device, key = services.device_register(owner=request.user, **data.validated_data)
        device.ingest_key = key
        return Response(DeviceCreatedSerializer(device).data, status=status.HTTP_201_CREATED)


class DeviceDetailApi(APIView):
    @extend_schema(responses={200: DeviceSerializer, 404: ErrorSerializer})
    def get(self, request, device_id):
        return Response(DeviceSerializer(_device(request, device_id)).data)

    @extend_schema(request=DeviceInputSerializer, responses={200: DeviceSerializer, 400: ErrorSerializer})
    def patch(self, request, device_id):
        device = _device(request, device_id)
        data = DeviceInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        device = services.device_update(device=device, by=request.user, data=data.validated_data)
        return Response(DeviceSerializer(device).data)


class DeviceKeyApi(APIView):
    @extend_schema(request=None, responses={201: IngestKeySerializer, 404: ErrorSerializer})
    def post(self, request, device_id):
        """Rotate: a new key, shown once; the old one stops working at once."""
        key = services.ingest_key_rotate(device=_device(request, device_id), by=request.user)
        body = {"ingest_key": key, "rtmp_url": settings.RTMP_INGEST_URL}
        return Response(IngestKeySerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, 404: ErrorSerializer})
    def delete(self, request, device_id):
        services.ingest_key_revoke(device=_device(request, device_id), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StreamAnglesApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses={200: AngleSerializer(many=True), **WATCH_REFUSALS})
    def get(self, request, stream_id):
        stream = watchable_stream_for(stream_id=stream_id, viewer=request.user)
        return Response(AngleSerializer(selectors.stream_angles(stream=stream), many=True).data)

    @extend_schema(request=AngleInputSerializer, responses={201: AngleSerializer, 403: ErrorSerializer})
    def post(self, request, stream_id):
        stream = stream_for(stream_id=stream_id, viewer=request.user)
        data = AngleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        device = _device(request, data.validated_data["device_id"])
        services.angle_attach(stream=stream, device=device, by=request.user)
        angle = next(angle for angle in selectors.stream_angles(stream=stream) if angle.device_id == device.pk)
        return Response(AngleSerializer(angle).data, status=status.HTTP_201_CREATED)


class StreamAngleApi(APIView):
    @extend_schema(responses={204: None, 404: ErrorSerializer, 409: ErrorSerializer})
    def delete(self, request, stream_id, device_id):
        stream = stream_for(stream_id=stream_id, viewer=request.user)
        services.angle_detach(stream=stream, device=_device(request, device_id), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
