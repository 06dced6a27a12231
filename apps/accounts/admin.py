"""Staff tools: users, profiles, follows, and the verification review queue."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from apps.accounts import services
from apps.accounts.models import (
    SPONSORS_MAX,
    AthleteProfile,
    Follow,
    SponsorLogo,
    User,
    VerificationRequest,
    VerificationStatus,
)
from apps.accounts.tiers import Tier
from apps.core.exceptions import ApplicationError


class AthleteProfileInline(admin.StackedInline):
    model = AthleteProfile
    can_delete = False
    # Tiers change only through verification review or a grant, so they stay on the record.
    readonly_fields = ("verification_tier", "verification_date")
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [AthleteProfileInline]
    list_display = ("username", "email", "tier", "is_staff", "date_joined")
    list_select_related = ("profile",)
    list_filter = ("profile__verification_tier", "is_staff", "is_active")
    # Apps above add their own actions to the user list from their admin (wallet: grant coins).

    @admin.display(description="Tier", ordering="profile__verification_tier")
    def tier(self, obj):
        return obj.profile.get_verification_tier_display()


class GrantTierForm(forms.Form):
    tier = forms.ChoiceField(choices=[c for c in Tier.choices if c[0] != Tier.UNVERIFIED], initial=Tier.CELEBRITY)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Kept on the record.")


class SponsorLogoInline(admin.TabularInline):
    """Logos are uploaded here too (cleaned by the image field), never linked from elsewhere."""

    model = SponsorLogo
    fields = ("name", "image", "link")
    extra = 0
    max_num = SPONSORS_MAX


@admin.register(AthleteProfile)
class AthleteProfileAdmin(admin.ModelAdmin):
    inlines = [SponsorLogoInline]
    list_display = ("user", "display_name", "verification_tier", "verification_date", "profile_visibility")
    list_filter = ("verification_tier", "profile_visibility")
    search_fields = ("user__username", "user__email", "display_name", "real_first_name", "real_last_name")
    list_select_related = ("user",)
    readonly_fields = ("user", "verification_tier", "verification_date", "created_at", "updated_at")
    actions = ["grant_tier"]

    @admin.action(description="Grant a tier (e.g. CELEBRITY, by invitation)")
    def grant_tier(self, request, queryset):
        form = GrantTierForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            granted = 0
            for profile in queryset.select_related("user"):
                services.verification_tier_grant(
                    user=profile.user,
                    tier=form.cleaned_data["tier"],
                    granted_by=request.user,
                    reason=form.cleaned_data["reason"],
                )
                granted += 1
            self.message_user(request, f"Granted {form.cleaned_data['tier']} to {granted} athlete(s).")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Grant a verification tier",
            "form": form,
            "profiles": queryset,
            "opts": self.model._meta,
            "action": "grant_tier",
        }
        return TemplateResponse(request, "admin/accounts/grant_tier.html", context)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("follower", "creator", "notify", "created_at")
    list_select_related = ("follower", "creator")
    search_fields = ("follower__username", "creator__username")
    raw_id_fields = ("follower", "creator")


class ReviewForm(forms.ModelForm):
    """Staff decide a pending request: approve, or reject with a reason the user sees."""

    decision = forms.ChoiceField(
        choices=[("", "— keep pending —"), ("approve", "Approve"), ("reject", "Reject")], required=False
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="Required when rejecting; the user sees it."
    )

    class Meta:
        model = VerificationRequest
        fields = ()

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", "Say why the request is rejected.")
        return data


@admin.register(VerificationRequest)
class VerificationRequestAdmin(admin.ModelAdmin):
    form = ReviewForm
    list_display = ("user", "tier", "status", "created_at", "reviewed_by", "reviewed_at")
    list_filter = ("status", "tier", "is_staff_grant")
    search_fields = ("user__username", "user__email")
    list_select_related = ("user", "reviewed_by")
    readonly_fields = (
        "user",
        "tier",
        "status",
        "message",
        "requirements_checklist",
        "is_staff_grant",
        "reviewed_by",
        "reviewed_at",
        "review_reason",
        "created_at",
    )

    def get_fieldsets(self, request, obj=None):
        record = (None, {"fields": self.readonly_fields})
        if obj and obj.status == VerificationStatus.PENDING:
            return [record, ("Decision", {"fields": ("decision", "reason")})]
        return [record]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Documents")
    def requirements_checklist(self, obj):
        documents = {d.requirement: d for d in obj.documents.all()}
        rows = []
        for requirement in obj.tier_spec.requirements:
            document = documents.get(requirement.code)
            link = (
                format_html('<a href="{}">download</a>', reverse("accounts:verification_document", args=[document.pk]))
                if document
                else "missing"
            )
            rows.append((requirement.label, link))
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows)) if rows else "—"

    def save_model(self, request, obj, form, change):
        decision, reason = form.cleaned_data.get("decision"), form.cleaned_data.get("reason", "")
        try:
            with transaction.atomic():
                if decision == "approve":
                    services.verification_request_approve(request=obj, reviewer=request.user, reason=reason)
                elif decision == "reject":
                    services.verification_request_reject(request=obj, reviewer=request.user, reason=reason)
        except ApplicationError as exc:
            self.message_user(request, exc.detail, level=messages.ERROR)
