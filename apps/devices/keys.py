"""Ingest keys: random, shown once, kept only as a SHA-256 and compared in constant time."""

import hashlib
import hmac
import re
import secrets

PREFIX = "bsl_"
# 24 random bytes: 192 bits, URL- and RTMP-safe once base64url-encoded.
KEY_BYTES = 24
HINT_LENGTH = 8
# What an encoder may send as a stream name; anything else is junk, refused before any lookup.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def new_key() -> str:
    return PREFIX + secrets.token_urlsafe(KEY_BYTES)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def hint(key: str) -> str:
    return key[:HINT_LENGTH]


def matches(key: str, stored_hash: str) -> bool:
    return hmac.compare_digest(key_hash(key), stored_hash)
