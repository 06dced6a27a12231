from apps.core.exceptions import ApplicationError, Conflict


class ReminderRefused(Conflict):
    """Only a scheduled stream can be reminded of (not a live, ended or cancelled one)."""

    code = "stream_not_scheduled"


class OwnStreamReminder(ApplicationError):
    code = "own_stream"


class PreferencesInvalid(ApplicationError):
    code = "preferences_invalid"
