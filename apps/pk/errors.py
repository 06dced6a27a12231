from apps.core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied


class BattleInvalid(ApplicationError):
    """The invitation itself is wrong: mode, team sizes, duration, gift, the same host twice."""

    code = "battle_invalid"


class HostOffline(Conflict):
    code = "host_offline"


class HostBusy(Conflict):
    """The host is in another battle already (or invited to one)."""

    code = "host_in_battle"


class InvitationClosed(Conflict):
    """Accepting or declining an invitation that lapsed, was declined or was called off."""

    code = "invitation_closed"


class InvitationExpired(InvitationClosed):
    code = "invitation_expired"


class NotInBattle(PermissionDenied):
    code = "not_in_battle"


class BattleNotFound(NotFound):
    code = "battle_not_found"


class PkHistoryHidden(PermissionDenied):
    code = "profile_private"


class HostRestricted(PermissionDenied):
    """One of the hosts is banned or timed out in another's channel (or everywhere)."""

    code = "host_restricted"
