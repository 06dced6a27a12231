from apps.core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied


class DeviceNotFound(NotFound):
    code = "device_not_found"


class DeviceInvalid(ApplicationError):
    code = "device_invalid"


class NotDeviceOwner(PermissionDenied):
    code = "not_device_owner"


class IngestRefused(PermissionDenied):
    """nginx asked whether an encoder may publish (or go on publishing), and the answer is no."""

    code = "ingest_refused"


class AlreadyPublishing(Conflict):
    code = "already_publishing"


class RecordingNotFound(NotFound):
    code = "recording_not_found"
