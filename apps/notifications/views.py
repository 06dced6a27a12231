"""The notification list, its mark-read actions, preferences, and the "Remind me" toggle."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.core.exceptions import ApplicationError
from apps.core.htmx import partial_or_redirect
from apps.notifications import selectors, services
from apps.notifications.forms import PreferencesForm
from apps.notifications.models import Notification
from apps.notifications.rules import reminder_not_offered
from apps.streaming.selectors import stream_for

PAGE_SIZE = 20


def _page_url(number: int) -> str:
    return reverse("notifications:list") + "?" + urlencode({"page": number})


@login_required
def notification_list(request):
    page = Paginator(selectors.inbox(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "prev_url": _page_url(page.previous_page_number()) if page.has_previous() else "",
            "next_url": _page_url(page.next_page_number()) if page.has_next() else "",
        },
    )


@require_POST
@login_required
def notification_read(request, notification_id):
    notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    services.notifications_read(user=request.user, ids=[notification.pk])
    notification.refresh_from_db(fields=["read_at"])
    return partial_or_redirect(
        request, "notifications/_item.html", {"notification": notification}, to=reverse("notifications:list")
    )


@require_POST
@login_required
def notification_read_all(request):
    marked = services.notifications_read(user=request.user, everything=True)
    messages.success(request, f"Marked {marked} notification{'s' if marked != 1 else ''} read.")
    return redirect("notifications:list")


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, preferences=selectors.preferences_of(user=request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=request.user, changes=form.changes())
        messages.success(request, "Notification preferences saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def remind_me_context(request, stream) -> dict:
    """The "Remind me" button's context, for the template tag and the toggle's htmx answer: nothing
    unless the stream is scheduled and not the viewer's own."""
    user = request.user
    shown = reminder_not_offered(stream, user) is None
    return {
        "request": request,
        "user": user,
        "stream": stream,
        "shown": shown,
        "reminded": shown and selectors.is_reminded(user=user, stream=stream),
    }


@require_POST
@login_required
def reminder_toggle(request, stream_id):
    stream = stream_for(stream_id=stream_id, viewer=request.user)
    errors = []
    try:
        if request.POST.get("action") == "forget":
            services.reminder_delete(user=request.user, stream=stream)
        else:
            services.reminder_create(user=request.user, stream=stream)
    except ApplicationError as exc:
        errors.append(exc.detail)
    return partial_or_redirect(
        request,
        "notifications/_remind_me.html",
        lambda: remind_me_context(request, stream) | {"error": errors[0] if errors else ""},
        to=reverse("streaming:watch", args=[stream.pk]),
        errors=errors,
    )
