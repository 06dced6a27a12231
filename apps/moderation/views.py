"""The moderators' desk (`/moderation/`): live streams, a panel per desk queue, the user lookup and
the audit log. Platform moderators see everything; channel moderators their channels; anyone else
gets 403. Each panel is also its own htmx partial, which the page fetches again when an `MQ` for
its queue arrives on /ws/moderation/ (static/js/moderation.js)."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts import services as accounts_services
from apps.accounts.models import User
from apps.core.bounds import ID_MAX, ID_MIN, column_form_text, text_limit
from apps.core.exceptions import ApplicationError
from apps.core.forms import add_service_error
from apps.core.htmx import partial_or
from apps.moderation.desk_queues import HELD, VERIFICATION
from apps.moderation.models import Appeal, Report
from apps.moderation.selectors import desk as selectors
from apps.moderation.selectors.appeals import appeal_detail
from apps.moderation.services import appeals as appeal_services
from apps.moderation.services import reports as report_services
from apps.restrictions.desk import DeskQueue, DeskScope, queue_named, queues
from apps.restrictions.models import AuditEntry
from apps.streaming import services as streaming_services
from apps.streaming.models import ChatMessage

# The review reason's column is unbounded text; what a moderator writes here is not.
REVIEW_REASON_MAX_LENGTH = 1000
# Items a panel lists; the count in its heading says how many wait in all.
PANEL_ITEMS = 20


@dataclass
class Panel:
    queue: DeskQueue
    count: int
    items: list


def _desk(request) -> DeskScope:
    scope = selectors.desk_scope(request.user)
    if scope is None:
        raise PermissionDenied("Only moderators can open the moderators' desk.")
    return scope


def _panel(queue: DeskQueue, scope: DeskScope, **extra) -> Panel:
    return Panel(queue=queue, count=queue.count(scope), items=list(queue.items(scope, PANEL_ITEMS)), **extra)


@login_required
def desk(request):
    scope = _desk(request)
    context = {
        "desk": scope,
        "streams": selectors.live_streams(scope),
        "panels": [_panel(queue, scope) for queue in queues(scope)],
    }
    return render(request, "moderation/desk.html", context)


@login_required
def live_panel(request):
    scope = _desk(request)
    return render(request, "moderation/_live_streams.html", {"desk": scope, "streams": selectors.live_streams(scope)})


@login_required
def queue_panel(request, queue: str):
    scope = _desk(request)
    found = queue_named(queue)
    if found is None or not found.shown_to(scope):
        raise Http404("No such queue on this desk.")
    return render(request, "moderation/_panel.html", {"desk": scope, "panel": _panel(found, scope)})


# --- Verification requests -----------------------------------------------------------------------
class VerificationDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    reason = forms.CharField(
        max_length=REVIEW_REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when rejecting; the user sees it.",
    )


@require_POST
@login_required
def verification_decide(request, request_id: int):
    """Approve or reject a pending request with the accounts services the admin uses too."""
    scope = _desk(request)
    if not scope.platform:
        raise PermissionDenied("Platform moderators review verification requests.")
    pending = selectors.pending_verification(request_id)
    form = VerificationDecisionForm(request.POST)
    decide = {
        "approve": accounts_services.verification_request_approve,
        "reject": accounts_services.verification_request_reject,
    }
    if pending is None:
        form.add_error(None, "This request was already reviewed.")
    else:
        _decided(
            form, lambda data: decide[data["decision"]](request=pending, reviewer=request.user, reason=data["reason"])
        )
    return _answer(request, scope, VERIFICATION, request_id, form, done="Verification request reviewed.")


def _answer(request, scope: DeskScope, queue: str, item_id, form: forms.Form, *, done: str):
    """After a decision on an item: its queue's panel drawn again for htmx (the form's errors on
    its item), else back to the desk with the errors, or `done`, as messages."""
    errors = {item_id: form} if form.errors else {}
    if request.htmx:
        panel = _panel(queue_named(queue), scope)
        return render(request, "moderation/_panel.html", {"desk": scope, "panel": panel, "forms": errors})
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    if not errors:
        messages.success(request, done)
    return redirect("moderation:desk")


def _decided(form: forms.Form, decide) -> None:
    """Run `decide` (a service call) if the form is valid; a refusal goes on the form."""
    if form.is_valid():
        try:
            decide(form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)


# --- Reports, held messages, appeals -----------------------------------------------------------
class ReportResolveForm(forms.Form):
    resolution = column_form_text(Report, "resolution", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    action_taken = forms.TypedChoiceField(
        choices=[("true", "Acted"), ("false", "No action")], coerce=lambda v: v == "true"
    )


@require_POST
@login_required
def report_resolve(request, report_id: int):
    """Resolve every open report of a target (apps.moderation.services.reports.report_resolve)."""
    scope = _desk(request)
    report = Report.objects.select_related("reporter", "reported_user", "channel").filter(pk=report_id).first()
    if report is None:
        raise Http404("No such report.")
    form = ReportResolveForm(request.POST)
    _decided(
        form,
        lambda data: report_services.report_resolve(
            actor=request.user, report=report, resolution=data["resolution"], action_taken=data["action_taken"]
        ),
    )
    return _answer(request, scope, report_services.DESK_QUEUE, report.pk, form, done="Reports resolved.")


class HeldDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("deny", "Deny")])


@require_POST
@login_required
def held_decide(request, message_id: int):
    """Approve or deny a held message (apps.streaming.services.held_approve / held_deny)."""
    scope = _desk(request)
    message = ChatMessage.objects.select_related("stream").filter(pk=message_id).first()
    if message is None:
        raise Http404("No such message.")
    form = HeldDecisionForm(request.POST)
    decide = {"approve": streaming_services.held_approve, "deny": streaming_services.held_deny}
    _decided(form, lambda data: decide[data["decision"]](actor=request.user, message=message))
    return _answer(request, scope, HELD, message.pk, form, done="Held message reviewed.")


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Unban"), ("deny", "Deny")])
    reason = column_form_text(Appeal, "decision_reason", required=False, widget=forms.Textarea(attrs={"rows": 2}))


@require_POST
@login_required
def appeal_decide(request, appeal_id: int):
    """Approve (the ban is lifted) or deny an appeal (apps.moderation.services.appeals.appeal_decide)."""
    scope = _desk(request)
    appeal = appeal_detail(appeal_id)
    if appeal is None:
        raise Http404("No such appeal.")
    form = AppealDecisionForm(request.POST)
    _decided(
        form,
        lambda data: appeal_services.appeal_decide(
            actor=request.user, appeal=appeal, approve=data["decision"] == "approve", reason=data["reason"]
        ),
    )
    return _answer(request, scope, appeal_services.DESK_QUEUE, appeal.pk, form, done="Appeal decided.")


# --- The user lookup -----------------------------------------------------------------------------
@login_required
def user_search(request):
    scope = _desk(request)
    query = request.GET.get("q", "")[: text_limit(User, "email")]
    results = selectors.users_matching(query)
    return partial_or(
        request,
        "moderation/_user_results.html",
        {"results": results, "q": query},
        otherwise=lambda: render(request, "moderation/users.html", {"desk": scope, "results": results, "q": query}),
    )


@login_required
def user_detail(request, user_id: int):
    scope = _desk(request)
    lookup = selectors.user_lookup(scope, user_id, request=request)
    if lookup is None:
        raise Http404("No such user.")
    return render(request, "moderation/user_detail.html", {"desk": scope, "lookup": lookup})


# --- The audit log -------------------------------------------------------------------------------
class AuditFilterForm(forms.Form):
    action = column_form_text(AuditEntry, "action", required=False)
    actor = column_form_text(User, "username", required=False, label="By (username)")
    user = column_form_text(User, "username", required=False, label="On (username)")
    channel = column_form_text(User, "username", required=False, label="Channel (creator's username)")
    before = forms.IntegerField(min_value=ID_MIN, max_value=ID_MAX, required=False, widget=forms.HiddenInput)


@login_required
def audit(request):
    scope = _desk(request)
    form = AuditFilterForm(request.GET)
    filters = selectors.AuditFilter(**form.cleaned_data) if form.is_valid() else selectors.AuditFilter()
    entries = selectors.audit_entries(scope, filters)
    more = len(entries) == selectors.AUDIT_PAGE
    context = {"desk": scope, "form": form, "entries": entries, "more": more, "actions": selectors.audit_actions()}
    return render(request, "moderation/audit.html", context)
