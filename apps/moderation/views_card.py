"""The user card: a small partial the chat line menu (static/js/chat-tools.js) loads for the
channel's team: account age, follower since, what stands against the user, past moderator actions
in this channel, their recent messages here. Anyone else gets 403."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from apps.accounts.models import User
from apps.moderation.card import user_card
from apps.restrictions.rules import is_channel_moderator


@login_required
def card(request, channel_id: int, user_id: int):
    if not is_channel_moderator(request.user, channel_id):
        raise PermissionDenied
    subject = get_object_or_404(User.objects.select_related("profile"), pk=user_id)
    return render(request, "moderation/user_card.html", {"card": user_card(user=subject, channel_id=channel_id)})
