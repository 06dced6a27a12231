"""Every file the site takes from a user or a staff member passes through here before it is stored.

Each cleaner parses the bytes as what they must be and returns a new file (`CleanFile`) under a
name the server chose, with the extension of the type the parse found: images are decoded and
re-encoded (metadata dropped), PDFs are parsed, videos and sounds are probed with ffprobe (sounds
are also remuxed). The client's file name and content type are never used.
"""

import io
import secrets
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps
from pypdf import PdfReader

from apps.core import ffmpeg

MAX_IMAGE_SIDE = 6000
MAX_IMAGE_PIXELS = 25_000_000
MAX_PDF_PAGES = 100
MAX_VIDEO_SECONDS = 600
# As long as the longest gift animation.
MAX_SOUND_SECONDS = 15


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str


JPEG = FileType(".jpg", "image/jpeg")
PNG = FileType(".png", "image/png")
WEBP = FileType(".webp", "image/webp")
GIF = FileType(".gif", "image/gif")
MP3 = FileType(".mp3", "audio/mpeg")
OGG = FileType(".ogg", "audio/ogg")
M4A = FileType(".m4a", "audio/mp4")
PDF = FileType(".pdf", "application/pdf")
MP4 = FileType(".mp4", "video/mp4")
MOV = FileType(".mov", "video/quicktime")

IMAGE_TYPES = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP, "GIF": GIF}
# What public media may hold, and the only types it is ever served as (by Django and by nginx).
PUBLIC_TYPES = {t.extension: t.content_type for t in (JPEG, PNG, WEBP, GIF, MP3, OGG, M4A)}
_ALL_TYPES = {**PUBLIC_TYPES, **{t.extension: t.content_type for t in (PDF, MP4, MOV)}}


def content_type_of(name: str) -> str:
    """The type a stored file was validated as, from the extension the server gave it."""
    return _ALL_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


class CleanFile(ContentFile):
    """Bytes this module parsed, under a new unguessable name with the extension of their type."""

    def __init__(self, content: bytes, file_type: FileType):
        super().__init__(content, name=secrets.token_hex(16) + file_type.extension)
        self.content_type = file_type.content_type


