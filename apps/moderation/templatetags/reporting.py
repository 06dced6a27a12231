"""Report buttons and the report dialog (static/js/report.js), for the pages that show something a
viewer can report: the watch page (the stream, and each chat line through its menu) and profiles."""

from django import template

from apps.moderation.models import Report, ReportReason

register = template.Library()


@register.inclusion_tag("moderation/_report_dialog.html", takes_context=True)
def report_dialog(context):
    """The one dialog a page's report buttons open; only for signed-in users, who may report."""
    return {
        "user": context["user"],
        "reasons": ReportReason.choices,
        "text_max_length": Report._meta.get_field("text").max_length,
    }


@register.inclusion_tag("moderation/_report_button.html", takes_context=True)
def report_button(context, target_type: str, target, label: str):
    """A "Report <type>" button for `target` (a stream, or a user for their profile), for signed-in
    users other than its own."""
    user = context["user"]
    owner_id = target.creator_id if target_type == "stream" else target.pk
    return {
        "shown": user.is_authenticated and owner_id != user.pk,
        "target_type": target_type,
        "target_id": target.pk,
        "label": label,
    }
