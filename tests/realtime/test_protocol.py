import json

import pytest

from apps.realtime.protocol import Code, ProtocolError, encode_frame, error_frame, parse_client_frame


def test_frames_are_compact_json_with_code_timestamp_and_data():
    text = encode_frame(Code.VERIFIED_BADGE, {"u": 7})
    assert " " not in text
    value = json.loads(text)
    assert value["t"] == "VB"
    assert value["d"] == {"u": 7}
    assert isinstance(value["ts"], int)
    assert value["ts"] > 1_700_000_000_000


def test_error_frame_carries_code_and_detail():
    value = json.loads(error_frame("bad_json", "nope"))
    assert value["t"] == "ER"
    assert value["d"] == {"code": "bad_json", "detail": "nope"}


def test_client_frame_parses():
    assert parse_client_frame('{"t": "CM", "d": {"content": "hi"}}') == ("CM", {"content": "hi"})
    assert parse_client_frame('{"t": "HB"}') == ("HB", {})


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (None, "bad_frame"),
        ("not json", "bad_json"),
        ("[1, 2]", "bad_frame"),
        ('{"d": {}}', "bad_frame"),
        ('{"t": 5}', "bad_frame"),
        ('{"t": "CM", "d": [1]}', "bad_frame"),
        ('{"t": "CM", "d": {"content": "' + "x" * 5000 + '"}}', "frame_too_large"),
    ],
)
def test_bad_client_frames_raise_protocol_errors(text, code):
    with pytest.raises(ProtocolError) as error:
        parse_client_frame(text)
    assert error.value.code == code
