"""Who may do what on a stream: read by services (which refuse) and pages (which hide)."""

from apps.streaming.models import ChannelModerator, Stream, Visibility


def is_owner(stream: Stream, user) -> bool:
    return bool(user and user.is_authenticated and user.pk == stream.creator_id)


def is_moderator(stream: Stream, user) -> bool:
    """The creator, platform staff, or someone the creator made a moderator."""
    if not (user and user.is_authenticated):
        return False
    if user.pk == stream.creator_id or user.is_staff:
        return True
    return ChannelModerator.objects.filter(creator_id=stream.creator_id, moderator=user).exists()


def can_see(stream: Stream, user) -> bool:
    """Private streams exist only for their creator (and staff); the rest for anyone with the link."""
    if stream.visibility != Visibility.PRIVATE:
        return True
    return bool(user and user.is_authenticated and (user.pk == stream.creator_id or user.is_staff))


def has_paid(stream: Stream, user) -> bool:
    """Pay-per-view streams open the player and chat only to viewers who paid (and the team)."""
    if not stream.pay_per_view_cost:
        return True
    if not (user and user.is_authenticated):
        return False
    if is_moderator(stream, user):
        return True
    return stream.paid_viewers.filter(user=user).exists()
