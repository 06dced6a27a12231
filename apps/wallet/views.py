"""Wallet pages: balance, buying coins, history, creator payouts, and the sandbox checkout.

Thin: every read is a selector, every write a service; this module only shapes them for templates.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.core.exceptions import ApplicationError
from apps.core.forms import add_service_error
from apps.core.htmx import partial_or
from apps.wallet import selectors, services
from apps.wallet.forms import PayoutForm
from apps.wallet.models import Entry, PurchaseStatus, TransferKind
from apps.wallet.payments import SandboxProvider

HISTORY_PAGE_SIZE = 20
PAYOUTS_SHOWN = 20

# The filter tabs over the history, in order; keys are selectors.HISTORY_TYPES.
HISTORY_FILTER_LABELS = {
    "purchase": "Purchases",
    "gift": "Gifts",
    "earn": "Earnings",
    "spend": "Spending",
    "refund": "Refunds",
    "payout": "Payouts",
    "grant": "Grants",
}
SANDBOX_OUTCOMES = ("paid", "cancelled")


@dataclass(frozen=True)
class HistoryRow:
    created_at: datetime
    label: str
    description: str
    amount: int

    @property
    def magnitude(self) -> int:
        return abs(self.amount)


def _describe(entry: Entry) -> tuple[str, str]:
    """The type label and description of one ledger line, from its transfer's kind, memo and reference."""
    transfer = entry.transfer
    label = "Earnings" if entry.history_type == "earn" else transfer.get_kind_display()
    if transfer.memo:
        return label, transfer.memo
    ref_type, _, ref_id = transfer.reference.partition(":")
    if transfer.kind == TransferKind.PURCHASE:
        description = "Coins bought"
    elif transfer.kind == TransferKind.GIFT:
        description = "Gift received" if entry.amount > 0 else "Gift sent"
    elif ref_type == "payout":
        description = f"Payout #{ref_id}"
    elif ref_type and ref_id:
        description = f"{ref_type.replace('_', ' ').capitalize()} #{ref_id}"
    else:
        description = transfer.get_kind_display()
    return label, description


def _history_type(request) -> str | None:
    kind = request.GET.get("type") or None
    return kind if kind in selectors.HISTORY_TYPES else None


@dataclass(frozen=True)
class HistoryFilter:
    key: str
    label: str
    url: str
    is_current: bool


def _history_url(*, kind: str | None, page: int | None = None) -> str:
    query = urlencode({name: value for name, value in (("type", kind), ("page", page)) if value})
    return reverse("wallet:index") + (f"?{query}" if query else "")


def _history_context(request, *, kind: str | None) -> dict:
    page = Paginator(selectors.history_of(user=request.user, type=kind), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [HistoryRow(e.created_at, *_describe(e), e.amount) for e in page.object_list]
    filters = [HistoryFilter("all", "All", _history_url(kind=None), kind is None)] + [
        HistoryFilter(key, HISTORY_FILTER_LABELS.get(key, key.title()), _history_url(kind=key), key == kind)
        for key in selectors.HISTORY_TYPES
    ]
    return {
        "history_page": page,
        "history_rows": rows,
        "history_type": kind,
        "history_filters": filters,
        "history_prev_url": _history_url(kind=kind, page=page.previous_page_number()) if page.has_previous() else "",
        "history_next_url": _history_url(kind=kind, page=page.next_page_number()) if page.has_next() else "",
    }


def _wallet_page(request, *, payout_form: PayoutForm | None = None):
    user = request.user
    balance = selectors.balance_of(user=user)
    earnings = selectors.earnings_of(user=user)
    payouts = list(selectors.payouts_of(user=user)[:PAYOUTS_SHOWN])
    payout_form = payout_form or PayoutForm()
    context = {
        "balance": balance,
        # Shared with the nav's coin chip, so the page does not ask for the balance twice.
        "nav_coin_balance": balance,
        "packages": selectors.active_packages(),
        "earnings": earnings,
        "payouts": payouts,
        "payout_form": payout_form,
        "is_creator": bool(earnings.total or earnings.in_payout or payouts or payout_form.is_bound),
        **_history_context(request, kind=_history_type(request)),
    }
    return render(request, "wallet/index.html", context)


@login_required
def wallet_index(request):
    # An htmx filter or page link swaps only the history.
    return partial_or(
        request,
        "wallet/_history.html",
        lambda: _history_context(request, kind=_history_type(request)),
        otherwise=lambda: _wallet_page(request),
    )


@require_POST
@login_required
def buy(request):
    try:
        purchase = services.purchase_create(
            user=request.user, package_id=request.POST.get("package_id", ""), payment_method="card"
        )
    except ApplicationError as exc:
        messages.error(request, exc.detail)
        return redirect("wallet:index")
    return redirect(purchase.checkout_url)


@require_POST
@login_required
def payout_create(request):
    form = PayoutForm(request.POST)
    if form.is_valid():
        try:
            payout = services.payout_request(user=request.user, coins=form.cleaned_data["coins"])
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Payout of {payout.coins:,} coins requested.")
            return redirect("wallet:index")
    return _wallet_page(request, payout_form=form)


@login_required
def sandbox_checkout(request, purchase_id):
    """The sandbox provider's checkout page. Pay and Cancel report to the same path a webhook takes."""
    purchase = selectors.purchase_of(user=request.user, purchase_id=purchase_id, provider=SandboxProvider.name)
    if purchase is None:
        raise Http404("No such purchase.")
    if request.method == "POST":
        outcome = request.POST.get("outcome")
        if outcome not in SANDBOX_OUTCOMES:
            return HttpResponseBadRequest("Choose Pay or Cancel.")
        if purchase.status != PurchaseStatus.PENDING:
            # Like a real checkout session, a closed one cannot be paid or cancelled again.
            messages.info(request, f"This purchase is already {purchase.get_status_display().lower()}.")
            return redirect("wallet:sandbox_checkout", purchase_id=purchase.pk)
        services.payment_event_handle(provider=SandboxProvider.name, event=SandboxProvider.event(purchase.pk, outcome))
        # Read back: a concurrent press of the same button answers with the purchase as it was.
        purchase.refresh_from_db(fields=["status"])
        if purchase.status == PurchaseStatus.PAID:
            messages.success(request, f"{purchase.coins:,} coins added to your wallet.")
        elif purchase.status == PurchaseStatus.CANCELLED:
            messages.info(request, "Purchase cancelled. No coins were added and nothing was charged.")
        else:
            messages.info(request, "Your payment is being confirmed; the coins appear as soon as it is.")
        return redirect("wallet:index")
    return render(
        request,
        "wallet/sandbox_checkout.html",
        {"purchase": purchase, "package": purchase.package, "wallet_url": reverse("wallet:index")},
    )
