"""Upload checks shared by every form and API that accepts files.

Content is sniffed from the bytes; the client's file name and content type are not trusted.
"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_IMAGE_SIDE = 6000


def _check_size(upload, max_bytes: int) -> None:
    if upload.size > max_bytes:
        raise ValidationError(
            f"File too large ({filesizeformat(upload.size)}); the limit is {filesizeformat(max_bytes)}.",
            code="file_too_large",
        )


def _image_format(upload) -> str | None:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
            fmt, size = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    if fmt not in IMAGE_FORMATS or max(size) > MAX_IMAGE_SIDE:
        return None
    return fmt


def _head(upload, length: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def validate_image(upload, *, max_bytes: int) -> None:
    _check_size(upload, max_bytes)
    if _image_format(upload) is None:
        raise ValidationError(
            f"Upload a JPEG, PNG, WebP or GIF image (at most {MAX_IMAGE_SIDE}px a side).",
            code="invalid_image",
        )


def validate_document(upload, *, max_bytes: int) -> None:
    """An image, a PDF or an MP4/MOV video."""
    _check_size(upload, max_bytes)
    head = _head(upload)
    is_pdf = head.startswith(b"%PDF-")
    is_video = head[4:8] == b"ftyp"
    if not (is_pdf or is_video or _image_format(upload)):
        raise ValidationError("Upload an image, a PDF or an MP4 video.", code="invalid_document")
