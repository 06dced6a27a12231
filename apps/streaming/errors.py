from apps.core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied


class StreamNotFound(NotFound):
    code = "stream_not_found"


class NotStreamOwner(PermissionDenied):
    code = "not_stream_owner"


class IllegalTransition(Conflict):
    code = "illegal_transition"


class StreamInvalid(ApplicationError):
    code = "stream_invalid"


class ChatRefused(ApplicationError):
    """A chat message the rules refuse (chat off, slow mode, too long, ...)."""

    code = "chat_refused"


class ChatRateLimited(ApplicationError):
    code = "rate_limited"
    status = 429


class LoginRequired(PermissionDenied):
    code = "login_required"
    status = 401


class NotModerator(PermissionDenied):
    code = "not_moderator"


class PaymentRequired(PermissionDenied):
    code = "payment_required"
    status = 402


class StreamPrivate(PermissionDenied):
    """A private stream, to someone who knew it (an open socket when it went private, an HLS address)."""

    code = "stream_private"


class MessageNotFound(NotFound):
    code = "message_not_found"


class NotHeld(Conflict):
    """A held message a moderator acted on after someone else did (approved, denied or expired)."""

    code = "not_held"


class HeldExpired(Conflict):
    """A held message past HELD_MESSAGE_TTL: nobody may approve it any more."""

    code = "held_expired"
