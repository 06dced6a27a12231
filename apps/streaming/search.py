"""Search and tag pages: the reads behind /search/, /tags/<tag>/ and `GET /api/v1/search`.

Streams match by title, tags and description; creators by username and display name; tags by the
tags listed streams use. PostgreSQL ranks streams with full-text search (title above tags above
description; migration 0008 indexes the same vector); SQLite, the embedded default, matches each
word with a case-insensitive contains and scores the fields the same way round. The branch on the
database is here and nowhere else.
"""

import json
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast

from apps.accounts import selectors as account_selectors
from apps.accounts.models import User
from apps.streaming.models import TAG_MAX_LENGTH, Status, Stream
from apps.streaming.selectors import listed_streams

TYPES = ("streams", "creators", "tags")
QUERY_MAX_LENGTH = 100
# Words of a query that count; the rest are ignored (each word is one more condition).
QUERY_WORDS_MAX = 8
# The text search configuration of the vector, the query and migration 0008's index.
SEARCH_CONFIG = "english"
# Statuses search and tag pages show, in this order: live, then upcoming, then past.
SHOWN_STATUSES = (Status.LIVE, Status.SCHEDULED, Status.ENDED)
_WORD = re.compile(r"\w+")
# A tag as the URL names it: what the stream service keeps (stripped, lower case, no leading #).
_TAG_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f]")


def query_words(q: str) -> list[str]:
    """The words of a query, lower case, at most QUERY_WORDS_MAX (punctuation only separates)."""
    return _WORD.findall(q.lower())[:QUERY_WORDS_MAX]


def stream_vector() -> SearchVector:
    """The weighted document of a stream. Migration 0008 indexes this very expression: change
    both together (tests/streaming/test_search.py checks the index is used)."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("tags", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def stream_query(words: list[str]) -> SearchQuery:
    """Every word, each possibly the start of one (a search box is typed into). Only word
    characters reach the raw query (query_words), so it always parses."""
    return SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG)


def _tags_text():
    """The tags as their JSON text, which a contains match can read on both databases."""
    return Cast("tags", TextField())


def _json_text(value: str) -> str:
    """`value` as it is written inside a JSON string (how SQLite stores the tags)."""
    return json.dumps(value)[1:-1]


def _in_group_order() -> list:
    """Live first (busiest first), then scheduled (soonest first), then ended (newest first)."""
    return [
        Case(
            When(status=Status.LIVE, then=Value(0)),
            When(status=Status.SCHEDULED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ).asc(),
        F("relevance").desc(),
        Case(When(status=Status.SCHEDULED, then=F("scheduled_for"))).asc(nulls_last=True),
        Case(When(status=Status.ENDED, then=F("ended_at"))).desc(nulls_last=True),
        F("current_viewers").desc(),
        F("created_at").desc(),
    ]


def _shown_streams() -> QuerySet[Stream]:
    return listed_streams().filter(status__in=SHOWN_STATUSES)


def search_streams(q: str) -> QuerySet[Stream]:
    """Listed streams matching every word of `q`: live, then scheduled, then ended, each group by
    relevance (a title match above a tag match above a description match)."""
    words = query_words(q)
    streams = _shown_streams()
    if not words:
        return streams.none()
    if connection.vendor == "postgresql":
        query = stream_query(words)
        streams = streams.annotate(document=stream_vector()).filter(document=query)
        streams = streams.annotate(relevance=SearchRank(F("document"), query))
    else:
        streams = streams.annotate(tags_text=_tags_text())
        for word in words:
            streams = streams.filter(
                Q(title__icontains=word) | Q(tags_text__icontains=_json_text(word)) | Q(description__icontains=word)
            )
        streams = streams.annotate(relevance=_contains_score(words))
    return streams.order_by(*_in_group_order())


def _contains_score(words: list[str]):
    """SQLite's relevance: per word, 4 for the title, 2 for a tag, 1 for the description."""
    score = Value(0.0)
    for word in words:
        for lookup, points in (
            ({"title__icontains": word}, 4.0),
            ({"tags_text__icontains": _json_text(word)}, 2.0),
            ({"description__icontains": word}, 1.0),
        ):
            score = score + Case(When(then=Value(points), **lookup), default=Value(0.0), output_field=FloatField())
    return score