def _read(upload, max_bytes: int) -> bytes:
    if upload.size > max_bytes:
        raise ValidationError(
            f"File too large ({filesizeformat(upload.size)}); the limit is {filesizeformat(max_bytes)}.",
            code="file_too_large",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


# --- Images -----------------------------------------------------------------------------------
def _reencoded(data: bytes) -> CleanFile | None:
    """The picture drawn anew: upright (EXIF orientation applied), first frame only (an animated GIF
    or WebP becomes a still), no metadata; in the format it came in. None if it is not one."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            file_type = IMAGE_TYPES.get(image.format)
            width, height = image.size
            if file_type is None or max(width, height) > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
                return None
            upright = ImageOps.exif_transpose(image)
            has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
            picture = upright.convert("RGBA" if has_alpha and file_type is not JPEG else "RGB")
            picture.info = {}
            out = io.BytesIO()
            picture.save(out, format=image.format, **({"quality": 90} if file_type in (JPEG, WEBP) else {}))
    # Pillow's decoders fail on hostile input in many ways; any failure means "not an image".
    except Exception:
        return None
    return CleanFile(out.getvalue(), file_type)


def clean_image(upload, *, max_bytes: int) -> CleanFile:
    """A JPEG, PNG, WebP or GIF image, re-encoded."""
    clean = _reencoded(_read(upload, max_bytes))
    if clean is None:
        raise ValidationError(
            f"Upload a JPEG, PNG, WebP or GIF image "
            f"(at most {MAX_IMAGE_SIDE}px a side, {MAX_IMAGE_PIXELS // 1_000_000} megapixels).",
            code="invalid_image",
        )
    return clean


# --- Documents: an image, a PDF or a video --------------------------------------------------------
def _is_pdf(data: bytes) -> bool:
    """Whether pypdf reads a page tree of 1 to MAX_PDF_PAGES pages (a `%PDF-` prefix alone is not a PDF)."""
    if not data.startswith(b"%PDF-"):
        return False
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        if not encrypted:
            pages = reader.pages
            if not 0 < len(pages) <= MAX_PDF_PAGES:
                return False
            for page in pages:
                page.mediabox  # noqa: B018 (reading every page is the check)
    # pypdf fails on hostile input in many ways; any failure means "not a PDF".
    except Exception:
        return False
    if encrypted:
        raise ValidationError("Upload the PDF without a password.", code="encrypted_pdf")
    return True


@contextmanager
def _on_disk(upload, data: bytes):
    """A path ffmpeg can read: the upload's own temporary file, or a new one."""
    if hasattr(upload, "temporary_file_path"):
        yield Path(upload.temporary_file_path())
        return
    with tempfile.NamedTemporaryFile(suffix=".upload") as copy:
        copy.write(data)
        copy.flush()
        yield Path(copy.name)


def _probe(path: Path, *, formats: str, tools_missing: str) -> dict | None:
    """ffprobe's description, or None when it is no such file. Without ffprobe nothing is
    accepted unparsed: the uploader is told why."""
    try:
        return ffmpeg.probe(path, formats=formats)
    except ffmpeg.ToolMissing:
        raise ValidationError(tools_missing, code="media_tools_missing") from None
    except ffmpeg.MediaError:
        return None


def _streams(description: dict, kind: str) -> list[dict]:
    """The streams of one kind; a cover picture inside a sound file is not a video."""
    return [
        stream
        for stream in description.get("streams", [])
        if stream.get("codec_type") == kind and not stream.get("disposition", {}).get("attached_pic")
    ]


def _seconds(description: dict) -> float:
    try:
        return float(description["format"]["duration"])
    except (KeyError, TypeError, ValueError):
        return 0.0


def _video_type(upload, data: bytes) -> FileType | None:
    with _on_disk(upload, data) as path:
        description = _probe(
            path,
            formats="mov",
            tools_missing="Videos cannot be checked on this server (ffprobe is not installed): "
            "upload a photo or a PDF instead.",
        )
    if description is None or not 0 < _seconds(description) <= MAX_VIDEO_SECONDS:
        return None
    if not any(stream.get("width") and stream.get("height") for stream in _streams(description, "video")):
        return None
    brand = description["format"].get("tags", {}).get("major_brand", "")
    return MOV if brand.startswith("qt") else MP4


def clean_document(upload, *, max_bytes: int) -> CleanFile:
    """A photo or scan (re-encoded), a PDF, or an MP4/MOV video of at most MAX_VIDEO_SECONDS."""
    data = _read(upload, max_bytes)
    if clean := _reencoded(data):
        return clean
    if _is_pdf(data):
        return CleanFile(data, PDF)
    # MP4 and QuickTime files open with an `ftyp` box; only those are worth asking ffprobe about.
    if data[4:8] == b"ftyp" and (video := _video_type(upload, data)):
        return CleanFile(data, video)
    raise ValidationError(
        f"Upload a photo (JPEG, PNG, WebP or GIF), a PDF, or an MP4 video of at most "
        f"{MAX_VIDEO_SECONDS // 60} minutes.",
        code="invalid_document",
    )


# --- Sounds -----------------------------------------------------------------------------------------
# ffprobe's name of each demuxer we take, the type it is stored as, and ffmpeg's muxer for that.
SOUND_FORMATS = {"mp3": (MP3, "mp3"), "ogg": (OGG, "ogg"), "mov,mp4,m4a,3gp,3g2,mj2": (M4A, "ipod")}


def _remuxed_sound(source: Path) -> CleanFile | None:
    description = _probe(
        source,
        formats="mp3,ogg,mov",
        tools_missing="Sounds cannot be checked on this server (ffprobe is not installed).",
    )
    if description is None or _streams(description, "video") or not _streams(description, "audio"):
        return None
    file_type, muxer = SOUND_FORMATS.get(description["format"].get("format_name"), (None, None))
    if file_type is None or not 0 < _seconds(description) <= MAX_SOUND_SECONDS:
        return None
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"sound{file_type.extension}"
        try:
            ffmpeg.run(
                ["ffmpeg", "-nostdin", "-v", "error", *ffmpeg.input_options("mp3,ogg,mov"), "-i", str(source),
                 "-map", "0:a:0", "-c", "copy", "-map_metadata", "-1", "-f", muxer, str(target)],
                timeout=30,
            )  # fmt: skip
        except ffmpeg.MediaError:
            return None
        return CleanFile(target.read_bytes(), file_type)


def clean_sound(upload, *, max_bytes: int) -> CleanFile:
    """An MP3, Ogg or M4A sound of at most MAX_SOUND_SECONDS, remuxed: its first audio stream
    only, no metadata, no bytes around it."""
    data = _read(upload, max_bytes)
    with _on_disk(upload, data) as source:
        clean = _remuxed_sound(source)
    if clean is None:
        raise ValidationError(
            f"Upload an MP3, Ogg or M4A sound of at most {MAX_SOUND_SECONDS} seconds.", code="invalid_sound"
        )
    return clean
