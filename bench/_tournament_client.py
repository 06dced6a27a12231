"""Load-generating sockets for bench/tournament_fanout.py (no Django in here).

One process holds many `/ws/tournaments/<id>/` sockets on one asyncio loop, on the same minimal
WebSocket speaker as bench/fanout.py's viewers (_fanout_client.Viewer: server frames are parsed by a
header read and a regex, never JSON-decoded). For every `BU` frame a socket receives after its welcome
it records the frame's `v`, the receive time (time.time_ns(), the machine clock the bench stamps its
sends with), the frame's `ts` (ms, stamped when the server encoded it after the commit) and the frame's
own length in bytes (a frame inside a batch counted alone), with the socket's number in this process.

Control is line-based on stdin/stdout: `CONNECT <kind> <n> [cookie]` opens n sockets of `kind`
(spectator, player) and answers `OK ok failed welcome_bytes`; `HB` starts heartbeats; `COUNT` answers
how many BU frames have arrived; `REPORT <path>` writes the records as JSON and answers `OK`; `QUIT`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import time
from pathlib import Path

import _fanout_client as wsclient

FRAME_START = re.compile(rb'\{"t":"')
BU = re.compile(rb'\{"t":"BU","ts":(\d+),"d":\{"v":(\d+)')


class Records:
    """Per kind of socket: (socket number, v, receive time_ns, ts, frame bytes) of each BU."""

    def __init__(self):
        self.by_kind: dict[str, list[tuple[int, int, int, int, int]]] = {"spectator": [], "player": []}
        self.count = 0


def bracket_updates(payload: bytes):
    """(ts, v, frame bytes) of each BU frame in a message (a lone frame or a batch)."""
    starts = [m.start() for m in FRAME_START.finditer(payload)]
    batched = payload.startswith(b'{"t":"B",')
    for i, start in enumerate(starts):
        match = BU.match(payload, start)
        if match is None:
            continue
        # A batched frame ends where the next begins (less its comma), the last one before the closing `]}`.
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(payload) - (2 if batched else 0)
        yield int(match.group(1)), int(match.group(2)), end - start


class Client:
    def __init__(self, args):
        self.args = args
        self.records = Records()
        self.viewers: list[wsclient.Viewer] = []
        self.opened = 0

    def _on_text(self, kind: str):
        records = self.records.by_kind[kind]
        self.opened += 1
        number = self.opened

        def on_text(payload: bytes, now: int) -> None:
            for ts, v, size in bracket_updates(payload):
                records.append((number, v, now, ts, size))
                self.records.count += 1

        return on_text

    async def connect(self, kind: str, count: int, cookie: str | None) -> tuple[int, int, int]:
        loop = asyncio.get_running_loop()
        pending = []
        for _ in range(count):
            request = wsclient.handshake("127.0.0.1", self.args.port, self.args.path, self.args.origin, cookie)
            pending.append(
                wsclient.open_socket(loop, "127.0.0.1", self.args.port, request, None, on_text=self._on_text(kind))
            )
        ok = failed = welcome_bytes = 0
        for result in await asyncio.gather(*pending, return_exceptions=True):
            if isinstance(result, BaseException):
                failed += 1
                print(f"connect failed: {result!r}", file=sys.stderr)
            else:
                ok += 1
                self.viewers.append(result)
                welcome_bytes = len(result.welcomed.result())
        return ok, failed, welcome_bytes

    async def heartbeats(self) -> None:
        """A heartbeat every --heartbeat seconds per socket, spread out, as the page sends them."""
        while True:
            viewers = list(self.viewers)
            step = self.args.heartbeat / max(len(viewers), 1)
            start = time.monotonic()
            for i, viewer in enumerate(viewers):
                viewer.send_text(wsclient.HEARTBEAT)
                delay = start + (i + 1) * step - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            if not viewers:
                await asyncio.sleep(1)


async def serve(args) -> None:
    client = Client(args)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    beating = None

    def reply(text: str) -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    while True:
        line = (await reader.readline()).decode().strip()
        if not line or line == "QUIT":
            break
        command, *rest = line.split(" ", 3)
        if command == "CONNECT":
            ok, failed, welcome_bytes = await client.connect(rest[0], int(rest[1]), rest[2] if len(rest) > 2 else None)
            reply(f"OK {ok} {failed} {welcome_bytes}")
        elif command == "HB":
            if beating is None:
                await asyncio.sleep(random.random())  # the processes' heartbeats out of phase
                beating = asyncio.create_task(client.heartbeats())
            reply("OK")
        elif command == "COUNT":
            reply(f"{client.records.count} {sum(1 for v in client.viewers if not v.closed.done())}")
        elif command == "REPORT":
            Path(rest[0]).write_text(json.dumps(client.records.by_kind))  # noqa: ASYNC240 (the run is over)
            reply("OK")
        else:
            reply(f"ERR unknown command {command}")
    for viewer in client.viewers:
        if viewer.transport is not None:
            viewer.transport.abort()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--origin", required=True)
    parser.add_argument("--heartbeat", type=float, default=25.0)
    args = parser.parse_args()
    wsclient.raise_nofile()
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
