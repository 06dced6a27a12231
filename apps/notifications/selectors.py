"""Reads of notifications, preferences and reminders."""

from django.db.models import Count, QuerySet

from apps.notifications.models import DEFAULT_CHANNELS, Kind, Notification, NotificationPreference, StreamReminder


def inbox(*, user) -> QuerySet[Notification]:
    """The user's notifications, newest first (the index notification_inbox serves it)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).count()


def unread_counts(*, user_ids) -> dict[int, int]:
    """Each user's unread count, in one query; a user with none is 0."""
    rows = (
        Notification.objects.filter(recipient_id__in=user_ids, read_at=None)
        .values("recipient_id")
        .annotate(n=Count("id"))
        .values_list("recipient_id", "n")
    )
    return dict.fromkeys(user_ids, 0) | dict(rows)


def channels_for(*, user_ids, kind: str) -> dict[int, tuple[bool, bool]]:
    """(in-app, email) for each user and one kind: their choice, or the default."""
    chosen = NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
        "user_id", "in_app", "email"
    )
    default = DEFAULT_CHANNELS[kind]
    return dict.fromkeys(user_ids, default) | {user_id: (app, email) for user_id, app, email in chosen}


def preferences_of(*, user) -> list[dict]:
    """One entry per kind, in Kind's order: {"kind", "label", "in_app", "email"}."""
    chosen = {p.kind: (p.in_app, p.email) for p in NotificationPreference.objects.filter(user=user)}
    return [
        {
            "kind": kind,
            "label": label,
            **dict(zip(("in_app", "email"), chosen.get(kind, DEFAULT_CHANNELS[kind]), strict=True)),
        }
        for kind, label in Kind.choices
    ]


def is_reminded(*, user, stream) -> bool:
    return user.is_authenticated and StreamReminder.objects.filter(user=user, stream=stream).exists()
