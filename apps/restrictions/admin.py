"""Staff views of restrictions. Every row here is written by the services (apps.restrictions.services),
which check who may, write the audit row and tell the user's sockets at once; an edit here would do
none of that, so staff read them here and act through the moderation desk or its API. The audit log
is never changed anywhere (on PostgreSQL the database refuses it). Channel moderators are in the
streaming admin."""

from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin
from apps.restrictions.models import AuditEntry, ChannelSafety, Restriction, Term


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "user", "channel", "target", "reason")
    list_filter = ("action",)
    search_fields = ("actor__username", "user__username", "channel__username", "target", "reason")
    list_select_related = ("actor", "user", "channel")
    date_hierarchy = "created_at"


@admin.register(Restriction)
class RestrictionAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "channel", "reason", "created_by", "created_at", "ends_at", "lifted_at")
    list_filter = ("kind", ("channel", admin.EmptyFieldListFilter))
    search_fields = ("user__username", "channel__username", "reason")
    list_select_related = ("user", "channel", "created_by")


@admin.register(ChannelSafety)
class ChannelSafetyAdmin(ReadOnlyAdmin):
    list_display = ("channel", "automod_level", "shield_mode", "established_only", "unique_chat",
                    "escalating_penalties", "updated_at")  # fmt: skip
    list_filter = ("automod_level", "shield_mode")
    search_fields = ("channel__username",)
    list_select_related = ("channel",)


@admin.register(Term)
class TermAdmin(ReadOnlyAdmin):
    list_display = ("text", "kind", "channel", "expires_at", "created_by", "created_at")
    list_filter = ("kind", ("channel", admin.EmptyFieldListFilter))
    search_fields = ("text", "channel__username")
    list_select_related = ("channel", "created_by")
