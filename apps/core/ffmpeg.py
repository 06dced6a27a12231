"""ffmpeg and ffprobe as subprocesses with a time limit: the one place the site runs them."""

import json
import shutil
import subprocess
from pathlib import Path

TIMEOUT_SECONDS = 600


class MediaError(Exception):
    pass


class ToolMissing(MediaError):
    """ffmpeg or ffprobe is not installed here."""


def run(command: list[str], *, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Run ffmpeg or ffprobe; its standard output, or MediaError with the last line it complained."""
    if shutil.which(command[0]) is None:
        raise ToolMissing(f"{command[0]} is not installed (apt install ffmpeg)")
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise MediaError(f"{command[0]} took longer than {timeout}s") from None
    if done.returncode != 0:
        complaint = done.stderr.decode(errors="replace").strip()
        raise MediaError(complaint.splitlines()[-1] if complaint else f"exit {done.returncode}")
    return done.stdout


# Inputs are read with only the demuxers a caller names and no protocol but local files, so a
# hostile file (an HLS or concat playlist, say) cannot make ffmpeg open a URL or another file.
def input_options(formats: str) -> list[str]:
    return ["-protocol_whitelist", "file", "-format_whitelist", formats]


def probe(path: Path, *, formats: str, timeout: float = 30) -> dict:
    """ffprobe's description of a local file: its `format` and `streams`."""
    output = run(
        ["ffprobe", "-v", "error", *input_options(formats), "-show_format", "-show_streams", "-of", "json", str(path)],
        timeout=timeout,
    )
    try:
        return json.loads(output)
    except ValueError as exc:
        raise MediaError("ffprobe gave no description") from exc
