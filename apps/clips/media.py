"""Clips cut with ffmpeg: from a live angle's HLS segments (nginx-rtmp keeps the last
CLIP_WINDOW_SECONDS and more on disk) or from a recording's MP4.

Times are the picture's own clock: milliseconds of the encoder's timestamps since it began
publishing, which nginx-rtmp's HLS writer carries into every segment (shifted by its fixed delay).
A live cut is frame-accurate without re-encoding the whole clip: the segments wholly inside the
range are copied, only the first and last are re-encoded from/to the exact frame.
"""

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from apps.core.ffmpeg import MediaError, input_options, probe, run
from apps.devices.media import duration_of

# nginx-rtmp adds NGX_RTMP_HLS_DELAY (63000 at 90 kHz) to every timestamp it writes into HLS.
NGINX_HLS_DELAY_MS = 700
# A range may start or end this far outside what the segments hold (timestamps are whole ms,
# frame durations are not).
EDGE_SLACK_MS = 50
SEGMENTS = "mpegts"


@dataclass(frozen=True)
class Segment:
    path: Path
    start_ms: int
    duration_ms: int

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.duration_ms


def live_segments(hls_dir: Path, playback_name: str) -> list[Segment]:
    """The finished segments of an angle's live HLS, oldest first, on the picture's clock. Only those
    since the newest discontinuity (the encoder's latest connection): its clock starts again at 0."""
    try:
        playlist = (hls_dir / f"{playback_name}.m3u8").read_text(errors="replace")
    except OSError:
        raise MediaError("this camera has no live video on the media server") from None
    entries: list[tuple[str, int]] = []
    duration_ms = None
    segment_name = re.compile(rf"{re.escape(playback_name)}-\d+\.ts")
    for line in (line.strip() for line in playlist.splitlines()):
        if line.startswith("#EXT-X-DISCONTINUITY"):
            entries = []
        elif line.startswith("#EXTINF:"):
            duration_ms = round(float(line[8:].split(",")[0]) * 1000)
        elif line and not line.startswith("#") and duration_ms is not None and segment_name.fullmatch(line):
            entries.append((line, duration_ms))
            duration_ms = None
    if not entries:
        raise MediaError("no live video on the media server yet")
    start_ms = _video_start_ms(hls_dir / entries[0][0]) - NGINX_HLS_DELAY_MS
    segments = []
    for name, duration_ms in entries:
        segments.append(Segment(hls_dir / name, start_ms, duration_ms))
        start_ms += duration_ms
    return segments


def _video_start_ms(path: Path) -> int:
    streams = probe(path, formats=SEGMENTS)["streams"]
    video = next((stream for stream in streams if stream.get("codec_type") == "video"), None)
    if video is None or "start_time" not in video:
        raise MediaError(f"no picture in {path.name}")
    return round(float(video["start_time"]) * 1000)


def _reencode(segment: Segment, *, from_ms: int, to_ms: int, target: Path) -> Path:
    """The frames of `segment` from `from_ms` to `to_ms` (the picture's clock), re-encoded to MPEG-TS
    like the source (same size and pixel format) so that the copied segments follow on."""
    description = probe(segment.path, formats=SEGMENTS)
    try:
        # Timestamps count from the file's start: its earliest packet, audio or video.
        file_start = float(description["format"]["start_time"])
        video = next(stream for stream in description["streams"] if stream.get("codec_type") == "video")
        size = f"{video['width']}x{video['height']}"
    except (KeyError, ValueError, StopIteration):
        raise MediaError(f"no picture in {segment.path.name}") from None
    into = (from_ms + NGINX_HLS_DELAY_MS) / 1000 - file_start
    # Seeking on the output side: ffmpeg decodes the (1 s) segment from its keyframe; seeking in
    # MPEG-TS input would skip past it.
    run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", *input_options(SEGMENTS), "-i", str(segment.path),
         "-ss", f"{max(into, 0):.3f}", "-t", f"{(to_ms - from_ms) / 1000:.3f}",
         "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", video.get("pix_fmt", "yuv420p"), "-s", size,
         "-c:a", "aac", "-f", "mpegts", str(target)]
    )  # fmt: skip
    return target


def cut_live(segments: list[Segment], *, start_ms: int, end_ms: int, target: Path) -> float:
    """Cut [start_ms, end_ms) of the picture into an MP4 (faststart) at `target`; returns its seconds."""
    # A sliver of a segment at either end (less than a frame) is left out: there is no frame in it to encode.
    covering = [
        segment
        for segment in segments
        if segment.end_ms > start_ms + EDGE_SLACK_MS and segment.start_ms < end_ms - EDGE_SLACK_MS
    ]
    if not covering or covering[0].start_ms > start_ms + EDGE_SLACK_MS or covering[-1].end_ms < end_ms - EDGE_SLACK_MS:
        raise MediaError("that part of the stream is no longer on the media server")
    first, last = covering[0], covering[-1]
    with tempfile.TemporaryDirectory(prefix="clip-") as work:
        folder = Path(work)
        if first is last:
            pieces = [(_reencode(first, from_ms=start_ms, to_ms=end_ms, target=folder / "only.ts"), end_ms - start_ms)]
        else:
            head_ms, tail_ms = max(start_ms, first.start_ms), min(end_ms, last.end_ms)
            pieces = [
                (
                    _reencode(first, from_ms=head_ms, to_ms=first.end_ms, target=folder / "first.ts"),
                    first.end_ms - head_ms,
                ),
                *((segment.path, segment.duration_ms) for segment in covering[1:-1]),
                (
                    _reencode(last, from_ms=last.start_ms, to_ms=tail_ms, target=folder / "last.ts"),
                    tail_ms - last.start_ms,
                ),
            ]
        # Each piece lasts as long as its picture: a segment's audio starts a little before its video,
        # and lengths read from the files would open a gap in the picture at every joint.
        listing = folder / "pieces.txt"
        listing.write_text("".join(f"file '{path.resolve()}'\nduration {ms / 1000:.3f}\n" for path, ms in pieces))
        _write_mp4(["-f", "concat", "-safe", "0", *input_options("concat,mpegts"), "-i", str(listing), "-c", "copy"],
                   target)  # fmt: skip
    return duration_of(target)


def cut_recording(video: Path, *, start_ms: int, end_ms: int, target: Path) -> float:
    """Cut [start_ms, end_ms) of a recording's MP4, re-encoded from the exact frame."""
    if not video.is_file():
        raise MediaError("the recording's video is missing")
    _write_mp4(
        [*input_options("mov,mp4,m4a,3gp,3g2,mj2"), "-ss", f"{start_ms / 1000:.3f}", "-i", str(video),
         "-t", f"{(end_ms - start_ms) / 1000:.3f}", "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac"],
        target,
    )  # fmt: skip
    return duration_of(target)


def _write_mp4(arguments: list[str], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part.mp4")
    run(["ffmpeg", "-nostdin", "-v", "error", "-y", *arguments, "-movflags", "+faststart", "-f", "mp4", str(partial)])
    partial.replace(target)
