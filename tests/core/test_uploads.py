"""apps.core.uploads: every upload is parsed as what it must be and comes back re-made, under a
name the server chose with the extension of the type it was found to be."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter

from apps.core import uploads
from tests.factories import pdf_bytes
from tests.uploads import POLYGLOTS, polyglot, sound_bytes, video_bytes

BIG = 50 * 1024 * 1024


def upload(content: bytes, name: str = "file.bin", content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def image_bytes(fmt: str, *, size=(40, 20), mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "orange" if mode == "RGB" else 1).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def server_named(clean, extension: str) -> None:
    assert re.fullmatch(rf"[0-9a-f]{{32}}\{extension}", clean.name), clean.name


@pytest.mark.parametrize("kind", list(POLYGLOTS))
@pytest.mark.parametrize("cleaner", [uploads.clean_image, uploads.clean_document])
def test_the_polyglots_are_refused_as_images_and_as_documents(kind, cleaner):
    with pytest.raises(ValidationError) as refused:
        cleaner(polyglot(kind), max_bytes=BIG)
    assert refused.value.code in ("invalid_image", "invalid_document")


@pytest.mark.parametrize(("fmt", "extension"), [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp"), ("GIF", ".gif")])
def test_an_image_is_re_encoded_under_a_server_name_with_the_extension_of_its_type(fmt, extension):
    # The client's name and type say JPEG/HTML; the bytes decide.
    clean = uploads.clean_image(upload(image_bytes(fmt), "x.html", "text/html"), max_bytes=BIG)
    server_named(clean, extension)
    assert clean.content_type == uploads.content_type_of(clean.name) == f"image/{extension[1:]}".replace("jpg", "jpeg")
    with Image.open(clean) as image:
        assert (image.format, image.size) == (fmt, (40, 20))


def test_bytes_around_an_image_do_not_survive_its_re_encoding():
    content = image_bytes("GIF") + b"<script>alert(1)</script>"
    clean = uploads.clean_image(upload(content, "a.gif"), max_bytes=BIG)
    assert b"script" not in clean.read()


def test_metadata_is_dropped_and_the_exif_orientation_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° to display"
    exif[0x010F] = "SecretCam"  # camera make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS position
    content = image_bytes("JPEG", exif=exif, comment=b"home address", icc_profile=b"icc-secret")
    clean = uploads.clean_image(upload(content), max_bytes=BIG).read()
    for secret in (b"SecretCam", b"home address", b"icc-secret"):
        assert secret not in clean
    with Image.open(io.BytesIO(clean)) as image:
        assert image.size == (20, 40)  # upright
        assert not image.getexif()


def test_an_animated_gif_keeps_its_first_frame_only():
    frames = [Image.new("RGB", (16, 16), color) for color in ("red", "blue", "green")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    clean = uploads.clean_image(upload(buffer.getvalue()), max_bytes=BIG)
    with Image.open(clean) as image:
        assert getattr(image, "n_frames", 1) == 1
        assert image.convert("RGB").getpixel((8, 8)) == (255, 0, 0)


@pytest.mark.parametrize("size", [(uploads.MAX_IMAGE_SIDE + 1, 10), (5001, 5001)], ids=["too wide", "too many pixels"])
def test_images_too_large_in_pixels_are_refused_before_decoding(size):
    content = image_bytes("PNG", size=size, mode="1")  # a few KB of PNG, far more pixels
    with pytest.raises(ValidationError, match="at most 6000px a side, 25 megapixels"):
        uploads.clean_image(upload(content), max_bytes=BIG)


def test_a_file_over_the_byte_limit_is_refused_unread():
    with pytest.raises(ValidationError, match="File too large"):
        uploads.clean_image(upload(image_bytes("PNG")), max_bytes=10)


def test_a_pdf_is_parsed_and_kept_as_it_came():
    content = pdf_bytes()
    clean = uploads.clean_document(upload(content, "scan.html", "text/html"), max_bytes=BIG)
    server_named(clean, ".pdf")
    assert (clean.content_type, clean.read()) == ("application/pdf", content)


def test_a_pdf_prefix_alone_is_not_a_pdf():
    for content in (b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", POLYGLOTS["pdf_html"][2]):
        with pytest.raises(ValidationError, match="Upload a photo"):
            uploads.clean_document(upload(content), max_bytes=BIG)


def test_a_password_protected_pdf_is_refused_with_the_reason():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ValidationError, match="without a password"):
        uploads.clean_document(upload(buffer.getvalue()), max_bytes=BIG)


def test_a_photo_of_a_document_is_re_encoded_like_any_image():
    clean = uploads.clean_document(upload(image_bytes("PNG"), "id.pdf", "application/pdf"), max_bytes=BIG)
    server_named(clean, ".png")


def test_without_ffprobe_a_video_is_refused_saying_why(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ValidationError, match=r"cannot be checked on this server \(ffprobe is not installed\)"):
        uploads.clean_document(upload(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64), max_bytes=BIG)
    with pytest.raises(ValidationError, match="ffprobe is not installed"):
        uploads.clean_sound(upload(b"ID3" + b"\x00" * 64), max_bytes=BIG)


@pytest.mark.media
@pytest.mark.parametrize(("suffix", "file_type"), [(".mp4", uploads.MP4), (".mov", uploads.MOV)])
def test_a_video_is_probed_and_kept_as_mp4_or_quicktime(suffix, file_type):
    content = video_bytes(suffix=suffix)
    clean = uploads.clean_document(upload(content, "clip.html", "text/html"), max_bytes=BIG)
    server_named(clean, file_type.extension)
    assert (clean.content_type, clean.read()) == (file_type.content_type, content)


@pytest.mark.media
def test_videos_without_a_picture_or_too_long_are_refused(monkeypatch):
    sound_only = sound_bytes(suffix=".m4a")  # an MP4 container too, with no video stream
    with pytest.raises(ValidationError, match="Upload a photo"):
        uploads.clean_document(upload(sound_only), max_bytes=BIG)
    monkeypatch.setattr(uploads, "MAX_VIDEO_SECONDS", 1)
    with pytest.raises(ValidationError, match="Upload a photo"):
        uploads.clean_document(upload(video_bytes(seconds=2)), max_bytes=BIG)


@pytest.mark.media
@pytest.mark.parametrize(("suffix", "file_type"), [(".mp3", uploads.MP3), (".ogg", uploads.OGG), (".m4a", uploads.M4A)])
def test_a_sound_is_remuxed_without_its_metadata(suffix, file_type):
    clean = uploads.clean_sound(upload(sound_bytes(suffix=suffix), "boom.html", "text/html"), max_bytes=BIG)
    server_named(clean, file_type.extension)
    assert clean.content_type == file_type.content_type
    assert b"Secret title" not in clean.read()


@pytest.mark.media
def test_what_is_not_a_short_sound_is_refused(tmp_path, monkeypatch):
    # An HLS playlist pointing at a local file: ffprobe must not follow it.
    (tmp_path / "a.mp3").write_bytes(sound_bytes())
    playlist = f"#EXTM3U\n#EXTINF:1,\nfile://{tmp_path / 'a.mp3'}\n#EXT-X-ENDLIST\n".encode()
    not_sounds = [*(content for _, _, content in POLYGLOTS.values()), playlist, video_bytes()]
    monkeypatch.setattr(uploads, "MAX_SOUND_SECONDS", 1)
    for content in [*not_sounds, sound_bytes(seconds=2)]:
        with pytest.raises(ValidationError, match="Upload an MP3, Ogg or M4A sound"):
            uploads.clean_sound(upload(content), max_bytes=BIG)
