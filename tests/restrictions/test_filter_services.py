"""The word filter's services (terms, AutoMod settings) and what check_message makes of them:
who may change what, bad input, audit rows, and the cached filter following every change."""

from datetime import timedelta

import pytest

from apps.restrictions.automod import check_message
from apps.restrictions.automod.library import entries_for
from apps.restrictions.errors import FilterInvalid, NotChannelModerator, NotPlatformModerator, TermExists
from apps.restrictions.models import AuditEntry, ChannelModerator, ChannelSafety, Term
from apps.restrictions.services.filter import automod_update, term_add, term_remove
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def creator():
    return UserFactory()


@pytest.fixture
def moderator(creator):
    user = UserFactory()
    ChannelModerator.objects.create(creator=creator, moderator=user)
    return user


def mild_entry():
    return next(e for e in entries_for(4) if e.level == 4 and not e.raw)


# --- terms


def test_a_channel_moderator_blocks_a_term_and_chat_is_checked_against_it_at_once(creator, moderator):
    assert check_message(creator.pk, "what a n00b") is None
    term = term_add(actor=moderator, channel=creator, text="  N00B*  ")
    assert (term.text, term.kind, term.channel, term.created_by) == ("n00b*", "blocked", creator, moderator)
    hit = check_message(creator.pk, "what a noooob")
    assert (hit.rule, hit.category, hit.term) == ("Blocked term: n00b*", None, "n00b*")
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.channel, entry.target) == (
        moderator,
        "term_add",
        creator,
        f"term:{term.pk}",
    )
    assert entry.detail == {"term": "n00b*", "kind": "blocked", "expires_at": None}

    term_remove(actor=moderator, term=term)
    assert check_message(creator.pk, "what a noooob") is None
    assert not Term.objects.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["term_remove", "term_add"]


def test_the_creator_and_platform_moderators_keep_a_channels_terms_too(creator, platform_moderator):
    term_add(actor=creator, channel=creator, text="spoiler")
    term_add(actor=platform_moderator, channel=creator, text="leak")
    assert Term.objects.filter(channel=creator).count() == 2


def test_a_viewer_cannot_add_or_remove_a_term_and_nothing_is_written(creator, moderator):
    viewer = UserFactory()
    with pytest.raises(NotChannelModerator):
        term_add(actor=viewer, channel=creator, text="spoiler")
    term = term_add(actor=moderator, channel=creator, text="spoiler")
    with pytest.raises(NotChannelModerator):
        term_remove(actor=viewer, term=term)
    assert Term.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_global_terms_are_for_platform_moderators_and_apply_in_every_channel(creator, moderator, platform_moderator):
    with pytest.raises(NotPlatformModerator):
        term_add(actor=moderator, channel=None, text="scamsite")
    term = term_add(actor=platform_moderator, channel=None, text="scamsite")
    assert check_message(creator.pk, "go to scamsite").rule == "Blocked term (everywhere): scamsite"
    assert check_message(UserFactory().pk, "scamsite!") is not None
    with pytest.raises(NotPlatformModerator):
        term_remove(actor=moderator, term=term)
    term_remove(actor=platform_moderator, term=term)
    assert check_message(creator.pk, "go to scamsite") is None


@pytest.mark.parametrize(
    ("text", "field"),
    [("", "term"), ("   ", "term"), ("x" * 101, "term"), ("***", "term"), (None, "term"), (42, "term")],
)
def test_bad_terms_are_refused_clearly(creator, text, field):
    with pytest.raises(FilterInvalid) as error:
        term_add(actor=creator, channel=creator, text=text)
    assert error.value.field == field
    assert error.value.status == 400
    assert not Term.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_term_of_exactly_the_longest_length_is_taken(creator):
    assert len(term_add(actor=creator, channel=creator, text="x" * 100).text) == 100


def test_an_unknown_kind_and_a_past_expiry_are_refused(creator, clock):
    with pytest.raises(FilterInvalid) as error:
        term_add(actor=creator, channel=creator, text="spoiler", kind="maybe")
    assert error.value.field == "kind"
    with pytest.raises(FilterInvalid) as error:
        term_add(actor=creator, channel=creator, text="spoiler", expires_at=clock.now)
    assert error.value.field == "expires_at"
    assert not Term.objects.exists()


def test_the_same_term_twice_is_a_conflict_whatever_its_case(creator):
    term_add(actor=creator, channel=creator, text="spoiler")
    with pytest.raises(TermExists) as error:
        term_add(actor=creator, channel=creator, text="SPOILER")
    assert error.value.status == 409
    assert Term.objects.count() == 1
    assert AuditEntry.objects.count() == 1
    term_add(actor=creator, channel=creator, text="spoiler", kind="permitted")  # the other kind is another term