def search_creators(q: str) -> QuerySet[User]:
    """Creators from the directory (private profiles never) whose username or display name has
    every word of `q`: an exact username first, then usernames starting with it, then the directory's order."""
    words = query_words(q)
    creators = account_selectors.creator_directory()
    if not words:
        return creators.none()
    for word in words:
        creators = creators.filter(Q(username__icontains=word) | Q(profile__display_name__icontains=word))
    closeness = Case(
        When(username__iexact=q.strip(), then=Value(0)),
        When(username__istartswith=words[0], then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return creators.annotate(closeness=closeness).order_by("closeness", *creators.query.order_by)


@dataclass(frozen=True)
class TagUse:
    tag: str
    streams: int


class TagMatches:
    """The tags listed streams use that contain `q` (those starting with it first, then the most
    used), read a page at a time: Django's Paginator and DRF's take it as they take a queryset."""

    def __init__(self, q: str):
        self.needle = q.strip().lstrip("#").lower()[:TAG_MAX_LENGTH]

    def _like(self, pattern: str) -> str:
        escaped = self.needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return pattern.format(escaped)

    def _query(self, select: str, tail: str = "", tail_params=()) -> tuple[str, list]:
        """`SELECT {select}` over (stream, tag) pairs whose tag matches; `{tag}` names the tag."""
        streams_sql, streams_params = _shown_streams().order_by().values("pk").query.sql_with_params()
        if connection.vendor == "postgresql":
            # Only a list has elements to take (tags are a list unless someone wrote otherwise).
            tags = "CASE WHEN jsonb_typeof(s.tags) = 'array' THEN s.tags ELSE '[]'::jsonb END"
            each_tag, tag = f"CROSS JOIN LATERAL jsonb_array_elements_text({tags}) AS t(tag)", "t.tag"
            strings_only = ""
        else:
            each_tag, tag, strings_only = "CROSS JOIN json_each(s.tags) AS t", "t.value", "AND t.type = 'text'"
        sql = (
            f"SELECT {select.format(tag=tag)} FROM {Stream._meta.db_table} s {each_tag} "
            f"WHERE s.id IN ({streams_sql}) {strings_only} AND {tag} LIKE %s ESCAPE '\\' {tail.format(tag=tag)}"
        )
        return sql, [*streams_params, self._like("%{}%"), *tail_params]

    def _fetch(self, sql: str, params: list) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self) -> int:
        if not self.needle:
            return 0
        return self._fetch(*self._query("COUNT(DISTINCT {tag})"))[0][0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[TagUse]:
        if not self.needle:
            return []
        start = page.start or 0
        sql, params = self._query(
            "{tag}, COUNT(*) AS uses",
            "GROUP BY {tag} ORDER BY MIN(CASE WHEN {tag} LIKE %s ESCAPE '\\' THEN 0 ELSE 1 END), uses DESC, {tag} "
            "LIMIT %s OFFSET %s",
            (self._like("{}%"), page.stop - start, start),
        )
        return [TagUse(tag, uses) for tag, uses in self._fetch(sql, params)]


def search_tags(q: str) -> TagMatches:
    return TagMatches(q)


def tag_from_url(value: str) -> str | None:
    """The tag a /tags/<tag>/ address names, as the stream service keeps tags; None when no tag
    could be written so (too long, empty, control characters)."""
    tag = value.strip().lstrip("#").lower()
    if not tag or len(tag) > TAG_MAX_LENGTH or _TAG_FORBIDDEN.search(tag):
        return None
    return tag


def streams_tagged(tag: str) -> QuerySet[Stream]:
    """Listed streams with this tag: live, then scheduled, then ended."""
    streams = _shown_streams()
    if connection.vendor == "postgresql":
        streams = streams.filter(tags__contains=[tag])
    else:
        streams = streams.annotate(tags_text=_tags_text()).filter(tags_text__contains=json.dumps(tag))
    return streams.annotate(relevance=Value(0.0)).order_by(*_in_group_order())
