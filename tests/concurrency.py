"""Running service calls at the same moment, for the PostgreSQL race tests."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from django.db import connection

from apps.core.exceptions import ApplicationError


def race(*calls) -> list[str]:
    """Run the calls at the same moment; each one's outcome: "ok" or its error's code."""
    start = Barrier(len(calls))

    def run(call) -> str:
        try:
            start.wait()
            call()
            return "ok"
        except ApplicationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [future.result() for future in [pool.submit(run, call) for call in calls]]