def test_a_term_expires_without_anyone_touching_it_and_can_then_be_added_again(creator, clock):
    term_add(actor=creator, channel=creator, text="spoiler", expires_at=clock.now + timedelta(minutes=10))
    assert check_message(creator.pk, "spoiler") is not None
    clock.advance(minutes=10)
    assert check_message(creator.pk, "spoiler") is None
    again = term_add(actor=creator, channel=creator, text="spoiler")
    assert Term.objects.get() == again
    assert again.expires_at is None


def test_a_permitted_term_lets_its_word_through_the_library(creator):
    automod_update(actor=creator, channel=creator, level=4)
    word = mild_entry().term
    assert check_message(creator.pk, f"oh {word}") is not None
    term_add(actor=creator, channel=creator, text=word, kind="permitted")
    assert check_message(creator.pk, f"oh {word}") is None


# --- AutoMod level and categories


def test_automod_level_and_categories_apply_at_once_and_are_audited(creator, moderator):
    mild = mild_entry()
    assert check_message(creator.pk, mild.term) is None  # level 0 by default
    safety = automod_update(actor=moderator, channel=creator, level=4)
    assert (safety.automod_level, safety.automod_categories) == (4, [])
    assert check_message(creator.pk, mild.term).category == mild.category
    other = next(c for c in ("links", "hate") if c != mild.category)
    automod_update(actor=moderator, channel=creator, categories=[other, other])
    assert ChannelSafety.objects.get(pk=creator.pk).automod_categories == [other]
    assert check_message(creator.pk, mild.term) is None
    audit = list(AuditEntry.objects.order_by("id").values_list("action", "detail"))
    assert audit == [
        ("automod_update", {"level": 4, "categories": [], "previous": {"level": 0, "categories": []}}),
        ("automod_update", {"level": 4, "categories": [other], "previous": {"level": 4, "categories": []}}),
    ]


def test_shield_mode_applies_level_4(creator):
    mild = mild_entry()
    ChannelSafety.objects.create(channel=creator, automod_level=1)
    assert check_message(creator.pk, mild.term) is None
    ChannelSafety.objects.filter(pk=creator.pk).update(shield_mode=True)  # no signal: the stamp stays
    safety = ChannelSafety.objects.get(pk=creator.pk)
    safety.save()  # a save, as shield mode's service does, moves it
    assert check_message(creator.pk, mild.term) is not None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"level": 5}, "level"),
        ({"level": -1}, "level"),
        ({"level": "4"}, "level"),
        ({"level": True}, "level"),
        ({"categories": ["swearing"]}, "categories"),
        ({"categories": "hate"}, "categories"),
        ({"categories": [1]}, "categories"),
    ],
)
def test_bad_automod_settings_are_refused(creator, changes, field):
    with pytest.raises(FilterInvalid) as error:
        automod_update(actor=creator, channel=creator, **changes)
    assert error.value.field == field
    assert not ChannelSafety.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_viewer_cannot_change_automod(creator):
    with pytest.raises(NotChannelModerator):
        automod_update(actor=UserFactory(), channel=creator, level=4)
    assert not ChannelSafety.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_unchanged_setting_writes_no_audit_row(creator):
    automod_update(actor=creator, channel=creator, level=2)
    automod_update(actor=creator, channel=creator, level=2)
    assert AuditEntry.objects.count() == 1


# --- the cache


def test_a_cached_filter_costs_no_query(creator, django_assert_num_queries):
    term_add(actor=creator, channel=creator, text="spoiler")
    with django_assert_num_queries(2):  # built: the safety settings and the terms
        assert check_message(creator.pk, "spoiler") is not None
    with django_assert_num_queries(0):
        assert check_message(creator.pk, "spoiler") is not None
        assert check_message(creator.pk, "all good") is None


def test_a_filter_built_between_the_save_and_the_commit_is_built_again_after_it(
    creator, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        term_add(actor=creator, channel=creator, text="spoiler")
        assert check_message(creator.pk, "spoiler") is not None  # built before the commit
    with django_assert_num_queries(2):  # the commit moved the stamp again: built anew
        assert check_message(creator.pk, "spoiler") is not None


def test_a_term_saved_elsewhere_than_the_services_still_moves_the_stamp(creator):
    assert check_message(creator.pk, "spoiler") is None
    term = Term.objects.create(channel=creator, text="spoiler")  # the admin, say
    assert check_message(creator.pk, "spoiler") is not None
    term.delete()
    assert check_message(creator.pk, "spoiler") is None
