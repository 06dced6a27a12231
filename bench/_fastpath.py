"""A PROTOTYPE of a cheaper fan-out write path, measured by bench/fanout.py --experiment.

Not used by the site: it monkeypatches apps.realtime.hub.GroupFeed._flush inside the daphne
processes the bench starts (via bench/settings_fastpath.py), so the proposed change in
apps/realtime can be measured against the current code on the same machine.

- "prepared": frame the payload ONCE per flush (autobahn's prepareMessage, its documented
  broadcast optimisation) and write it straight to each open socket whose outbox is empty and
  whose transport is not paused, instead of waking one outbox task per socket that goes
  through Channels' send, daphne's handle_reply and autobahn's per-socket framing. Sockets
  with queued frames (welcome, ER, ...) or a paused transport still get the frame through
  their outbox, so order, the bound and backpressure are kept.
- "off": keep the site's write path (use with FANOUT_BATCH_WINDOW alone).
- "socket": as "prepared", and when Twisted holds no unsent bytes for the socket, hand the
  frame to the kernel with one send() (what asyncio's own transports do) instead of
  transport.write(), which always registers the fd for writing (epoll_ctl), writes on the
  next reactor turn and unregisters it (epoll_ctl) again.
"""

import logging
import os

from apps.realtime import hub
from apps.realtime.hub import batch_text

MODE = os.environ.get("FANOUT_FASTPATH", "prepared")
if os.environ.get("FANOUT_BATCH_WINDOW"):
    # What a longer batch window buys: fewer frames per viewer at the same chat rate.
    hub.BATCH_WINDOW = float(os.environ["FANOUT_BATCH_WINDOW"])


logger = logging.getLogger("bench.fastpath")
_reported = False


def _protocol_of(member):
    """The daphne WebSocketProtocol under a consumer's `base_send`.

    apps.realtime.outbox.daphne_protocol() looks for daphne's `partial(handle_reply, protocol)`
    on `base_send` itself, but under AuthMiddlewareStack `base_send` is channels.sessions'
    InstanceSessionWrapper.send, which holds daphne's partial as `real_send`: so the site's
    lookup finds nothing (member._protocol is None) and no Twisted producer is registered.
    """
    global _reported
    protocol = getattr(member, "_fp_protocol", False)
    if protocol is not False:
        return protocol
    send = member.base_send
    protocol = None
    for _ in range(5):
        args = getattr(send, "args", ())
        if args and hasattr(args[0], "registerProducer"):
            protocol = args[0]
            break
        send = getattr(getattr(send, "__self__", None), "real_send", None)
        if send is None:
            break
    member._fp_protocol = protocol
    if not _reported:
        _reported = True
        logger.warning(
            "fastpath: site's daphne_protocol() found %r; unwrapping base_send (%r) found %r",
            getattr(member, "_protocol", None),
            member.base_send,
            protocol,
        )
    return protocol


def _direct(member):
    """The daphne protocol of a member that can take a frame right now, else None."""
    protocol = _protocol_of(member)
    outbox = getattr(member, "outbox", None)
    if protocol is None or outbox is None or outbox.overflowed or outbox._frames:
        return None
    if not outbox._watch.writable.is_set() or protocol.state != protocol.STATE_OPEN:
        return None
    return protocol


def _send_socket(protocol, data: bytes) -> None:
    transport = protocol.transport
    if len(transport.dataBuffer) - transport.offset or transport._tempDataBuffer:
        transport.write(data)  # Twisted still holds bytes: keep order behind them
        return
    try:
        sent = transport.socket.send(data)
    except BlockingIOError:
        sent = 0
    except OSError:
        transport.write(data)  # let Twisted see the error and close
        return
    if sent < len(data):
        transport.write(data[sent:])


def _flush(self) -> None:
    import time

    self._flush_handle = None
    now = time.monotonic()
    texts, self._urgent = self._urgent, []
    next_due = None
    for key, text in list(self._aggregates.items()):
        due = self._aggregates_sent_at.get(key, 0.0) + hub.COALESCE_INTERVAL
        if now >= due:
            texts.append(text)
            self._aggregates_sent_at[key] = now
            del self._aggregates[key]
        else:
            next_due = min(next_due or due, due)
    if next_due is not None:
        self._schedule(next_due - now)
    if not texts:
        return
    payload = texts[0] if len(texts) == 1 else batch_text(texts)
    prepared = None
    for member in list(self.members):
        protocol = _direct(member)
        if protocol is None:
            member.push(payload)
            continue
        if prepared is None:
            prepared = protocol.factory.prepareMessage(payload.encode())
        if MODE == "socket" and protocol._perMessageCompress is None:
            _send_socket(protocol, prepared.payloadHybi)
        else:
            protocol.sendPreparedMessage(prepared)


if MODE != "off":
    hub.GroupFeed._flush = _flush
