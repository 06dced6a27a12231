from apps.notifications import services
from apps.notifications.models import Kind


def notify_gifts(user, n: int, *, actor=None) -> None:
    """`n` gift notifications for `user`, oldest first: "Gift number 0", "Gift number 1"..."""
    for i in range(n):
        services.notify(
            kind=Kind.GIFT,
            recipient_ids=[user.pk],
            source_key=f"test-gift:{i}",
            title=f"Gift number {i}",
            url="/wallet/",
            actor_id=actor and actor.pk,
        )
