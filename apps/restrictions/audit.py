"""The one way an audit row is written: inside the action's own transaction, so an action that
fails leaves no row and a row never lacks its action."""

from django.db import transaction

from apps.restrictions.models import AuditEntry


def record(*, actor, action: str, user=None, channel=None, target: str = "", reason: str = "", **detail) -> AuditEntry:
    """Write who did `action` to `user` in `channel` (a creator, or None: everywhere), about
    `target` ("message:12"), and why. Callers run inside their action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("An audit row is written inside the action's transaction.")
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        action=action,
        user=user,
        channel=channel,
        target=target,
        reason=(reason or "")[:500],
        detail=detail,
    )
