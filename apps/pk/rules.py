"""Who may battle whom: a battle shows each host on the others' streams, so a host banned or timed
out in another's channel (or banned everywhere) cannot be in a battle with them."""

from apps.pk.errors import HostRestricted
from apps.restrictions.models import RestrictionKind
from apps.restrictions.rules import restriction_among


def lineup_problem(hosts) -> HostRestricted | None:
    restriction = restriction_among(hosts)
    if restriction is None:
        return None
    who = restriction.user.public_name
    if restriction.channel_id is None:
        return HostRestricted(f"{who} is banned from the platform.")
    how = "banned from" if restriction.kind == RestrictionKind.BAN else "timed out in"
    return HostRestricted(f"{who} is {how} {restriction.channel.public_name}'s channel: they cannot battle.")
