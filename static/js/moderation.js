/* The moderators' desk, live over /ws/moderation/ (docs/realtime.md): MC (the welcome) sets each
   panel's count; MQ says an item of a queue was added, changed or removed, and that queue's panel
   is fetched again from the server (htmx, its `desk-refresh` trigger) in place, without a reload.
   Frames in quick succession for one queue make one refresh. A socket that comes back after a drop
   refreshes every panel: frames sent meanwhile are not replayed. */
import { Code } from "./lib/codes.js";
import { afterPageScripts } from "./lib/dom.js";
import { LiveSocket, OPENED, REFUSED } from "./lib/live-socket.js";

const REFRESH_DELAY_MS = 300;
const desk = document.querySelector("[data-desk]");
const pending = new Map();

function panel(queue) {
  return document.querySelector('[data-desk-queue="' + CSS.escape(String(queue)) + '"]');
}

function refresh(queue) {
  if (pending.has(queue)) return;
  pending.set(
    queue,
    window.setTimeout(() => {
      pending.delete(queue);
      const node = panel(queue);
      if (node && window.htmx) window.htmx.trigger(node, "desk-refresh");
    }, REFRESH_DELAY_MS),
  );
}

function setStatus(text) {
  const status = desk.querySelector("[data-desk-status]");
  if (status) status.textContent = text;
}

if (desk) {
  const socket = new LiveSocket(desk.dataset.socket);
  let opened = false;
  socket.on(OPENED, () => {
    setStatus("Live: new items appear as they come.");
    if (opened) document.querySelectorAll("[data-desk-queue]").forEach((node) => refresh(node.dataset.deskQueue));
    opened = true;
  });
  socket.on(REFUSED, (d) => setStatus(d.detail || "Live updates are off."));
  socket.on(Code.DESK_COUNTS, (d) => {
    Object.entries(d.counts || {}).forEach(([queue, count]) => {
      const node = panel(queue);
      const badge = node && node.querySelector("[data-desk-count]");
      if (badge) badge.textContent = String(Number(count) || 0);
    });
  });
  socket.on(Code.DESK_UPDATE, (d) => refresh(d.queue));
  afterPageScripts(() => socket.connect());
}
