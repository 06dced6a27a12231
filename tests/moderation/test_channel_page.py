"""A creator's channel moderation page (/moderation/channel/): each form calls its service for the
creator's own channel; bad input is a form error or nothing, never a 500; only signed-in users."""

import pytest

from apps.restrictions.models import TERM_MAX_LENGTH, ChannelModerator, Term
from apps.restrictions.selectors import safety_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/moderation/channel/"


@pytest.fixture
def creator(client):
    user = UserFactory(username="hooperjay")
    client.force_login(user)
    return user


def test_signed_out_goes_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_page_shows_the_saved_settings(client, creator):
    ChannelModerator.objects.create(creator=creator, moderator=UserFactory(username="trusty_mod"))
    Term.objects.create(channel=creator, text="n00b*")
    Term.objects.create(channel=None, text="global-term")
    Term.objects.create(channel=UserFactory(), text="someone-elses")
    html = client.get(URL).content.decode()
    assert "trusty_mod" in html
    assert "n00b*" in html
    assert "global-term" not in html
    assert "someone-elses" not in html


def test_adding_a_moderator_by_username(client, creator):
    helper = UserFactory(username="Trusty_Mod")
    response = client.post(URL, {"section": "moderator", "moderator-username": "@trusty_mod"})
    assert response.status_code == 302
    assert ChannelModerator.objects.filter(creator=creator, moderator=helper).exists()


def test_an_unknown_username_is_a_form_error(client, creator):
    response = client.post(URL, {"section": "moderator", "moderator-username": "nobody_here"})
    assert response.status_code == 200
    assert "No one has that username." in response.content.decode()
    assert not ChannelModerator.objects.exists()


@pytest.mark.parametrize("text", ["", "x" * (TERM_MAX_LENGTH + 1)])
def test_an_empty_or_long_term_is_a_form_error(client, creator, text):
    response = client.post(URL, {"section": "term", "term-text": text, "term-kind": "blocked"})
    assert response.status_code == 200
    assert not Term.objects.exists()


def test_a_term_with_an_expiry(client, creator):
    client.post(URL, {"section": "term", "term-text": "spam*", "term-kind": "blocked", "term-lifetime": "86400"})
    term = Term.objects.get(channel=creator)
    assert (term.text, term.kind) == ("spam*", "blocked")
    assert term.expires_at is not None


def test_automod_and_safety(client, creator):
    client.post(URL, {"section": "automod", "automod-level": "3", "automod-categories": ["hate", "links"]})
    client.post(URL, {"section": "safety", "safety-established_only": "on", "safety-escalating_penalties": "on"})
    safety = safety_for(creator.pk)
    assert (safety.automod_level, sorted(safety.automod_categories)) == (3, ["hate", "links"])
    assert (safety.shield_mode, safety.established_only, safety.unique_chat, safety.escalating_penalties) == (
        False,
        True,
        False,
        True,
    )


@pytest.mark.parametrize("level", ["5", "-1", "x"])
def test_an_automod_level_out_of_range_is_a_form_error(client, creator, level):
    response = client.post(URL, {"section": "automod", "automod-level": level})
    assert response.status_code == 200
    assert safety_for(creator.pk).automod_level == 0


@pytest.mark.parametrize("value", ["abc", "-3", "9" * 40, ""])
def test_removing_with_a_bad_id_changes_nothing(client, creator, value):
    moderator = ChannelModerator.objects.create(creator=creator, moderator=UserFactory())
    Term.objects.create(channel=creator, text="n00b*")
    for field in ("remove_moderator", "remove_term"):
        assert client.post(URL, {"section": "remove", field: value}).status_code == 302
    assert ChannelModerator.objects.filter(pk=moderator.pk).exists()
    assert Term.objects.count() == 1


def test_removing_only_touches_your_own_channel(client, creator):
    other = UserFactory()
    theirs = Term.objects.create(channel=other, text="theirs")
    their_mod = ChannelModerator.objects.create(creator=other, moderator=UserFactory())
    client.post(URL, {"section": "remove", "remove_term": theirs.pk})
    client.post(URL, {"section": "remove", "remove_moderator": their_mod.moderator_id})
    assert Term.objects.filter(pk=theirs.pk).exists()
    assert ChannelModerator.objects.filter(pk=their_mod.pk).exists()


def test_an_unknown_section_just_shows_the_page(client, creator):
    assert client.post(URL, {"section": "nope"}).status_code == 200


def test_the_services_refusals_show_on_the_form(client, creator):
    response = client.post(URL, {"section": "moderator", "moderator-username": "hooperjay"})
    assert response.status_code == 200
    assert "moderates their channel already" in response.content.decode()
    assert not ChannelModerator.objects.exists()
