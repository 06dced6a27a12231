"""Whether the header offers the moderators' desk. It is decided as the user signs in (whoever may
open the desk: selectors.desk.desk_scope) and kept in their session, so no page pays a read for
it; someone appointed later sees the link from their next sign-in (the desk answers them at once)."""

from apps.moderation.selectors.desk import desk_scope

SESSION_KEY = "moderation.desk_link"


def remember_desk_link(sender, request, user, **kwargs) -> None:
    """On `user_logged_in`."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = desk_scope(user) is not None


def desk_link(request) -> dict:
    """Template context: `desk_link`, whether the header links to the desk."""
    session = getattr(request, "session", None)
    return {"desk_link": bool(session is not None and session.get(SESSION_KEY))}
