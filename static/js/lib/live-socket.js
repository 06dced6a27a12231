/* One WebSocket to one page subject, speaking our frame format:
   {"t": CODE, "ts": epoch_ms, "d": {...}}; batches are {"t": "B", "d": [frame, ...]}.
   Handlers are added per frame code with on(code, handler(d, frame)), by as many scripts as want
   them; OPENED and REFUSED are the socket's own events. It reconnects with backoff and sends
   heartbeats. When the server refuses us (an ER frame, then a 44xx close) it does not reconnect:
   REFUSED handlers get that ER's {code, detail}. */
import { Code } from "./codes.js";

export const OPENED = "open";
export const REFUSED = "refused";

const HEARTBEAT_MS = 25000;
// 4401/4402/4403/4404: we are not allowed here (sign in, pay, forbidden, gone); retrying will not help.
const REFUSALS = [4401, 4402, 4403, 4404];

export class LiveSocket {
  constructor(path) {
    this.path = path;
    this.handlers = new Map();
    this.retry = 0;
    this.closedByUs = false;
    this.ws = null;
  }

  /* Call `handler(d, frame)` for each frame with `code` (or OPENED, REFUSED), after those added before. */
  on(code, handler) {
    if (!this.handlers.has(code)) this.handlers.set(code, []);
    this.handlers.get(code).push(handler);
    return this;
  }

  connect() {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    this.ws = new WebSocket(scheme + "//" + window.location.host + this.path);
    let lastError = null;
    this.ws.addEventListener("open", () => {
      this.retry = 0;
      this.beat = window.setInterval(() => this.send(Code.HEARTBEAT), HEARTBEAT_MS);
      this.emit({ t: OPENED, d: {} });
    });
    this.ws.addEventListener("message", (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (frame.t === Code.ERROR) lastError = frame.d;
      if (frame.t === Code.BATCH && Array.isArray(frame.d)) frame.d.forEach((f) => this.emit(f));
      else this.emit(frame);
    });
    this.ws.addEventListener("close", (event) => {
      window.clearInterval(this.beat);
      if (this.closedByUs) return;
      if (REFUSALS.includes(event.code)) {
        this.emit({ t: REFUSED, d: lastError || { code: "refused", detail: "" } });
        return;
      }
      const delay = Math.min(30000, 500 * 2 ** this.retry++) + Math.random() * 500;
      window.setTimeout(() => this.connect(), delay);
    });
  }

  emit(frame) {
    (this.handlers.get(frame.t) || []).forEach((handler) => handler(frame.d, frame));
  }

  send(code, data) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(data === undefined ? { t: code } : { t: code, d: data }));
    return true;
  }

  close() {
    this.closedByUs = true;
    if (this.ws) this.ws.close();
  }
}
