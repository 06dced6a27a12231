/* One WebSocket to one page subject, speaking our frame format:
   {"t": CODE, "ts": epoch_ms, "d": {...}}; batches are {"t": "B", "d": [frame, ...]}.
   Reconnects with backoff and sends heartbeats; handlers are keyed by frame code. When the server
   refuses us (an ER frame, then a 44xx close) it does not reconnect, and handlers get a
   "refused" frame whose d is that ER's {code, detail}. */
(function () {
  "use strict";

  const HEARTBEAT_MS = 25000;
  // 4401/4402/4403/4404: we are not allowed here (sign in, pay, forbidden, gone); retrying will not help.
  const REFUSALS = [4401, 4402, 4403, 4404];

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
      let lastError = null;
      this.ws.addEventListener("open", () => {
        this.retry = 0;
        this.beat = window.setInterval(() => this.send("HB"), HEARTBEAT_MS);
        this.dispatch({ t: "open", d: {} });
      });
      this.ws.addEventListener("message", (event) => {
        let frame;
        try { frame = JSON.parse(event.data); } catch (e) { return; }
        if (frame.t === "ER") lastError = frame.d;
        if (frame.t === "B" && Array.isArray(frame.d)) frame.d.forEach((f) => this.dispatch(f));
        else this.dispatch(frame);
      });
      this.ws.addEventListener("close", (event) => {
        window.clearInterval(this.beat);
        if (this.closedByUs) return;
        if (REFUSALS.includes(event.code)) {
          this.dispatch({ t: "refused", d: lastError || { code: "refused", detail: "" } });
          return;
        }
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
