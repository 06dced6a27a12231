/* One WebSocket to one page subject, speaking our frame format:
   {"t": CODE, "ts": epoch_ms, "d": {...}}; batches are {"t": "B", "d": [frame, ...]}.
   Reconnects with backoff and sends heartbeats; handlers are keyed by frame code. */
(function () {
  "use strict";

  const HEARTBEAT_MS = 25000;

  class LiveSocket {
    constructor(path, handlers) {
      this.path = path;
      this.handlers = handlers || {};
      this.retry = 0;
      this.closedByUs = false;
      this.connect();
    }

    connect() {
      const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
      this.ws = new WebSocket(scheme + "//" + window.location.host + this.path);
      this.ws.addEventListener("open", () => {
        this.retry = 0;
        this.beat = window.setInterval(() => this.send("HB"), HEARTBEAT_MS);
        this.dispatch({ t: "open", d: {} });
      });
      this.ws.addEventListener("message", (event) => {
        let frame;
        try { frame = JSON.parse(event.data); } catch (e) { return; }
        if (frame.t === "B" && Array.isArray(frame.d)) frame.d.forEach((f) => this.dispatch(f));
        else this.dispatch(frame);
      });
      this.ws.addEventListener("close", (event) => {
        window.clearInterval(this.beat);
        // 4401/4402/4403/4404: we are not allowed here (yet); retrying will not help.
        if (this.closedByUs || [4401, 4402, 4403, 4404].includes(event.code)) return;
        const delay = Math.min(30000, 500 * 2 ** this.retry++) + Math.random() * 500;
        window.setTimeout(() => this.connect(), delay);
      });
    }

    dispatch(frame) {
      const handler = this.handlers[frame.t];
      if (handler) handler(frame.d, frame);
    }

    send(code, data) {
      if (this.ws.readyState !== WebSocket.OPEN) return false;
      this.ws.send(JSON.stringify(data === undefined ? { t: code } : { t: code, d: data }));
      return true;
    }

    close() {
      this.closedByUs = true;
      this.ws.close();
    }
  }

  window.LiveSocket = LiveSocket;
})();
