"""A creator's channel moderation page (/moderation/channel/, linked from the studio): their channel
moderators, AutoMod, blocked and permitted terms, and the safety switches. Each form is one service
call (restrictions' roles, filter and channel services); this view only routes and redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.core.exceptions import ApplicationError
from apps.core.forms import add_service_error
from apps.moderation.forms_channel import AutoModForm, ModeratorAddForm, SafetyForm, TermForm
from apps.restrictions.models import ChannelModerator, Term
from apps.restrictions.selectors import safety_for
from apps.restrictions.services import channel as channel_services
from apps.restrictions.services import filter as term_filter
from apps.restrictions.services import roles

SAFETY_FIELDS = ("shield_mode", "established_only", "unique_chat", "escalating_penalties")


def _forms(channel, data=None, section=None) -> dict:
    """Every form of the page: the posted one bound to `data`, the others showing what is saved."""
    safety = safety_for(channel.pk)

    def bound(name, form_class, **initial):
        return form_class(data, prefix=name) if section == name else form_class(prefix=name, initial=initial)

    return {
        "moderator_form": bound("moderator", ModeratorAddForm),
        "automod_form": bound("automod", AutoModForm, level=safety.automod_level, categories=safety.automod_categories),
        "term_form": bound("term", TermForm),
        "safety_form": bound("safety", SafetyForm, **{name: getattr(safety, name) for name in SAFETY_FIELDS}),
    }


def _apply(request, section: str, form, channel) -> str:
    """Run the section's service; its success message."""
    actor = request.user
    data = form.cleaned_data
    if section == "moderator":
        roles.moderator_add(actor=actor, channel=channel, user=data["username"])
        return f"{data['username'].username} is now a moderator of your channel."
    if section == "automod":
        term_filter.automod_update(actor=actor, channel=channel, level=data["level"], categories=data["categories"])
        return "AutoMod saved."
    if section == "term":
        term_filter.term_add(
            actor=actor, channel=channel, text=data["text"], kind=data["kind"], expires_at=form.expires_at()
        )
        return f"“{data['text']}” added."
    channel_services.safety_update(actor=actor, channel=channel, **{name: data[name] for name in SAFETY_FIELDS})
    return "Safety settings saved."


def _posted_id(request, name: str) -> int:
    """A row id the page posted, or 0 for anything that is not one (no such row)."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() and len(value) <= 18 else 0


def _remove(request, channel) -> str:
    """The list rows' Remove buttons: a moderator (by user id) or a term (by id) of this channel."""
    if "remove_moderator" in request.POST:
        row = (
            ChannelModerator.objects.select_related("moderator")
            .filter(creator=channel, moderator_id=_posted_id(request, "remove_moderator"))
            .first()
        )
        if row is None:
            return ""
        roles.moderator_remove(actor=request.user, channel=channel, user=row.moderator)
        return f"{row.moderator.username} is no longer a moderator."
    term = Term.objects.filter(channel=channel, pk=_posted_id(request, "remove_term")).first()
    if term is None:
        return ""
    term_filter.term_remove(actor=request.user, term=term)
    return f"“{term.text}” removed."


@login_required
def channel(request):
    creator = request.user
    section = request.POST.get("section") if request.method == "POST" else None
    forms = _forms(creator, request.POST, section)
    if section == "remove":
        try:
            done = _remove(request, creator)
        except ApplicationError as exc:
            messages.error(request, exc.detail)
        else:
            if done:
                messages.success(request, done)
        return redirect("moderation:channel")
    form = forms.get(f"{section}_form")
    if form is not None and form.is_valid():
        try:
            done = _apply(request, section, form, creator)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("moderation:channel")
    context = {
        **forms,
        "moderators": ChannelModerator.objects.filter(creator=creator)
        .select_related("moderator__profile")
        .order_by("created_at"),
        "terms": Term.objects.filter(channel=creator).exclude(expires_at__lte=timezone.now()).order_by("kind", "text"),
    }
    return render(request, "moderation/channel.html", context)
