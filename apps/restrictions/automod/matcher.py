"""A channel's compiled filter: its blocked terms, the library entries its level and categories
catch, and its permitted terms, ready to check a message. Pure: built from plain values, no DB."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from apps.restrictions.automod.compiler import Compiled, Pattern, compile_patterns
from apps.restrictions.automod.library import Entry, entries_for
from apps.restrictions.automod.normalise import normalise
from apps.restrictions.models import AutoModCategory


@dataclass(frozen=True)
class Hit:
    """Why a message is held: `rule` for moderators ("Blocked term: n00b*", "AutoMod hate,
    level 1"), the library's `category` (None for a blocked term), and the `term` that matched."""

    rule: str
    category: str | None
    term: str


@dataclass(frozen=True)
class TermValue:
    """A blocked or permitted term as the filter needs it (a Term row's values)."""

    id: int
    text: str
    kind: str
    channel_id: int | None
    expires_at: datetime | None = None


def _hit(key) -> Hit:
    if isinstance(key, Entry):
        label = AutoModCategory(key.category).label
        return Hit(
            rule=f"AutoMod {label.lower()}, level {key.level}", category=str(key.category), term=key.name or key.term
        )
    where = "" if key.channel_id else " (everywhere)"
    return Hit(rule=f"Blocked term{where}: {key.text}", category=None, term=key.text)


@dataclass
class ChannelFilter:
    blocked: Compiled  # blocked terms and the library's words
    permitted: Compiled
    links: list[tuple[Entry, re.Pattern]] = field(default_factory=list)
    # The first expiry among the terms it holds: from then on it must be built again.
    valid_until: datetime | None = None

    def _matches(self, normalised: str):
        position = 0
        while found := self.blocked.search(normalised, position):
            # A number is not a word in disguise: "7110" in a score or a phone number is no "tilo"
            # (a term that is a number, "1488", is matched as one).
            if _has_letters(found[0].group()) or not _has_letters(_term_text(found[1])):
                yield found
            position = max(found[0].end(), found[0].start() + 1)
        for entry, regex in self.links:
            if any(mark in normalised for mark in entry.gate):
                yield from ((match, entry) for match in regex.finditer(normalised))

    def check(self, text: str) -> Hit | None:
        """The first blocked term or library entry in `text` that no permitted term covers."""
        if (self.blocked.regex is None and not self.links) or not text:
            return None
        normalised = normalise(text)
        permitted_spans = None
        for match, key in self._matches(normalised):
            if permitted_spans is None:
                permitted_spans = self.permitted.spans(normalised)
            start, end = match.span()
            if not any(low <= start and end <= high for low, high in permitted_spans):
                return _hit(key)
        return None


def _has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)


def _term_text(key) -> str:
    """The words a match was for: a library entry's term or a channel's term."""
    return key.term if hasattr(key, "term") else key.text


def build(*, level: int, categories=(), terms=()) -> ChannelFilter:
    """The filter for a channel at AutoMod `level` (0: library off) watching `categories` (empty:
    all), with its terms (blocked and permitted, the global ones included)."""
    library = entries_for(level, categories) if level else []
    blocked = [Pattern(term, term.text) for term in terms if term.kind == "blocked"]
    permitted = [Pattern(term, term.text) for term in terms if term.kind == "permitted"]
    expiries = [term.expires_at for term in terms if term.expires_at]
    return ChannelFilter(
        blocked=compile_patterns(blocked + [Pattern(entry, entry.term) for entry in library if not entry.raw]),
        permitted=compile_patterns(permitted),
        links=[(entry, _regex(entry.term)) for entry in library if entry.raw],
        valid_until=min(expiries) if expiries else None,
    )


@cache
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)
