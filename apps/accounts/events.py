"""Realtime payloads of the accounts app."""

from apps.accounts.tiers import TierSpec
from apps.realtime.broadcast import broadcast
from apps.realtime.groups import user_group
from apps.realtime.protocol import Code


def verified_badge_payload(*, user_id: int, spec: TierSpec) -> dict:
    return {"u": user_id, "tier": spec.tier.value, "label": spec.label, "icon": spec.icon, "color": spec.color}


def send_verified_badge(*, user_id: int, spec: TierSpec) -> None:
    broadcast(user_group(user_id), Code.VERIFIED_BADGE, verified_badge_payload(user_id=user_id, spec=spec))
