"""The wire protocol: every frame is compact JSON `{"t": CODE, "ts": epoch_ms, "d": {...}}`.

A batch of frames is `{"t": "B", "ts": ..., "d": [frame, ...]}`. Codes are the product spec's
two-letter ones plus ours. One code, one payload shape: docs/realtime.md lists each with its
payload, and static/js/lib/codes.js is generated from this enum (`manage.py realtime_codes`).
"""

import json
import time
from enum import StrEnum

from apps.core.text import UNSAFE_TEXT_DETAIL, is_unsafe_text


class Code(StrEnum):
    # Product spec
    PLAYER_JOINED = "PJ"
    PLAYER_LEFT = "PL"
    BRACKET_UPDATE = "BU"
    SCORE_UPDATE = "SU"
    EVENT_STATUS = "ES"
    VERIFIED_BADGE = "VB"
    ACHIEVEMENT = "AC"
    RANK_CHANGE = "RC"
    SUPERSTAR_ENTRY = "SE"
    STREAK_ALERT = "SA"
    MILESTONE = "ML"
    SHOT_STATS = "ST"
    PREDICTION = "PR"
    POINTS = "PT"
    SHOT_CHALLENGE = "CH"
    TIP = "TP"
    CLIP = "CL"
    # Ours
    CHAT_MESSAGE = "CM"
    CHAT_DELETED = "CD"
    GIFT = "GF"
    VIEWER_COUNT = "VC"
    LEADERBOARD = "LB"
    PK_STATE = "PK"
    PK_DUE = "PD"
    PK_NOTE = "PN"
    GOAL_PROGRESS = "GL"
    ANGLES = "AV"
    FOLLOWED_STREAM = "FS"
    NOTIFICATION_COUNT = "NC"
    HELD_MESSAGE = "HM"
    HELD_RESOLVED = "HR"
    DESK_UPDATE = "MQ"
    DESK_COUNTS = "MC"
    MAY = "MY"
    RESYNC = "RS"
    ERROR = "ER"
    HEARTBEAT = "HB"
    BATCH = "B"


MAX_CLIENT_FRAME_BYTES = 4096


class ProtocolError(Exception):
    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def now_ms() -> int:
    return int(time.time() * 1000)


def frame(code: Code | str, data: dict | list | None = None, *, ts: int | None = None) -> dict:
    return {"t": str(code), "ts": now_ms() if ts is None else ts, "d": {} if data is None else data}


def encode(value: dict) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def encode_frame(code: Code | str, data: dict | list | None = None) -> str:
    return encode(frame(code, data))


def error_frame(code: str, detail: str) -> str:
    return encode_frame(Code.ERROR, {"code": code, "detail": detail})


def parse_client_frame(text: str | None) -> tuple[str, dict]:
    """Parse a frame a client sent; raise ProtocolError with a stable code if it is malformed."""
    if text is None:
        raise ProtocolError("bad_frame", "Frames are JSON text, not binary.")
    if len(text.encode(errors="replace")) > MAX_CLIENT_FRAME_BYTES:
        raise ProtocolError("frame_too_large", f"Frames are at most {MAX_CLIENT_FRAME_BYTES} bytes.")
    try:
        value = json.loads(text)
    except ValueError:
        raise ProtocolError("bad_json", "The frame is not valid JSON.") from None
    if is_unsafe_text(value):
        raise ProtocolError("invalid_text", UNSAFE_TEXT_DETAIL)
    if not isinstance(value, dict) or not isinstance(value.get("t"), str):
        raise ProtocolError("bad_frame", 'A frame is an object with a "t" code.')
    data = value.get("d", {})
    if not isinstance(data, dict):
        raise ProtocolError("bad_frame", 'The "d" of a frame is an object.')
    return value["t"], data
