from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts import selectors, services
from apps.accounts.forms import ProfileForm, SponsorLogoForm, VerificationRequestForm
from apps.accounts.models import SPONSORS_MAX, AthleteProfile, User
from apps.accounts.tiers import TIERS
from apps.core.exceptions import ApplicationError
from apps.core.forms import add_service_error
from apps.core.htmx import partial_or_redirect
from apps.core.private_files import private_file_response
from apps.core.uploads import content_type_of


def _posted(request) -> tuple:
    """Form data and files for a POST (even an empty one), nothing for a GET."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _tier_or_404(tier: str):
    spec = TIERS.get(tier)
    if spec is None or not spec.is_verified:
        raise Http404("No such tier.")
    return spec


def _profile_user(username: str) -> User:
    try:
        return selectors.user_with_profile(username=username)
    except User.DoesNotExist:
        raise Http404("No such athlete.") from None


@login_required
def profile_me(request):
    return redirect("accounts:profile", username=request.user.username)


def profile_detail(request, username):
    view = selectors.profile_for_viewer(user=_profile_user(username), viewer=request.user)
    return render(request, "accounts/profile_detail.html", {"view": view, "f": view.fields})


@login_required
def profile_edit(request):
    # A copy of its own: a rejected form must not leave its values on request.user (the nav shows it).
    profile = AthleteProfile.objects.get(user=request.user)
    form = ProfileForm(*_posted(request), instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(profile=profile, data=form.service_data())
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Profile saved.")
            return redirect("accounts:profile", username=request.user.username)
    return _edit_page(request, profile, form=form)


def _edit_page(request, profile, *, form=None, sponsor_form=None):
    context = {
        "form": form or ProfileForm(instance=profile),
        "sponsor_form": sponsor_form or SponsorLogoForm(),
        "sponsors": list(profile.sponsor_logos.all()),
        "sponsors_max": SPONSORS_MAX,
    }
    return render(request, "accounts/profile_edit.html", context)


@require_POST
@login_required
def sponsor_add(request):
    profile = AthleteProfile.objects.get(user=request.user)
    form = SponsorLogoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.sponsor_add(profile=profile, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['name'].strip()} added to your sponsors.")
            return redirect(reverse("accounts:profile_edit") + "#sponsors")
    return _edit_page(request, profile, sponsor_form=form)


@require_POST
@login_required
def sponsor_remove(request, sponsor_id):
    try:
        services.sponsor_remove(profile=request.user.profile, sponsor_id=sponsor_id)
    except ApplicationError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, "Sponsor removed.")
    return redirect(reverse("accounts:profile_edit") + "#sponsors")


@require_POST
@login_required
def follow_toggle(request, username):
    creator = _profile_user(username)
    try:
        if request.POST.get("action") == "unfollow":
            services.follow_delete(follower=request.user, creator=creator)
        else:
            services.follow_create(follower=request.user, creator=creator)
    except ApplicationError as exc:
        messages.error(request, exc.detail)
    return partial_or_redirect(
        request,
        "accounts/_follow_button.html",
        lambda: {"view": selectors.profile_for_viewer(user=_profile_user(username), viewer=request.user)},
        to=reverse("accounts:profile", args=[creator.username]),
    )


@login_required
def verification_index(request):
    context = {
        "options": selectors.verification_options(user=request.user),
        "current": request.user.profile.tier,
        "pending": selectors.pending_verification_request(user=request.user),
        "history": selectors.verification_requests_of(user=request.user),
    }
    return render(request, "accounts/verification_index.html", context)


@login_required
def verification_request_new(request, tier):
    spec = _tier_or_404(tier)
    form = VerificationRequestForm(*_posted(request), spec=spec)
    if request.method == "POST" and form.is_valid():
        try:
            services.verification_request_create(
                user=request.user, tier=tier, documents=form.documents(), message=form.cleaned_data["message"]
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Your request for {spec.label} is in. We review requests within 2 working days.")
            return redirect("accounts:verification")
    return render(request, "accounts/verification_request.html", {"form": form, "spec": spec})


@login_required
def verification_document(request, document_id: int):
    """A verification document, to its owner, staff and moderators with the permission; 404 to
    everyone else. Always a download, as the type it was validated as, inert (private_file_response)."""
    document = selectors.verification_document_for(document_id=document_id, reader=request.user)
    if document is None:
        raise Http404("No such document.")
    name = document.file.name
    return private_file_response(
        name, content_type=content_type_of(name), download_name=f"{document.requirement}{Path(name).suffix}"
    )
