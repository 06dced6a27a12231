"""The bell, `/notifications/`, `/notifications/preferences/` and the "Remind me" button."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.notifications import selectors, services
from apps.notifications.models import Kind, Notification, NotificationPreference, StreamReminder
from tests.factories import UserFactory
from tests.notifications.helpers import notify_gifts
from tests.streaming.factories import LiveStreamFactory, StreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    client.user = user
    return client


def test_the_bell_shows_the_unread_count(signed_in):
    notify_gifts(signed_in.user, 3)
    page = signed_in.get("/live/").content.decode()
    assert 'aria-label="Notifications, 3 unread"' in page
    assert 'href="/notifications/"' in page
    assert "js/notifications.js" in page


def test_signed_out_visitors_have_no_bell(client):
    assert "data-notification-bell" not in client.get("/live/").content.decode()


def test_the_list_highlights_unread_and_marks_one_read_with_htmx(signed_in):
    notify_gifts(signed_in.user, 2)
    first, second = Notification.objects.order_by("id")
    services.notifications_read(user=signed_in.user, ids=[first.pk])
    page = signed_in.get("/notifications/").content.decode()
    assert page.index("Gift number 1") < page.index("Gift number 0")  # newest first
    assert page.count("notification--unread") == 1
    assert "/notifications/preferences/" in page
    answer = signed_in.post(f"/notifications/{second.pk}/read/", HTTP_HX_REQUEST="true")
    assert "notification--unread" not in answer.content.decode()
    assert selectors.unread_count(user=signed_in.user) == 0


def test_marking_someone_elses_notification_is_a_404(signed_in):
    notify_gifts(UserFactory(), 1)
    assert signed_in.post(f"/notifications/{Notification.objects.get().pk}/read/").status_code == 404
    assert Notification.objects.get().read_at is None


def test_mark_all_read(signed_in):
    notify_gifts(signed_in.user, 3)
    assert signed_in.post("/notifications/read-all/").status_code == 302
    assert selectors.unread_count(user=signed_in.user) == 0


def test_the_list_pages_and_reads_in_a_fixed_number_of_queries(signed_in):
    actor = UserFactory()
    notify_gifts(signed_in.user, 2, actor=actor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as read:
            assert signed_in.get("/notifications/").status_code == 200
        return len(read.captured_queries)

    few = queries()
    notify_gifts(signed_in.user, 30, actor=actor)
    assert queries() == few
    # The session and the user, the page's count and rows, the nav's coin balance and profile, the bell.
    assert few == 7
    assert "Page 1 of 2" in signed_in.get("/notifications/").content.decode()
    assert "Gift number 0" in signed_in.get("/notifications/?page=2").content.decode()


def test_preferences_are_saved_from_the_form(signed_in):
    page = signed_in.get("/notifications/preferences/").content.decode()
    assert 'name="gift-email"' in page
    form = {f"{kind}-in_app": "on" for kind in Kind.values} | {"gift-email": "on"}
    assert signed_in.post("/notifications/preferences/", form).status_code == 302
    chosen = {p.kind: (p.in_app, p.email) for p in NotificationPreference.objects.filter(user=signed_in.user)}
    assert chosen[Kind.GIFT] == (True, True)
    assert chosen[Kind.PAYOUT] == (True, False)


def test_remind_me_on_a_scheduled_stream_page_toggles_with_htmx(signed_in):
    stream = StreamFactory()
    page = signed_in.get(f"/streams/{stream.pk}/").content.decode()
    assert "Remind me" in page
    answer = signed_in.post(f"/notifications/reminders/{stream.pk}/", {"action": "remind"}, HTTP_HX_REQUEST="true")
    assert "Reminder set" in answer.content.decode()
    assert StreamReminder.objects.filter(user=signed_in.user, stream=stream).exists()
    answer = signed_in.post(f"/notifications/reminders/{stream.pk}/", {"action": "forget"}, HTTP_HX_REQUEST="true")
    assert "Remind me" in answer.content.decode()
    assert not StreamReminder.objects.exists()


def test_remind_me_shows_the_rules_refusal(signed_in):
    stream = StreamFactory(pay_per_view_cost=10)
    answer = signed_in.post(f"/notifications/reminders/{stream.pk}/", {"action": "remind"}, HTTP_HX_REQUEST="true")
    assert "Unlock this pay-per-view stream" in answer.content.decode()
    assert not StreamReminder.objects.exists()


def test_signed_out_visitors_get_a_sign_in_link_and_live_streams_no_button(client):
    stream = StreamFactory()
    assert "Sign in to be reminded" in client.get(f"/streams/{stream.pk}/").content.decode()
    live = LiveStreamFactory()
    assert "Remind me" not in client.get(f"/streams/{live.pk}/").content.decode()


def test_staff_read_notifications_in_admin_without_changing_them(staff_client):
    notify_gifts(UserFactory(), 2)
    listing = staff_client.get("/admin/notifications/notification/")
    assert listing.status_code == 200
    assert "Gift number 1" in listing.content.decode()
    assert staff_client.get("/admin/notifications/notification/add/").status_code == 403


def test_the_creator_sees_no_remind_me_on_their_own_scheduled_stream(client):
    stream = StreamFactory()
    client.force_login(stream.creator)
    assert 'name="action" value="remind"' not in client.get(f"/streams/{stream.pk}/").content.decode()
    fan = UserFactory()
    client.force_login(fan)
    assert 'name="action" value="remind"' in client.get(f"/streams/{stream.pk}/").content.decode()
