"""Staff read restrictions and the audit log in the admin; nobody adds, edits or deletes them there."""

import pytest

from apps.restrictions.models import AuditEntry, Restriction
from apps.restrictions.services import actions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["auditentry", "restriction", "channelsafety", "term"])
def test_staff_read_but_never_write(staff_client, creator, viewer, model):
    actions.ban(actor=creator, channel=creator, user=viewer, reason="Spam")
    assert staff_client.get(f"/admin/restrictions/{model}/").status_code == 200
    assert staff_client.get(f"/admin/restrictions/{model}/add/").status_code == 403


def test_an_audit_row_cannot_be_deleted_in_the_admin(staff_client, creator, viewer):
    actions.ban(actor=creator, channel=creator, user=viewer, reason="Spam")
    entry, restriction = AuditEntry.objects.get(), Restriction.objects.get()
    assert staff_client.post(f"/admin/restrictions/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert staff_client.get(f"/admin/restrictions/restriction/{restriction.pk}/change/").status_code == 200  # a view
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
