"""Load-generating WebSocket viewers for bench/fanout.py (no Django in here).

Each client process holds many viewer sockets on one asyncio loop. The client is a minimal
RFC 6455 speaker written on `asyncio.Protocol` rather than a general WebSocket library:
at thousands of viewers and ~20 frames/s each the clients receive tens of thousands of
frames a second on a 2-core machine they share with daphne, PostgreSQL and Redis, so the
per-frame cost here must be a few microseconds. Server frames are unmasked, so parsing one
is a header read and a regex over its bytes; nothing is JSON-decoded.

A viewer connects, waits for its welcome frame (the B frame with ES, VC and history), then
records, for every bench chat message it sees (content `fb|<seq>|<send time_ns>`, inside B
frames or alone), the latency `receive time_ns - send time_ns` on the shared machine clock; with --max-gifts it
does the same for bench gifts (GF frames whose message is `gf|<seq>|<POST time_ns>`).

With --stock the server is the stock baseline (bench/_stock_chat.py): it sends no welcome (a
viewer counts as connected once upgraded, when the tutorial's consumer has joined its group) and
each message alone, as `{"message": "fb|<seq>|<send_ns>"}`.

Control is line-based on stdin/stdout (see main()): the parent says how many sockets to open
and when to report; results (one int32 of microseconds per delivered message) are written
to a file the parent reads.
"""

from __future__ import annotations

import argparse
import array
import asyncio
import base64
import json
import os
import random
import re
import resource
import struct
import sys
import time

# A bench chat message inside a CM frame: {"c":"fb|<seq>|<send_ns>"} (content key "c"), maybe
# followed by a space and a chat line (bench/fanout.py --automod-level: text for AutoMod to read).
MARK = re.compile(rb'"c":"fb\|(\d+)\|(\d+)[^"]*"')
# The same with the CM frame's own ts (ms, stamped when the server encoded it after commit).
MARK_TS = re.compile(rb'"t":"CM","ts":(\d+),"d":\{[^{}]*?"c":"fb\|(\d+)\|(\d+)[^"]*"')
BATCH_TS = re.compile(rb'^\{"t":"B","ts":(\d+)')
# A bench chat message from the stock baseline: json.dumps({"message": ...}), default separators.
STOCK_MARK = re.compile(rb'"message": "fb\|(\d+)\|(\d+)"')
# A bench gift (--gifts): a GF frame whose message is `gf|<seq>|<send time_ns at the HTTP POST>`,
# with the GF frame's ts (ms, stamped when gift_send queued it, inside the transaction). The lazy
# gap stops at the first bench message after the GF header, which is this frame's own.
GIFT_TS = re.compile(rb'"t":"GF","ts":(\d+),"d":\{[^\n]*?"msg":"gf\|(\d+)\|(\d+)"')
# The same in two literal-led scans, five times cheaper than the lazy gap above (which is kept for
# a frame where they do not pair up, a GF without a bench message among them).
GIFT_FRAME_TS = re.compile(rb'"t":"GF","ts":(\d+)')
GIFT_MESSAGE = re.compile(rb'"msg":"gf\|(\d+)\|(\d+)"')
HEARTBEAT = b'{"t":"HB"}'


