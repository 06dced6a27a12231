"""Model fields for uploaded files. A new file is replaced by the clean copy `apps.core.uploads`
makes of it, in `full_clean` (so model forms, admin included, show its error on the field) and
again at the latest when it is saved, so no path stores a file that was not parsed."""

from django.conf import settings
from django.db import models

from apps.core import uploads


class _CleanedUpload:
    cleaner = None
    max_bytes_setting = ""
    accept = ""  # what the browser's file picker offers

    def cleaned(self, value):
        """`value` with a new upload replaced by its clean copy; stored files are left alone."""
        # A file without a name is not saved at all (Django refuses it), so it needs no cleaning.
        if value and not value._committed and not isinstance(value.file, uploads.CleanFile):
            return self.cleaner(value.file, max_bytes=getattr(settings, self.max_bytes_setting))
        return value

    def clean(self, value, model_instance):
        return self.cleaned(super().clean(value, model_instance))

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.widget.attrs.setdefault("accept", self.accept)
        return field

    def pre_save(self, model_instance, add):
        setattr(model_instance, self.attname, self.cleaned(getattr(model_instance, self.attname)))
        return super().pre_save(model_instance, add)


# A FileField, not an ImageField: ImageField judges an upload by its file name's extension, and
# here only the bytes decide.
class ImageUploadField(_CleanedUpload, models.FileField):
    """A JPEG, PNG, WebP or GIF image, re-encoded."""

    cleaner = staticmethod(uploads.clean_image)
    max_bytes_setting = "PROFILE_PHOTO_MAX_BYTES"
    accept = "image/jpeg,image/png,image/webp,image/gif"


class DocumentUploadField(_CleanedUpload, models.FileField):
    """An identity or proof document: a photo, a PDF or a short video."""

    cleaner = staticmethod(uploads.clean_document)
    max_bytes_setting = "VERIFICATION_DOCUMENT_MAX_BYTES"
    accept = "image/*,application/pdf,video/mp4,video/quicktime"


class SoundUploadField(_CleanedUpload, models.FileField):
    """A short MP3, Ogg or M4A sound, remuxed."""

    cleaner = staticmethod(uploads.clean_sound)
    max_bytes_setting = "GIFT_SOUND_MAX_BYTES"
    accept = "audio/mpeg,audio/ogg,audio/mp4"
