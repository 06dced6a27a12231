/* Tips on the stream pages (watch and studio): the tips pinned at the top of the chat, and the gift
 panel's tip form (its message counter, and Send while this viewer may send).

 TP is a tip: it goes on top of the pins (a copy of <template data-template="tip-pin">, the server's
 own markup) in its tier's colour until `pin_until` by the server's clock, then comes off; a tip
 whose tier is not pinned only has its chat line. The welcome repeats the pins still up, so a tip
 already shown is not added twice. Frame text reaches the page only through textContent. */
import { userBadge } from "./lib/badge.js";
import { Code } from "./lib/codes.js";
import { fromTemplate } from "./lib/dom.js";
import { formatCount } from "./lib/format.js";
import { streamSocket } from "./lib/sockets.js";

// How far the server's clock is ahead of this one (frames carry the server's time).
let serverAhead = 0;
const COLOR = /^#[0-9a-f]{3,8}$/i;

function unpinLater(pin) {
  const until = Number(pin.dataset.until);
  if (!until) return;
  const left = until - (Date.now() + serverAhead);
  window.setTimeout(() => pin.remove(), Math.max(0, left));
}

function pinTip(d, frame) {
  if (frame && Number(frame.ts)) serverAhead = Number(frame.ts) - Date.now();
  const until = Number(d.pin_until);
  if (!until || until <= Date.now() + serverAhead) return;
  document.querySelectorAll("[data-tip-pins]").forEach((list) => {
    if (list.querySelector(`[data-tip-pin="${Number(d.id)}"]`)) return;
    const pin = fromTemplate("tip-pin");
    pin.dataset.tipPin = String(Number(d.id));
    pin.dataset.until = String(until);
    pin.style.setProperty("--tip-color", COLOR.test(String(d.color)) ? String(d.color) : "");
    pin.querySelector("[data-tip-who]").replaceChildren(userBadge(d.from));
    pin.querySelector("[data-tip-coins]").textContent = formatCount(Number(d.coins) || 0);
    pin.querySelector("[data-tip-msg]").textContent = String(d.msg || "");
    list.prepend(pin);
    unpinLater(pin);
  });
}

/* MY: the tip form's Send follows whether this viewer may send gifts (the server has the last word). */
function allowTips(problem) {
  document.querySelectorAll("[data-tip-send]").forEach((button) => {
    if (!button.closest(".htmx-request")) button.disabled = Boolean(problem);
  });
}

function countMessage(form) {
  const message = form.querySelector("[data-tip-message]");
  const counter = form.querySelector("[data-tip-counter]");
  if (message && counter) counter.textContent = message.value.length + "/" + message.maxLength;
}

document.querySelectorAll("[data-tip-pin]").forEach(unpinLater);
const socket = streamSocket();
if (socket) {
  socket.on(Code.TIP, pinTip);
  socket.on(Code.MAY, (d) => allowTips(d.gift));
}
document.addEventListener("input", (event) => {
  const form = event.target.closest && event.target.closest("[data-tip-form]");
  if (form) countMessage(form);
});
