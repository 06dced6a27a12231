from rest_framework import serializers

from apps.accounts.models import AthleteProfile, SponsorLogo, VerificationRequest
from apps.accounts.selectors import ProfileView
from apps.accounts.services import EDITABLE_PROFILE_FIELDS
from apps.core.serializers import StrictInputMixin


class SponsorLogoSerializer(serializers.ModelSerializer):
    """A sponsor's logo: `image` is ours (uploaded, served from our media); `link` only where it leads."""

    class Meta:
        model = SponsorLogo
        fields = ["id", "name", "image", "link"]
        read_only_fields = ["id"]


class ProfileOutputSerializer(serializers.Serializer):
    """A profile as the viewer may see it: fields they may not see are absent, not null."""

    id = serializers.IntegerField()
    is_full = serializers.BooleanField(help_text="False when privacy settings hide all but the username.")
    is_following = serializers.BooleanField()
    username = serializers.CharField()
    verification_tier = serializers.CharField()
    display_name = serializers.CharField(required=False)
    photo = serializers.ImageField(required=False, allow_null=True)
    verification_date = serializers.DateTimeField(required=False, allow_null=True)
    real_first_name = serializers.CharField(required=False)
    real_last_name = serializers.CharField(required=False)
    height_inches = serializers.IntegerField(required=False, allow_null=True)
    weight_pounds = serializers.IntegerField(required=False, allow_null=True)
    age = serializers.IntegerField(required=False, allow_null=True)
    dominant_hand = serializers.CharField(required=False)
    years_playing = serializers.IntegerField(required=False, allow_null=True)
    highest_level_played = serializers.CharField(required=False)
    position = serializers.CharField(required=False)
    college_team = serializers.CharField(required=False)
    professional_team = serializers.CharField(required=False)
    coach_certifications = serializers.ListField(child=serializers.CharField(), required=False)
    career_shooting_percentage = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True
    )
    career_shooting_by_type = serializers.DictField(
        child=serializers.DictField(),
        required=False,
        help_text='Per shot type code, from the shot tracker: {"name", "short", "made", "att", "pct"}.',
    )
    career_games_played = serializers.IntegerField(required=False)
    career_prize_money_cents = serializers.IntegerField(required=False)
    highest_rating = serializers.IntegerField(required=False)
    current_streak = serializers.IntegerField(required=False)
    longest_win_streak = serializers.IntegerField(required=False)
    bio = serializers.CharField(required=False)
    hometown = serializers.CharField(required=False)
    social_links = serializers.DictField(child=serializers.URLField(), required=False)
    sponsor_logos = SponsorLogoSerializer(many=True, required=False)
    theme_colors = serializers.DictField(child=serializers.CharField(), required=False)
    follower_count = serializers.IntegerField(required=False)
    following_count = serializers.IntegerField(required=False)
    profile_visibility = serializers.CharField(required=False)
    real_name_visible = serializers.BooleanField(required=False)
    location_visible = serializers.BooleanField(required=False)

    def to_representation(self, view: ProfileView):
        data = {"id": view.user.pk, "is_full": view.is_full, "is_following": view.is_following}
        for name, value in view.fields.items():
            if name == "photo":
                value = value or None
            data[name] = None if value is None else self.fields[name].to_representation(value)
        return data


class ProfileInputSerializer(StrictInputMixin, serializers.ModelSerializer):
    """Parses a PATCH; the model's validators apply, and the service saves."""

    class Meta:
        model = AthleteProfile
        fields = EDITABLE_PROFILE_FIELDS


class RequirementSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    help_text = serializers.CharField()


class TierSerializer(serializers.Serializer):
    tier = serializers.CharField(source="tier.value")
    label = serializers.CharField()
    rank = serializers.IntegerField()
    icon = serializers.CharField()
    color = serializers.CharField()
    benefits = serializers.ListField(child=serializers.CharField())
    profile_features = serializers.ListField(child=serializers.CharField())
    requirements = RequirementSerializer(many=True)
    monthly_fee_cents = serializers.IntegerField()
    invitation_only = serializers.BooleanField()


class VerificationRequestOutputSerializer(serializers.ModelSerializer):
    documents = serializers.SerializerMethodField()

    class Meta:
        model = VerificationRequest
        fields = ["id", "tier", "status", "message", "review_reason", "created_at", "reviewed_at", "documents"]

    def get_documents(self, request) -> list[str]:
        return [document.requirement for document in request.documents.all()]
