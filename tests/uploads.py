"""Files to upload in tests: the attacker's polyglots, and real media cut by ffmpeg."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

# The three polyglots of the attacker's pass (issue 14). The first two have `ftyp` at bytes 4-8,
# as an MP4 has; the third opens like a PDF. Each would run as a page of our origin if served as
# what its name says.
SCRIPT = b"<script>fetch('/api/v1/gifts/send',{method:'POST',credentials:'include'})</script>"
POLYGLOTS = {
    "html_video": ("proof.html", "video/mp4", b"<!--ftyp--><html><body>" + SCRIPT + b"</body></html>"),
    "js_photo": ("avatar.js", "image/jpeg", b"1;//ftypisom\nfetch('/api/v1/gifts/send',{method:'POST'});\n"),
    "pdf_html": ("id.html", "application/pdf", b"%PDF-1.7\n<html><body>" + SCRIPT + b"</body></html>\n%%EOF\n"),
}


def polyglot(kind: str) -> SimpleUploadedFile:
    name, content_type, content = POLYGLOTS[kind]
    return SimpleUploadedFile(name, content, content_type=content_type)


def image_polyglot() -> SimpleUploadedFile:
    """A real PNG that is also a page: the script sits in a text chunk, and the name says .html.
    Served as its name says, a browser parses the bytes as HTML and runs the script."""
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "<html><body>" + SCRIPT.decode() + "</body></html>")
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "orange").save(buffer, format="PNG", pnginfo=text)
    return SimpleUploadedFile("photo.html", buffer.getvalue(), content_type="text/html")


def remade(stored) -> bytes:
    """The bytes of a stored image, which must hold nothing of the script."""
    with stored.open("rb") as file:
        content = file.read()
    assert b"<script" not in content
    return content


def media_bytes(*ffmpeg_args: str, suffix: str) -> bytes:
    """A file ffmpeg writes from its test sources, e.g. media_bytes("-f", "lavfi", "-i", "sine", suffix=".mp3")."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"out{suffix}"
        subprocess.run([shutil.which("ffmpeg"), "-nostdin", "-v", "error", "-y", *ffmpeg_args, str(target)], check=True)
        return target.read_bytes()


def video_bytes(*, seconds: float = 1, suffix: str = ".mp4") -> bytes:
    """A phone-like clip: H.264 with AAC, in MP4 (or QuickTime for `.mov`)."""
    return media_bytes(
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15", "-f", "lavfi", "-i", "sine",
        "-t", str(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", suffix=suffix,
    )  # fmt: skip


def sound_bytes(*, seconds: float = 1, suffix: str = ".mp3") -> bytes:
    """A tone with a title tag, as .mp3, .ogg or .m4a."""
    codec = {".mp3": "libmp3lame", ".ogg": "libvorbis", ".m4a": "aac"}[suffix]
    return media_bytes(
        "-f", "lavfi", "-i", "sine=frequency=660", "-t", str(seconds), "-c:a", codec,
        "-metadata", "title=Secret title", suffix=suffix,
    )  # fmt: skip
