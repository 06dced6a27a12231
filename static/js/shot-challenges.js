/* Shot challenges on the stream pages.

 Watch page: CH frames keep the list of open challenges current (rows are copies of the server's own,
 <template data-template="shot-challenge">); a decided one shows how it ended for a moment, then
 leaves. ML {kind: "challenge_made"} plays the cheer for everyone. The welcome (after every open or
 RS) carries the open ones again, so the list starts over then.
 Studio: a CH frame asks the server for the queue again (htmx swaps it in place).
 Frame text reaches the page only through textContent. */
import { userBadge } from "./lib/badge.js";
import { Code } from "./lib/codes.js";
import { fromTemplate } from "./lib/dom.js";
import { formatCount } from "./lib/format.js";
import { OPENED } from "./lib/live-socket.js";
import { streamSocket } from "./lib/sockets.js";
import { toast } from "./lib/toast.js";

const OPEN = ["pending", "accepted"];
const DECIDED_SHOWN_MS = 8000;
const CHEER_MS = 6000;
const CHALLENGE_MADE = "challenge_made";

// htmx replaces these parts after a post: look them up each time.
const panel = () => document.querySelector("[data-shot-challenges]");
const queue = () => document.querySelector("[data-shot-queue]");

function statusLabel(d) {
  if (d.s === "attempted") return d.made ? "Made!" : "Missed";
  const labels = document.getElementById("shot-challenge-statuses");
  return (labels && JSON.parse(labels.textContent)[d.s]) || String(d.s);
}

function showEmpty(root) {
  const empty = root.querySelector("[data-challenge-empty]");
  if (empty) empty.hidden = root.querySelector("[data-challenge-list] [data-challenge-id]") !== null;
}

function showChallenge(d) {
  const root = panel();
  if (!root) return;
  const list = root.querySelector("[data-challenge-list]");
  let row = list.querySelector('[data-challenge-id="' + CSS.escape(String(d.id)) + '"]');
  const open = OPEN.includes(d.s);
  if (!row) {
    if (!open) return;
    row = fromTemplate("shot-challenge");
    row.dataset.challengeId = String(d.id);
    list.append(row);
  }
  const outcome = d.s === "attempted" ? (d.made ? "made" : "missed") : String(d.s);
  row.className = "shot-challenge shot-challenge--" + outcome;
  row.querySelector("[data-ch-text]").textContent = String(d.text);
  row.querySelector("[data-ch-coins]").textContent = formatCount(d.coins);
  row.querySelector("[data-ch-who]").replaceChildren(userBadge(d.who));
  row.querySelector("[data-ch-status]").textContent = statusLabel(d);
  if (!open) {
    window.setTimeout(() => {
      row.remove();
      const now = panel();
      if (now) showEmpty(now);
    }, DECIDED_SHOWN_MS);
  }
  showEmpty(root);
}

function startOver() {
  const root = panel();
  if (!root) return;
  root.querySelectorAll("[data-challenge-list] [data-challenge-id]").forEach((row) => row.remove());
  showEmpty(root);
}

// A welcome brings every open challenge at once: one read of the queue for a burst of frames.
const QUEUE_READ_DELAY_MS = 300;
let queueRead = null;

function refreshQueue() {
  if (queueRead !== null || !queue() || !window.htmx) return;
  queueRead = window.setTimeout(() => {
    queueRead = null;
    const root = queue();
    if (root) window.htmx.ajax("GET", root.dataset.shotQueue, { target: root, swap: "outerHTML" });
  }, QUEUE_READ_DELAY_MS);
}

function cheer(d) {
  const who = (d.who && d.who.n) || "a viewer";
  const text = "🎯 Made it! “" + String(d.text) + "”, challenged by " + who;
  const root = panel();
  const line = root && root.querySelector("[data-challenge-cheer]");
  if (line) {
    line.textContent = text;
    line.hidden = false;
    window.setTimeout(() => (line.hidden = true), CHEER_MS);
  }
  toast(text, "success");
}

const socket = streamSocket();
if (socket) {
  socket.on(OPENED, startOver);
  socket.on(Code.RESYNC, startOver);
  socket.on(Code.SHOT_CHALLENGE, (d) => {
    showChallenge(d);
    refreshQueue();
  });
  socket.on(Code.MILESTONE, (d) => {
    if (d && d.kind === CHALLENGE_MADE) cheer(d);
  });
}
