"""`/api/v1/` views of the accounts app: parse, call a service or selector, render."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import selectors, services
from apps.accounts.models import AthleteProfile, SponsorLogo, User, VerificationRequest
from apps.accounts.serializers import (
    ProfileInputSerializer,
    ProfileOutputSerializer,
    SponsorLogoSerializer,
    TierSerializer,
    VerificationRequestOutputSerializer,
)
from apps.accounts.tiers import TIERS
from apps.accounts.timezones import SESSION_KEY
from apps.core.api_errors import ErrorSerializer
from apps.core.bounds import column_text
from apps.core.parsers import FormParser, JSONParser, MultiPartParser
from apps.core.serializers import InputSerializer


def _user_or_404(user_id: int) -> User:
    try:
        return selectors.user_with_profile(user_id=user_id)
    except User.DoesNotExist:
        raise Http404 from None


def _profile_response(request, user_id: int) -> Response:
    view = selectors.profile_for_viewer(user=_user_or_404(user_id), viewer=request.user)
    return Response(ProfileOutputSerializer(view, context={"request": request}).data)


class AuthTokenApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    class AuthTokenInputSerializer(InputSerializer):
        username = serializers.CharField()
        password = serializers.CharField(style={"input_type": "password"})

    @extend_schema(
        request=AuthTokenInputSerializer,
        responses={200: inline_serializer("AuthToken", {"token": serializers.CharField()}), 400: ErrorSerializer},
    )
    def post(self, request):
        data = self.AuthTokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response({"token": services.api_token_issue(request=request, **data.validated_data)})


class ProfileMeApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses={200: ProfileOutputSerializer})
    def get(self, request):
        return _profile_response(request, request.user.pk)

    @extend_schema(request=ProfileInputSerializer, responses={200: ProfileOutputSerializer, 400: ErrorSerializer})
    def patch(self, request):
        profile = request.user.profile
        data = ProfileInputSerializer(profile, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.profile_update(profile=profile, data=data.validated_data)
        return _profile_response(request, request.user.pk)


class SponsorLogoListApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    class SponsorLogoInputSerializer(InputSerializer):
        name = column_text(SponsorLogo, "name")
        image = serializers.FileField(help_text="JPEG, PNG, WebP or GIF: re-encoded and served from our media.")
        link = column_text(SponsorLogo, "link", required=False, allow_blank=True)

    @extend_schema(
        request=SponsorLogoInputSerializer,
        description="Multipart. Add a sponsor's logo to your profile (at most 10). The image is stored by us; "
        "`link` is only where the logo leads.",
        responses={201: SponsorLogoSerializer, 400: ErrorSerializer},
    )
    def post(self, request):
        data = self.SponsorLogoInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sponsor = services.sponsor_add(profile=request.user.profile, **data.validated_data)
        return Response(SponsorLogoSerializer(sponsor, context={"request": request}).data, status=201)


class SponsorLogoApi(APIView):
    @extend_schema(responses={204: None, 404: ErrorSerializer})
    def delete(self, request, sponsor_id: int):
        services.sponsor_remove(profile=request.user.profile, sponsor_id=sponsor_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TimeZoneApi(APIView):
    """The browser's time zone (an IANA name): times are shown in it from the next page on. Kept on
    a signed-in user's profile, and in the session for everyone."""

    permission_classes = [AllowAny]

    class TimeZoneSerializer(InputSerializer):
        time_zone = column_text(AthleteProfile, "time_zone")

    @extend_schema(
        request=TimeZoneSerializer,
        responses={200: TimeZoneSerializer, 400: OpenApiResponse(ErrorSerializer, description="`unknown_time_zone`")},
    )
    def post(self, request):
        data = self.TimeZoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        zone = services.time_zone_set(user=request.user, zone=data.validated_data["time_zone"])
        request.session[SESSION_KEY] = zone
        return Response({"time_zone": zone})


class ProfileDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: ProfileOutputSerializer, 404: ErrorSerializer})
    def get(self, request, user_id: int):
        return _profile_response(request, user_id)


class FollowApi(APIView):
    class FollowStateSerializer(serializers.Serializer):
        following = serializers.BooleanField()
        follower_count = serializers.IntegerField()

    def _state(self, user_id: int, following: bool, code: int) -> Response:
        count = _user_or_404(user_id).follower_count
        return Response({"following": following, "follower_count": count}, status=code)

    @extend_schema(request=None, responses={201: FollowStateSerializer, 400: ErrorSerializer, 404: ErrorSerializer})
    def post(self, request, user_id: int):
        services.follow_create(follower=request.user, creator=_user_or_404(user_id))
        return self._state(user_id, True, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: FollowStateSerializer, 404: ErrorSerializer})
    def delete(self, request, user_id: int):
        services.follow_delete(follower=request.user, creator=_user_or_404(user_id))
        return self._state(user_id, False, status.HTTP_200_OK)


class VerificationTierListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: TierSerializer(many=True)})
    def get(self, request):
        return Response(TierSerializer(TIERS.values(), many=True).data)


class VerificationRequestCreateApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    class VerificationRequestInputSerializer(InputSerializer):
        tier = serializers.ChoiceField(choices=[spec.tier.value for spec in TIERS.values() if spec.is_verified])
        message = column_text(VerificationRequest, "message", required=False, allow_blank=True)

    @extend_schema(
        request=VerificationRequestInputSerializer,
        description="Multipart: `tier`, optional `message`, and one file per requirement of the tier, "
        "named by the requirement's code (see `GET /api/v1/verification/tiers`).",
        responses={201: VerificationRequestOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request):
        data = self.VerificationRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.verification_request_create(
            user=request.user,
            tier=data.validated_data["tier"],
            message=data.validated_data.get("message", ""),
            documents=dict(request.FILES.items()),
        )
        return Response(VerificationRequestOutputSerializer(created).data, status=status.HTTP_201_CREATED)
