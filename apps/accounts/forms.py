"""HTML forms. They only reshape input for the services; the rules live on the model and in services."""

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.utils import timezone

from apps.accounts import rules, services
from apps.accounts.models import AthleteProfile, SponsorLogo, VerificationRequest
from apps.accounts.services import EDITABLE_PROFILE_FIELDS
from apps.accounts.tiers import TierSpec
from apps.accounts.validators import SOCIAL_PLATFORMS
from apps.core.bounds import column_form_text, formfield_with_column_bounds, text_limit

JSON_FIELDS = ("coach_certifications", "social_links", "theme_colors")


class ProfileForm(forms.ModelForm):
    certifications_text = forms.CharField(
        label="Coach certifications",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line.",
    )
    theme_primary = forms.CharField(
        label="Primary colour", required=False, widget=forms.TextInput(attrs={"type": "color"})
    )
    theme_secondary = forms.CharField(
        label="Secondary colour", required=False, widget=forms.TextInput(attrs={"type": "color"})
    )

    class Meta:
        model = AthleteProfile
        fields = [name for name in EDITABLE_PROFILE_FIELDS if name not in JSON_FIELDS]
        # The model's own bounds (36-100 inches, ...) in the inputs and their errors.
        formfield_callback = formfield_with_column_bounds
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        labels = {"height_inches": "Height (inches)", "weight_pounds": "Weight (pounds)"}
        help_texts = {
            "photo": "JPEG, PNG, WebP or GIF, up to 5 MB. Required for verification.",
            "height_inches": "In inches, e.g. 74 for 6'2\".",
            "weight_pounds": "In pounds.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = self.instance
        for field in self.fields.values():
            if isinstance(field, forms.TypedChoiceField) and field.choices and field.choices[0][0] == "":
                field.choices = [("", "Not set"), *field.choices[1:]]
            if isinstance(field, forms.BooleanField):
                field.label_suffix = ""
        for platform in SOCIAL_PLATFORMS:
            self.fields[f"social_{platform}"] = forms.URLField(
                label=SOCIAL_PLATFORMS[platform],
                required=False,
                assume_scheme="https",
                initial=profile.social_links.get(platform, ""),
            )
        self.fields["certifications_text"].initial = "\n".join(profile.coach_certifications)
        self.fields["theme_primary"].initial = profile.theme_colors.get("primary", "#FF7A1A")
        self.fields["theme_secondary"].initial = profile.theme_colors.get("secondary", "#1D2433")

    FIELDSETS = (
        ("Identity", ("display_name", "real_first_name", "real_last_name", "photo", "bio", "hometown")),
        ("Body", ("height_inches", "weight_pounds", "age", "dominant_hand")),
        (
            "Basketball",
            (
                "position",
                "highest_level_played",
                "years_playing",
                "college_team",
                "professional_team",
                "certifications_text",
            ),
        ),
        ("Links", tuple(f"social_{p}" for p in SOCIAL_PLATFORMS)),
        ("Branding", ("theme_primary", "theme_secondary")),
        ("Privacy", ("profile_visibility", "real_name_visible", "location_visible")),
    )

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def _post_clean(self):
        # Put the reshaped JSON values on the instance so the model's validators check them too.
        if not self.errors:
            for name, value in self._json_values().items():
                setattr(self.instance, name, value)
        super()._post_clean()

    def _json_values(self) -> dict:
        data = self.cleaned_data
        return {
            "coach_certifications": [
                line.strip() for line in data.get("certifications_text", "").splitlines() if line.strip()
            ],
            "social_links": {p: data[f"social_{p}"] for p in SOCIAL_PLATFORMS if data.get(f"social_{p}")},
            "theme_colors": {
                key: data[f"theme_{key}"].upper() for key in ("primary", "secondary") if data.get(f"theme_{key}")
            },
        }

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self._meta.fields if name != "photo"}
        photo = self.cleaned_data.get("photo")
        if photo is False:  # "clear" was ticked
            data["photo"] = ""
        elif photo and photo != self.initial.get("photo"):
            data["photo"] = photo
        data.update(self._json_values())
        return data


class SponsorLogoForm(forms.ModelForm):
    """Add a sponsor: its name, its logo (uploaded here; shown from our own media) and, optionally,
    where the logo leads."""

    link = forms.URLField(
        label="Link (optional)",
        required=False,
        assume_scheme="https",
        max_length=text_limit(SponsorLogo, "link"),
        help_text="Where the logo leads when clicked, e.g. https://sponsor.example.",
    )

    class Meta:
        model = SponsorLogo
        fields = ["name", "image", "link"]
        labels = {"name": "Sponsor", "image": "Logo"}
        help_texts = {"image": "JPEG, PNG, WebP or GIF. Stored by us: visitors never load it from another site."}


class VerificationRequestForm(forms.Form):
    """One upload per requirement of the tier asked for."""

    message = column_form_text(
        VerificationRequest,
        "message",
        label="Note to reviewers (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, spec: TierSpec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        # static/js/file-check.js reads the limit and the types to refuse a file as it is chosen.
        attrs = {
            "accept": "image/*,application/pdf,video/mp4,video/quicktime",
            "data-max-bytes": settings.VERIFICATION_DOCUMENT_MAX_BYTES,
            "data-types": "a photo, a PDF or an MP4 video",
        }
        for requirement in spec.requirements:
            self.fields[requirement.code] = forms.FileField(
                label=requirement.label,
                help_text=requirement.help_text,
                required=True,
                widget=forms.ClearableFileInput(attrs=attrs),
            )
        self.order_fields([r.code for r in spec.requirements] + ["message"])

    def documents(self) -> dict:
        return {r.code: self.cleaned_data[r.code] for r in self.spec.requirements}

    def files_to_choose_again(self) -> list[tuple[str, bool]]:
        """After a send that was refused, each document's label and whether it was the one refused: a
        browser does not keep the files chosen in a form that comes back, so every one must be chosen
        again, and the user must be told which."""
        if not self.is_bound or not self.errors:
            return []
        return [(requirement.label, requirement.code in self.errors) for requirement in self.spec.requirements]


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """allauth's password reset, saying the same whether or not the address has an account: a
    stranger may not learn who is signed up here. settings.ACCOUNT_PREVENT_ENUMERATION stays off for
    sign-up's sake (see its comment), so this form alone turns it on for the reset. An unknown address
    gets allauth's "no account here" email instead of a reset link."""

    def clean_email(self) -> str:
        try:
            return super().clean_email()
        except forms.ValidationError as error:
            if error.code != "unknown_email":
                raise
            return self.cleaned_data["email"]  # self.users is empty: save() sends the "no account" email


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up, limited per address (rules.signup_problem); the address of each account
    opened is kept for that limit and for the moderators' burst flag."""

    def clean(self):
        data = super().clean()
        request = allauth_context.request
        if problem := rules.signup_problem(address=get_adapter(request).get_client_ip(request), now=timezone.now()):
            raise forms.ValidationError(problem.detail, code=problem.code)
        return data

    def signup(self, request, user) -> None:
        services.signup_address_record(user=user, address=get_adapter(request).get_client_ip(request))
