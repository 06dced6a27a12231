"""Staff views of the ledger. Ledger rows are read-only: a posted entry is never edited;
corrections are new transfers (grants, claw-backs, refunds) made through the services."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from apps.accounts.admin import UserAdmin
from apps.core.admin import ReadOnlyAdmin
from apps.core.bounds import column_form_integer
from apps.core.exceptions import ApplicationError
from apps.wallet import services
from apps.wallet.models import (
    Account,
    CoinPackage,
    Entry,
    PaymentEvent,
    Payout,
    PayoutStatus,
    Purchase,
    Transfer,
)


class EntryInline(admin.TabularInline):
    model = Entry
    fields = ("account", "amount", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CoinsForm(forms.Form):
    amount = column_form_integer(Account, "balance", min_value=1, label="Coins")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Kept on the transfer.")


def grant_or_claw_back(modeladmin, request, users, *, claw_back: bool):
    """An admin action with a confirmation page: how many coins, and why. Used from the
    account list and from the user list (users who never had coins have no account yet)."""
    title = "Claw back coins" if claw_back else "Grant coins"
    form = CoinsForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        amount, reason = form.cleaned_data["amount"], form.cleaned_data["reason"]
        for user in users:
            try:
                if claw_back:
                    services.wallet_clawback(user=user, amount=amount, reason=reason, taken_by=request.user)
                else:
                    services.wallet_grant(user=user, amount=amount, reason=reason, granted_by=request.user)
            except ApplicationError as exc:
                modeladmin.message_user(request, f"{user}: {exc.detail}", level=messages.ERROR)
            else:
                modeladmin.message_user(request, f"{title}: {amount:,} coins, {user}.")
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "users": users,
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        "opts": modeladmin.model._meta,
        "action": request.POST.get("action"),
    }
    return TemplateResponse(request, "admin/wallet/coins_action.html", context)


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "owner", "channel", "balance", "min_balance", "created_at")
    list_filter = ("kind",)
    search_fields = ("owner__username", "owner__email", "channel__username")
    list_select_related = ("owner", "channel")
    actions = ["grant_coins", "claw_back_coins"]

    def _owners(self, queryset):
        return [account.owner for account in queryset.filter(kind="user_wallet").select_related("owner")]

    @admin.action(description="Grant coins to selected wallets")
    def grant_coins(self, request, queryset):
        return grant_or_claw_back(self, request, self._owners(queryset), claw_back=False)

    @admin.action(description="Claw back coins from selected wallets")
    def claw_back_coins(self, request, queryset):
        return grant_or_claw_back(self, request, self._owners(queryset), claw_back=True)


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "reference", "initiated_by", "memo", "created_at")
    list_filter = ("kind",)
    search_fields = ("reference", "memo", "initiated_by__username", "idempotency_key")
    list_select_related = ("initiated_by",)
    inlines = [EntryInline]
    date_hierarchy = "created_at"


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("id", "transfer", "account", "amount", "created_at")
    list_filter = ("account__kind",)
    search_fields = ("account__owner__username", "transfer__reference")
    list_select_related = ("transfer", "account__owner", "account__channel")


@admin.register(CoinPackage)
class CoinPackageAdmin(admin.ModelAdmin):
    list_display = ("name", "coins", "bonus_coins", "price_minor", "currency", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")


@admin.register(Purchase)
class PurchaseAdmin(ReadOnlyAdmin):
    list_display = ("id", "user", "coins", "price_minor", "currency", "provider", "status", "created_at")
    list_filter = ("status", "provider")
    search_fields = ("id", "user__username", "provider_reference")
    list_select_related = ("user",)


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnlyAdmin):
    list_display = ("provider", "event_type", "event_id", "purchase", "received_at")
    list_filter = ("provider", "event_type")
    search_fields = ("event_id",)


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    list_display = ("id", "user", "coins", "amount_minor", "currency", "status", "attempts", "is_instant", "created_at")
    list_filter = ("status", "is_instant")
    search_fields = ("user__username", "provider_reference")
    list_select_related = ("user",)
    actions = ["retry_payouts"]

    @admin.action(description="Retry selected failed payouts")
    def retry_payouts(self, request, queryset):
        for payout in queryset.filter(status=PayoutStatus.FAILED):
            try:
                services.payout_retry(payout_id=payout.pk, retried_by=request.user)
            except ApplicationError as exc:
                self.message_user(request, f"Payout #{payout.pk}: {exc.detail}", level=messages.ERROR)
            else:
                self.message_user(request, f"Payout #{payout.pk} queued again.")


@admin.action(description="Grant coins to selected users")
def grant_coins(modeladmin, request, queryset):
    return grant_or_claw_back(modeladmin, request, list(queryset), claw_back=False)


# The user list's coin grant, added from here: the accounts app knows nothing of coins.
UserAdmin.actions = (*UserAdmin.actions, grant_coins)
