/* Channel points and predictions on the watch page (templates/predictions/_points.html, _panel.html).

 The points chip, drawn by the server, follows the viewer's own PT frames (their balance in this
 channel and when the next bonus opens); the claim button stays disabled until then, counting down. The prediction card follows PR, the
 prediction's whole state (coalesced): the same prediction in the same status is redrawn in place
 (pools, shares, ratios), anything else fetches the card again (htmx `prediction-refresh`), whose
 forms then fit the new status. Countdowns run on the server's clock (a PR frame's `now`). In the
 studio, the panel (#prediction-studio) is fetched again on each PR while a prediction runs there
 (no form is being typed in then), or when one it did not show arrives.

 Frame text is untrusted: it reaches the page only through textContent. */
import { Code } from "./lib/codes.js";
import { clock, formatCount } from "./lib/format.js";
import { streamSocket } from "./lib/sockets.js";

const TICK_MS = 250;
// Server time minus this browser's, from the last PR frame.
let offset = 0;

function serverNow() {
  return Date.now() + offset;
}

function chip() {
  return document.querySelector("[data-points]");
}

function panel() {
  return document.querySelector("[data-prediction-panel]");
}

function claimButton() {
  const root = chip();
  return root && root.querySelector("[data-claim]");
}

function setNote(text) {
  const note = chip() && chip().querySelector("[data-claim-note]");
  if (note) note.textContent = text;
}

/* The claim button: enabled now (at null), else disabled until `claimAt` (ms), or with `why`. */
function claimState(claimAt, why) {
  const button = claimButton();
  if (!button) return;
  if (claimAt) {
    button.dataset.claimAt = String(claimAt);
  } else {
    delete button.dataset.claimAt;
  }
  button.disabled = Boolean(claimAt || why);
  setNote(why || "");
}

function points(d) {
  const root = chip();
  if (!root || String(d.channel) !== root.dataset.channel) return;
  const balance = root.querySelector("[data-points-balance]");
  if (balance && balance.textContent !== formatCount(d.points)) {
    balance.textContent = formatCount(d.points);
    root.classList.remove("points-chip--bump");
    void root.offsetWidth; // restart the animation
    root.classList.add("points-chip--bump");
  }
  claimState(d.claim_at, "");
}

function tickClaim() {
  const button = claimButton();
  if (!button || !button.dataset.claimAt) return;
  const left = Number(button.dataset.claimAt) - Date.now();
  if (left <= 0) {
    claimState(null, "");
  } else {
    setNote("Next bonus in " + clock(Math.ceil(left / 1000)));
  }
}

function refreshPanel(root) {
  if (window.htmx) window.htmx.trigger(root, "prediction-refresh");
}

function refreshStudio(d) {
  const studio = document.querySelector("[data-prediction-studio]");
  if (studio && window.htmx && ("running" in studio.dataset || d.s === "open" || d.s === "locked")) {
    window.htmx.trigger(studio, "prediction-refresh");
  }
}

function prediction(d) {
  refreshStudio(d);
  const root = panel();
  if (!root) return;
  if (typeof d.now === "number") offset = d.now - Date.now();
  if (root.dataset.prediction !== String(d.id) || root.dataset.status !== d.s) {
    refreshPanel(root);
    return;
  }
  root.dataset.closes = String(d.closes);
  for (const outcome of d.outcomes || []) {
    const row = root.querySelector(`[data-outcome="${Number(outcome.id)}"]`);
    if (!row) continue;
    const set = (selector, text) => {
      const node = row.querySelector(selector);
      if (node) node.textContent = text;
    };
    set("[data-share]", String(Number(outcome.share) || 0));
    set("[data-points]", formatCount(outcome.points));
    const users = Number(outcome.users) || 0;
    set("[data-users]", `${users} predictor${users === 1 ? "" : "s"}`);
    set("[data-ratio]", outcome.ratio ? "1:" + outcome.ratio : "—");
    const bar = row.querySelector("[data-share-bar]");
    if (bar) bar.style.width = `${Math.max(0, Math.min(100, Number(outcome.share) || 0))}%`;
  }
}

function tickPrediction() {
  const root = panel();
  if (!root || root.dataset.status !== "open") return;
  const countdown = root.querySelector("[data-prediction-countdown]");
  const left = Number(root.dataset.closes) - serverNow();
  if (countdown) countdown.textContent = left > 0 ? clock(Math.ceil(left / 1000)) : "0:00";
  root.querySelectorAll(".prediction__stake button").forEach((button) => {
    button.disabled = left <= 0;
  });
}

const socket = streamSocket();
if (socket) {
  socket.on(Code.POINTS, points);
  socket.on(Code.PREDICTION, prediction);
}
window.setInterval(() => {
  tickClaim();
  tickPrediction();
}, TICK_MS);
