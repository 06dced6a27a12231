"""The Celery app for the real workers started by tests/wallet/test_worker_loss.py.

`celery -A tests.wallet.worker_helpers worker ...` runs the project's own app (config.celery)
with one optional fault. With BSL_DIE_AFTER_BANK=<path of a flag file> in its environment, the
process running the task exits abruptly (os._exit: no cleanup, no acknowledgement, like SIGKILL
or a lost machine) right after the payout provider has paid and committed its transfer, and
before our services record the payout as paid: the worst moment to die. It happens once: the
process that creates the flag file dies; any later attempt, in any process, runs normally.
With the solo pool the whole worker dies; with the prefork pool only the pool process does.

The provider's real `send` runs unchanged and nothing of our services is mocked. Without the
variable this module is the plain app.
"""

import os

from apps.wallet.payouts import SandboxPayoutProvider
from config.celery import app

__all__ = ["DIED_AFTER_BANK_EXIT_CODE", "DIE_AFTER_BANK_ENV", "app"]

DIE_AFTER_BANK_ENV = "BSL_DIE_AFTER_BANK"
# Distinct, so the test can tell the injected death from any other crash.
DIED_AFTER_BANK_EXIT_CODE = 77


def _first_to_die(flag: str) -> bool:
    try:
        os.close(os.open(flag, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


if flag := os.environ.get(DIE_AFTER_BANK_ENV):
    _real_send = SandboxPayoutProvider.send

    def _send_then_die(self, payout):
        result = _real_send(self, payout)
        if result.paid and _first_to_die(flag):
            print(f"worker_helpers: bank paid {result.reference}; pid {os.getpid()} dies now", flush=True)
            os._exit(DIED_AFTER_BANK_EXIT_CODE)
        return result

    SandboxPayoutProvider.send = _send_then_die
