"""The review queue over the API, the studio's queue and the creator's highlights page."""

import pytest
from django.test import Client

from apps.clips.models import Clip, ClipStatus, Highlight, HighlightKind, HighlightReview
from apps.clips.services.clips import clip_cut_moment
from tests.factories import UserFactory, api_client_for


@pytest.fixture
def highlight(live):
    """A kept highlight (what highlights_detect writes), its clip cut."""
    clip = clip_cut_moment(
        stream=live, start_ms=95_000, duration_ms=20_000, title="Make streak of 5 at 1:35", published=False
    )
    Clip.objects.filter(pk=clip.pk).update(status=ClipStatus.READY)
    evidence = {"signals": [{"kind": "make_streak", "at": 107, "streak": 5}]}
    return Highlight.objects.create(
        stream=live, kind=HighlightKind.MAKE_STREAK, start_offset_seconds=95, duration_seconds=20, confidence=1,
        excitement=8, evidence=evidence, processed=True, clip=clip,
    )  # fmt: skip


def test_the_creator_lists_the_streams_highlights(highlight, creator):
    response = api_client_for(creator).get(f"/api/v1/streams/{highlight.stream_id}/highlights")
    assert response.status_code == 200
    (row,) = response.json()
    assert row["id"] == highlight.pk
    assert row["kind"] == "make_streak"
    assert row["review"] == "pending"
    assert (row["start_offset_seconds"], row["duration_seconds"], row["confidence"], row["excitement"]) == (
        95,
        20,
        1.0,
        8,
    )
    assert row["clip"] == {
        "id": str(highlight.clip_id),
        "title": "Make streak of 5 at 1:35",
        "status": "ready",
        "published": False,
    }


def test_nobody_else_lists_them(highlight):
    response = api_client_for(UserFactory()).get(f"/api/v1/streams/{highlight.stream_id}/highlights")
    assert response.status_code == 403
    assert response.json()["code"] == "highlights_creator_only"
    assert api_client_for().get(f"/api/v1/streams/{highlight.stream_id}/highlights").status_code in (401, 403)


def test_publish_then_discard(highlight, creator):
    client = api_client_for(creator)
    response = client.post(f"/api/v1/highlights/{highlight.pk}/publish")
    assert response.status_code == 200
    assert response.json()["review"] == "published"
    assert response.json()["clip"]["published"] is True
    response = client.post(f"/api/v1/highlights/{highlight.pk}/discard")
    assert response.json()["review"] == "discarded"
    assert response.json()["clip"]["published"] is False


def test_publish_refusals(highlight, creator):
    response = api_client_for(UserFactory()).post(f"/api/v1/highlights/{highlight.pk}/publish")
    assert response.status_code == 403
    assert response.json()["code"] == "highlights_creator_only"
    Clip.objects.filter(pk=highlight.clip_id).update(status=ClipStatus.PENDING)
    response = api_client_for(creator).post(f"/api/v1/highlights/{highlight.pk}/publish")
    assert response.status_code == 409
    assert response.json()["code"] == "highlight_clip_not_ready"
    assert api_client_for(creator).post("/api/v1/highlights/999999/publish").json()["code"] == "highlight_not_found"
    highlight.refresh_from_db()
    assert highlight.review == HighlightReview.PENDING


def test_the_studio_queue_publishes_in_place(highlight, creator):
    client = Client()
    client.force_login(creator)
    studio = client.get(f"/streams/{highlight.stream_id}/studio/")
    assert studio.status_code == 200
    assert b"Highlights to review" in studio.content
    assert f'id="highlight-{highlight.pk}"'.encode() in studio.content

    row = client.post(f"/highlights/{highlight.pk}/publish", HTTP_HX_REQUEST="true")
    assert row.status_code == 200
    assert b"Published" in row.content
    assert b">Publish<" not in row.content
    highlight.refresh_from_db()
    assert highlight.review == HighlightReview.PUBLISHED

    page = client.get(f"/streams/{highlight.stream_id}/highlights/")
    assert page.status_code == 200
    assert b"Make streak of 5 at 1:35" in page.content


def test_the_pages_are_the_creators(highlight):
    client = Client()
    client.force_login(UserFactory())
    assert client.get(f"/streams/{highlight.stream_id}/highlights/").status_code == 404
    assert client.post(f"/highlights/{highlight.pk}/discard").status_code == 404
    highlight.refresh_from_db()
    assert highlight.review == HighlightReview.PENDING
