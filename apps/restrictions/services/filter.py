"""The word filter's writes: blocked and permitted terms (a channel's, or global ones set by
platform moderators) and a channel's AutoMod level and categories. Each writes its audit row in
its own transaction; the compiled filters rebuild on the saved rows (automod.channels)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.restrictions import audit, rules
from apps.restrictions.automod.compiler import term_atoms
from apps.restrictions.errors import FilterInvalid, TermExists
from apps.restrictions.models import (
    AUTOMOD_MAX_LEVEL,
    TERM_MAX_LENGTH,
    AutoModCategory,
    ChannelSafety,
    Term,
    TermKind,
)


def _term_problem(actor, channel_id):
    """Channel moderators keep their channel's terms; only platform moderators keep the global ones."""
    return rules.platform_moderate_problem(actor) if channel_id is None else rules.moderate_problem(actor, channel_id)


def _clean_term(text) -> str:
    if not isinstance(text, str) or not text.strip():
        raise FilterInvalid("A term cannot be empty.", field="term")
    # Stored as it is matched (case does not matter), so "Noob" and "noob" are the same term.
    text = " ".join(text.split()).casefold()
    if len(text) > TERM_MAX_LENGTH:
        raise FilterInvalid(f"A term is at most {TERM_MAX_LENGTH} characters.", field="term")
    if not term_atoms(text):
        raise FilterInvalid("A term needs at least one letter or digit besides its wildcards.", field="term")
    return text


@transaction.atomic
def term_add(*, actor, channel, text, kind: str = TermKind.BLOCKED, expires_at=None) -> Term:
    """Block (or permit) `text` in `channel` (None: everywhere) until `expires_at` (None: until removed)."""
    if problem := _term_problem(actor, channel.pk if channel else None):
        raise problem
    text = _clean_term(text)
    if kind not in TermKind.values:
        raise FilterInvalid(f"A term is {' or '.join(TermKind.values)}.", field="kind")
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        raise FilterInvalid("The expiry must be in the future.", field="expires_at")
    same = Term.objects.select_for_update().filter(channel=channel, kind=kind, text=text).first()
    if same and (same.expires_at is None or same.expires_at > now):
        raise TermExists(f"“{text}” is already a {kind} term here.")
    if same:  # an expired one no longer applies: the new one takes its place
        same.delete()
    try:
        with transaction.atomic():
            term = Term.objects.create(channel=channel, kind=kind, text=text, expires_at=expires_at, created_by=actor)
    except IntegrityError:  # the same term, added at the same moment
        raise TermExists(f"“{text}” is already a {kind} term here.") from None
    audit.record(
        actor=actor,
        action="term_add",
        channel=channel,
        target=f"term:{term.pk}",
        term=text,
        kind=kind,
        expires_at=expires_at.isoformat() if expires_at else None,
    )
    return term


@transaction.atomic
def term_remove(*, actor, term: Term) -> None:
    if problem := _term_problem(actor, term.channel_id):
        raise problem
    audit.record(
        actor=actor,
        action="term_remove",
        channel=term.channel,
        target=f"term:{term.pk}",
        term=term.text,
        kind=term.kind,
    )
    term.delete()


def _clean_categories(categories) -> list[str]:
    if not isinstance(categories, list | tuple) or not all(isinstance(c, str) for c in categories):
        raise FilterInvalid("Categories are a list of category names.", field="categories")
    if unknown := sorted(set(categories) - set(AutoModCategory.values)):
        raise FilterInvalid(
            f"No such category: {unknown[0]!r} (one of {', '.join(AutoModCategory.values)}).", field="categories"
        )
    return [c for c in AutoModCategory.values if c in categories]


@transaction.atomic
def automod_update(*, actor, channel, level=None, categories=None) -> ChannelSafety:
    """Set the channel's AutoMod `level` (0 off, 1 only the most severe ... 4 the most) and the
    `categories` it watches (empty: all). Shield mode raises the level it applies to 4 meanwhile."""
    if problem := rules.moderate_problem(actor, channel.pk):
        raise problem
    if level is not None and (type(level) is not int or not 0 <= level <= AUTOMOD_MAX_LEVEL):
        raise FilterInvalid(f"The AutoMod level is a whole number from 0 to {AUTOMOD_MAX_LEVEL}.", field="level")
    if categories is not None:
        categories = _clean_categories(categories)
    safety, _ = ChannelSafety.objects.select_for_update().get_or_create(channel=channel)
    before = {"level": safety.automod_level, "categories": safety.automod_categories}
    if level is not None:
        safety.automod_level = level
    if categories is not None:
        safety.automod_categories = categories
    after = {"level": safety.automod_level, "categories": safety.automod_categories}
    if after != before:
        safety.save(update_fields=["automod_level", "automod_categories", "updated_at"])
        audit.record(actor=actor, action="automod_update", channel=channel, previous=before, **after)
    return safety