def raise_nofile() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def mask_frame(opcode: int, payload: bytes) -> bytes:
    """A client-to-server frame: FIN, `opcode`, masked payload (clients must mask)."""
    n = len(payload)
    if n < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 65536:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    key = os.urandom(4)
    if n:
        masked = (int.from_bytes(payload, "big") ^ int.from_bytes((key * (n // 4 + 1))[:n], "big")).to_bytes(n, "big")
    else:
        masked = b""
    return header + key + masked


def handshake(host: str, port: int, path: str, origin: str, cookie: str | None) -> bytes:
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        f"Origin: {origin}",
    ]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class Stats:
    """Everything one client process measured."""

    def __init__(self, max_seq: int, max_gifts: int = 0):
        self.latencies_us = array.array("i")
        # Stages, for messages that came in a batch frame (ms, the server's stamps):
        # send -> encoded after commit, encoded -> batch flushed, flushed -> received.
        self.stage_commit_ms = array.array("i")
        self.stage_batch_ms = array.array("i")
        self.stage_wire_ms = array.array("i")
        self.received = 0  # bench messages delivered (including duplicates)
        self.duplicates = 0
        self.frames = 0  # WebSocket text frames after the welcome
        self.batch_frames = 0
        self.max_seq = max_seq
        # Gifts (GF frames): latency from the POST's send time, and the stages
        # POST -> GF queued in the transaction, -> batch flushed, -> received (ms).
        self.gift_latencies_us = array.array("i")
        self.gift_stage_queued_ms = array.array("i")
        self.gift_stage_batch_ms = array.array("i")
        self.gift_stage_wire_ms = array.array("i")
        self.gift_received = 0
        self.gift_duplicates = 0
        self.gift_frames_unbatched = 0
        self.max_gifts = max_gifts
        self.closed_after_welcome = 0
        self.close_codes: dict[str, int] = {}
        self.errors: dict[str, int] = {}


class Viewer(asyncio.Protocol):
    """One WebSocket viewer (also used, with `on_text`, for the sender)."""

    def __init__(self, stats: Stats | None, request: bytes, *, on_text=None, stock: bool = False):
        self.stats = stats
        self.request = request
        self.on_text = on_text
        self.stock = stock
        self.buf = bytearray()
        self.upgraded = False
        self.welcomed = asyncio.get_running_loop().create_future()
        self.closed = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None
        self.seen = bytearray(stats.max_seq + 1) if stats is not None else None
        self.gift_seen = bytearray(stats.max_gifts + 1) if stats is not None else None
        self.fragments: list[bytes] = []
        self.close_code: int | None = None

    # --- asyncio.Protocol -------------------------------------------------------------
    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def connection_lost(self, exc):
        if not self.welcomed.done():
            self.welcomed.set_exception(ConnectionError(f"closed before welcome (code {self.close_code})"))
        elif self.stats is not None:
            self.stats.closed_after_welcome += 1
            key = str(self.close_code)
            self.stats.close_codes[key] = self.stats.close_codes.get(key, 0) + 1
        if not self.closed.done():
            self.closed.set_result(self.close_code)

    def data_received(self, data: bytes):
        now = time.time_ns()
        buf = self.buf
        buf += data
        if not self.upgraded:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(buf[: buf.find(b"\r\n")])
            if b" 101 " not in status:
                self.welcomed.set_exception(ConnectionError(status.decode(errors="replace")))
                self.transport.close()
                return
            self.upgraded = True
            del buf[: end + 4]
            if self.stock:  # no welcome frame: upgraded is in the group
                self.welcomed.set_result(b"")
        pos = 0
        size = len(buf)
        while size - pos >= 2:
            b0 = buf[pos]
            length = buf[pos + 1] & 0x7F
            start = pos + 2
            if length == 126:
                if size - pos < 4:
                    break
                length = (buf[pos + 2] << 8) | buf[pos + 3]
                start = pos + 4
            elif length == 127:
                if size - pos < 10:
                    break
                length = int.from_bytes(buf[pos + 2 : pos + 10], "big")
                start = pos + 10
            end = start + length
            if end > size:
                break
            payload = bytes(buf[start:end])
            pos = end
            opcode = b0 & 0x0F
            if not b0 & 0x80:  # a fragment: gather until FIN
                self.fragments.append(payload)
                continue
            if opcode == 0 and self.fragments:
                payload = b"".join(self.fragments) + payload
                self.fragments = []
                opcode = 1
            if opcode == 1:
                self.text(payload, now)
            elif opcode == 9:  # ping
                self.transport.write(mask_frame(10, payload))
            elif opcode == 8:  # close
                self.close_code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else None
                self.transport.write(mask_frame(8, payload[:2]))
                self.transport.close()
        if pos:
            del buf[:pos]

    # --- frames -----------------------------------------------------------------------
    def text(self, payload: bytes, now: int) -> None:
        if not self.welcomed.done():
            self.welcomed.set_result(payload)
            return
        if self.on_text is not None:
            self.on_text(payload, now)
            return
        stats = self.stats
        stats.frames += 1
        if self.stock:
            self.stock_message(payload, now)
            return
        batch = BATCH_TS.match(payload)
        if batch:
            stats.batch_frames += 1
            flushed_ms = int(batch.group(1))
            now_ms = now // 1_000_000
        seen = self.seen
        append = stats.latencies_us.append
        # A gift storm without chat has no bench message to look for: skip that scan of every frame.
        for encoded, seq, sent in MARK_TS.findall(payload) if stats.max_seq else ():
            seq = int(seq)
            if seq <= stats.max_seq:
                if seen[seq]:
                    stats.duplicates += 1
                    continue
                seen[seq] = 1
            stats.received += 1
            sent = int(sent)
            append((now - sent) // 1000)
            if batch:
                encoded = int(encoded)
                stats.stage_commit_ms.append(encoded - sent // 1_000_000)
                stats.stage_batch_ms.append(flushed_ms - encoded)
                stats.stage_wire_ms.append(now_ms - flushed_ms)
        if b'"t":"GF"' in payload:
            self.gifts(payload, now, flushed_ms if batch else None)

    def stock_message(self, payload: bytes, now: int) -> None:
        match = STOCK_MARK.search(payload)
        if match is None:
            return
        seq, sent = int(match.group(1)), int(match.group(2))
        stats = self.stats
        if seq <= stats.max_seq:
            if self.seen[seq]:
                stats.duplicates += 1
                return
            self.seen[seq] = 1
        stats.received += 1
        stats.latencies_us.append((now - sent) // 1000)

    def gifts(self, payload: bytes, now: int, flushed_ms: int | None) -> None:
        stats = self.stats
        seen = self.gift_seen
        stamps, marks = GIFT_FRAME_TS.findall(payload), GIFT_MESSAGE.findall(payload)
        found = (
            [(queued, seq, sent) for queued, (seq, sent) in zip(stamps, marks, strict=True)]
            if len(stamps) == len(marks)
            else GIFT_TS.findall(payload)
        )
        for queued, seq, sent in found:
            seq = int(seq)
            if seq <= stats.max_gifts:
                if seen[seq]:
                    stats.gift_duplicates += 1
                    continue
                seen[seq] = 1
            stats.gift_received += 1
            sent = int(sent)
            stats.gift_latencies_us.append((now - sent) // 1000)
            queued = int(queued)
            stats.gift_stage_queued_ms.append(queued - sent // 1_000_000)
            if flushed_ms is None:
                stats.gift_frames_unbatched += 1
            else:
                stats.gift_stage_batch_ms.append(flushed_ms - queued)
                stats.gift_stage_wire_ms.append(now // 1_000_000 - flushed_ms)

    def send_text(self, text: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(mask_frame(1, text))


CONNECT_TIMEOUT = 30.0


async def open_socket(loop, host, port, request, stats, *, on_text=None, stock: bool = False) -> Viewer:
    """Connect, upgrade and wait for the welcome frame (CONNECT_TIMEOUT for each step)."""
    _, viewer = await asyncio.wait_for(
        loop.create_connection(lambda: Viewer(stats, request, on_text=on_text, stock=stock), host, port),
        CONNECT_TIMEOUT,
    )
    await asyncio.wait_for(asyncio.shield(viewer.welcomed), CONNECT_TIMEOUT)
    return viewer


class Client:
    def __init__(self, args):
        self.args = args
        self.ports = [int(p) for p in args.ports.split(",")]
        self.stats = Stats(args.max_seq, args.max_gifts)
        self.viewers: list[Viewer] = []
        self.failed = 0
        self.next_port = args.index  # spread over daphne processes, interleaved across clients

    async def connect(self, count: int) -> tuple[int, int]:
        loop = asyncio.get_running_loop()
        ok = failed = 0
        pending = []
        for _ in range(count):
            port = self.ports[self.next_port % len(self.ports)]
            self.next_port += 1
            request = handshake(self.args.host, port, self.args.path, self.args.origin, None)
            pending.append(open_socket(loop, self.args.host, port, request, self.stats, stock=self.args.stock))
        for result in await asyncio.gather(*pending, return_exceptions=True):
            if isinstance(result, BaseException):
                failed += 1
                key = type(result).__name__ + ": " + str(result)[:80]
                self.stats.errors[key] = self.stats.errors.get(key, 0) + 1
            else:
                ok += 1
                self.viewers.append(result)
        self.failed += failed
        return ok, failed

    async def heartbeats(self) -> None:
        """Like the browser client: a heartbeat every HEARTBEAT_S per socket, spread out."""
        period = self.args.heartbeat
        if period <= 0:
            return
        while True:
            viewers = list(self.viewers)
            if not viewers:
                await asyncio.sleep(1)
                continue
            step = period / len(viewers)
            start = time.monotonic()
            for i, viewer in enumerate(viewers):
                viewer.send_text(HEARTBEAT)
                delay = start + (i + 1) * step - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)

    def summary(self) -> dict:
        s = self.stats
        open_now = sum(1 for v in self.viewers if not v.closed.done())
        return {
            "connected": len(self.viewers),
            "open": open_now,
            "failed": self.failed,
            "received": s.received,
            "duplicates": s.duplicates,
            "gift_received": s.gift_received,
            "gift_duplicates": s.gift_duplicates,
            "gift_frames_unbatched": s.gift_frames_unbatched,
            "frames": s.frames,
            "batch_frames": s.batch_frames,
            "closed_after_welcome": s.closed_after_welcome,
            "close_codes": s.close_codes,
            "errors": s.errors,
            "cpu_s": sum(os.times()[:2]),
        }


def write_results(s: Stats, path: str) -> None:
    for suffix, values in (
        ("", s.latencies_us),
        (".commit", s.stage_commit_ms),
        (".batch", s.stage_batch_ms),
        (".wire", s.stage_wire_ms),
        (".gift", s.gift_latencies_us),
        (".gqueued", s.gift_stage_queued_ms),
        (".gbatch", s.gift_stage_batch_ms),
        (".gwire", s.gift_stage_wire_ms),
    ):
        with open(path + suffix, "wb") as out:
            values.tofile(out)


async def serve(args) -> None:
    """stdin commands: `CONNECT n` → `OK ok failed`; `HB` starts heartbeats; `STAT` → summary JSON;
    `REPORT path` writes latencies to `path` and answers the summary; `QUIT` exits."""
    client = Client(args)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    hb_task = None

    def reply(text: str) -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    while True:
        line = (await reader.readline()).decode().strip()
        if not line or line == "QUIT":
            break
        command, _, rest = line.partition(" ")
        if command == "CONNECT":
            ok, failed = await client.connect(int(rest))
            reply(f"OK {ok} {failed}")
        elif command == "HB":
            if hb_task is None:
                # Stagger the processes' heartbeat phases.
                await asyncio.sleep(random.random())
                hb_task = asyncio.create_task(client.heartbeats())
            reply("OK")
        elif command == "STAT":
            reply(json.dumps(client.summary()))
        elif command == "REPORT":
            write_results(client.stats, rest)
            reply(json.dumps(client.summary()))
        else:
            reply(f"ERR unknown command {command}")
    for viewer in client.viewers:
        if viewer.transport is not None:
            viewer.transport.abort()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--ports", required=True, help="comma-separated daphne ports")
    parser.add_argument("--path", required=True)
    parser.add_argument("--origin", required=True)
    parser.add_argument("--index", type=int, default=0)
    parser.add_argument("--max-seq", type=int, default=100_000)
    parser.add_argument("--max-gifts", type=int, default=0, help="highest gift sequence number (--gifts)")
    parser.add_argument("--heartbeat", type=float, default=25.0)
    parser.add_argument("--stock", action="store_true", help="the server is the stock baseline (_stock_chat.py)")
    args = parser.parse_args()
    raise_nofile()
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
