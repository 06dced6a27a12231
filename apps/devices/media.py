"""ffmpeg for recordings and live feeds: remux to MP4, cut a thumbnail, read the duration."""

import json
from pathlib import Path

from apps.core.ffmpeg import MediaError, run


def duration_of(path: Path) -> float:
    probe = run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)])
    try:
        return float(json.loads(probe)["format"]["duration"])
    except (KeyError, ValueError) as exc:
        raise MediaError(f"no duration in {path.name}") from exc


def remux_to_mp4(source: Path, target: Path) -> float:
    """Copy the streams into an MP4 that starts playing before it is fully downloaded; returns seconds."""
    if not source.is_file():
        raise MediaError(f"the recording {source.name} is missing")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part.mp4")
    run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(source),
            "-c",
            "copy",
            "-movflags",
            "+faststart",
            str(partial),
        ]
    )
    partial.replace(target)
    return duration_of(target)


def _one_frame(source: Path, *, at: str | None = None) -> bytes:
    """A JPEG of one frame, 640 px wide, on standard output: no file to share or clean up."""
    seek = ["-ss", at] if at else []
    picture = run(
        ["ffmpeg", "-nostdin", "-v", "error", *seek, "-i", str(source), "-frames:v", "1", "-vf", "scale=640:-2",
         "-f", "image2pipe", "-c:v", "mjpeg", "pipe:1"]
    )  # fmt: skip
    if not picture:
        raise MediaError(f"no picture in {source.name}")
    return picture


def cut_thumbnail(video: Path, target: Path, duration: float) -> None:
    """One frame, a little way in (the first frames of a stream are often black)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_one_frame(video, at=f"{min(max(duration / 3, 0), 5):.2f}"))


def frame_from_live(hls_dir: Path, playback_name: str) -> bytes:
    """A JPEG of the newest finished HLS segment an angle has written (a live stream's thumbnail).

    The playlist names only finished segments: the newest file on disk may be half written. And
    nginx-rtmp's hls_cleanup may delete a segment at any moment, which is a MediaError like any other.
    """
    try:
        playlist = (hls_dir / f"{playback_name}.m3u8").read_text(errors="replace")
    except OSError:
        raise MediaError("no HLS playlist yet") from None
    segments = [line.strip() for line in playlist.splitlines() if line.strip() and not line.startswith("#")]
    if not segments:
        raise MediaError("no HLS segment yet")
    return _one_frame(hls_dir / Path(segments[-1]).name)
