"""ffmpeg for recordings: remux to MP4, cut a thumbnail, read the duration."""

import json
import shutil
import subprocess
from pathlib import Path

FFMPEG_TIMEOUT_SECONDS = 600


class MediaError(Exception):
    pass


def _run(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        raise MediaError(f"{command[0]} is not installed (apt install ffmpeg)")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=FFMPEG_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise MediaError(f"{command[0]} took longer than {FFMPEG_TIMEOUT_SECONDS}s") from None
    if done.returncode != 0:
        raise MediaError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}")
    return done.stdout


def duration_of(path: Path) -> float:
    probe = _run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)])
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
    _run(
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


def _one_frame(source: Path, target: Path, *, at: str | None = None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    seek = ["-ss", at] if at else []
    _run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            *seek,
            "-i",
            str(source),
            "-frames:v",
            "1",
            "-vf",
            "scale=640:-2",
            str(target),
        ]
    )


def cut_thumbnail(video: Path, target: Path, duration: float) -> None:
    """One frame, a little way in (the first frames of a stream are often black)."""
    _one_frame(video, target, at=f"{min(max(duration / 3, 0), 5):.2f}")


def frame_from_live(hls_dir: Path, playback_name: str, target: Path) -> None:
    """A picture from the newest HLS segment an angle has written (a live stream's thumbnail)."""
    segments = sorted(hls_dir.glob(f"{playback_name}-*.ts"), key=lambda path: path.stat().st_mtime)
    if not segments:
        raise MediaError("no HLS segment yet")
    _one_frame(segments[-1], target)
