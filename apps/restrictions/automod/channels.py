"""Each channel's compiled filter, kept per process and rebuilt only when something changed.

A change to a channel's terms or safety settings (or to a global term) moves a version stamp in
Django's cache (Redis in production, shared by every process); a check reads the two stamps (one
round trip, no query) and rebuilds when either moved, or when one of its terms has expired. The
stamp moves as the row is saved (so the saving transaction's own next check sees the change) and
again after the commit (so a process that rebuilt in between, from what was committed then,
rebuilds once more).
"""

import uuid
from collections import OrderedDict
from functools import lru_cache
from threading import Lock

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from apps.restrictions import selectors
from apps.restrictions.automod.matcher import ChannelFilter, Hit, TermValue, build
from apps.restrictions.models import ChannelSafety, Term

_GLOBAL = "global"
# Channels whose filters a process keeps; the least recently checked is dropped first.
KEPT_CHANNELS = 2048
_kept: OrderedDict = OrderedDict()
_lock = Lock()


def _version_key(scope) -> str:
    return f"automod:version:{scope}"


def bump(scope) -> None:
    """Mark a channel's (or, with "global", every channel's) filter as changed, now and after commit."""
    key = _version_key(scope)
    cache.set(key, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, None))


def _stamp(channel_id) -> tuple:
    keys = [_version_key(_GLOBAL), _version_key(channel_id)]
    versions = cache.get_many(keys)
    for key in keys:
        if key not in versions:
            # A stamp nobody set yet (or one the cache dropped) gets a fresh value: a process that
            # built its filter before the drop cannot take its old filter for current.
            cache.add(key, uuid.uuid4().hex, None)
            versions[key] = cache.get(key)
    return tuple(versions[key] for key in keys)


# Channels with the same settings and terms (most have no terms of their own) share one filter:
# a level-4 filter holds about 40 KB, one with 500 terms about 220 KB.
_shared_build = lru_cache(maxsize=256)(build)


def _load(channel_id, now) -> ChannelFilter:
    safety = selectors.safety_for(channel_id)
    terms = tuple(TermValue(**values) for values in selectors.terms_in_force(channel_id, now))
    return _shared_build(level=safety.effective_automod_level, categories=tuple(safety.automod_categories), terms=terms)


def filter_for(channel_id) -> ChannelFilter:
    stamp, now = _stamp(channel_id), timezone.now()
    with _lock:
        kept = _kept.get(channel_id)
        if kept:
            _kept.move_to_end(channel_id)
    if kept and kept[0] == stamp and (kept[1].valid_until is None or now < kept[1].valid_until):
        return kept[1]
    built = _load(channel_id, now)
    with _lock:
        _kept[channel_id] = (stamp, built)
        while len(_kept) > KEPT_CHANNELS:
            _kept.popitem(last=False)
    return built


def forget() -> None:
    """Drop this process's filters (tests: a rolled-back test leaves no stamp moved, and SQLite
    hands its ids out again)."""
    with _lock:
        _kept.clear()


def check_message(channel_id, text: str) -> Hit | None:
    """What in `text` this channel's AutoMod holds, or None: its effective level (shield mode
    means 4) over its categories, its own and the global blocked terms still in force, and its
    permitted terms, which win over a match of the same words."""
    return filter_for(channel_id).check(text)


def _term_changed(sender, instance, **kwargs) -> None:
    bump(instance.channel_id or _GLOBAL)


def _safety_changed(sender, instance, **kwargs) -> None:
    bump(instance.channel_id)


def connect() -> None:
    """Rebuild on every change of a term or of safety settings, whoever saves it (the services,
    the admin, shield mode)."""
    for signal in (post_save, post_delete):
        signal.connect(_term_changed, sender=Term, dispatch_uid=f"automod.term.{signal}")
        signal.connect(_safety_changed, sender=ChannelSafety, dispatch_uid=f"automod.safety.{signal}")
