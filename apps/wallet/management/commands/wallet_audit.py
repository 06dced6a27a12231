from django.core.management.base import BaseCommand, CommandError

from apps.wallet.audit import audit


class Command(BaseCommand):
    help = (
        "Prove the coin ledger: balanced transfers, true cached balances, no account below its floor, "
        "mint = outstanding."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=10, help="How many discrepancies to name at most.")

    def handle(self, *args, limit, **options):
        problems = audit(limit=limit)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"wallet audit failed: {len(problems)} discrepanc{'y' if len(problems) == 1 else 'ies'}")
        self.stdout.write(self.style.SUCCESS("wallet audit passed: the books balance"))
