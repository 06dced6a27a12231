/* The shot tracker on the page.

 The overlay over the watch page's picture ([data-shot-overlay], templates/shots/_overlay.html)
 follows ST frames: the stream's numbers, drawn afresh from each, its type rows copies of the
 server's <template data-template="shot-row">. A frame whose `v` is below the one drawn is dropped
 (coalesced frames can arrive after newer ones). ML plays the celebration over the picture: a
 make streak, or a paid shot challenge made.

 On the scorekeeper page, a tap on the half-court ([data-court]) sets the spot's hidden inputs
 (thousandths of the court's width and height), which every shot form includes; the spot clears
 once htmx has swapped in the answer of a recorded shot.

 Frame text is untrusted: it reaches the page only through textContent. */
import { Code } from "./lib/codes.js";
import { fromTemplate } from "./lib/dom.js";
import { streamSocket } from "./lib/sockets.js";

const CELEBRATION_MS = 2600;
// What each kind of milestone says over the picture.
const CELEBRATIONS = {
  make_streak: (d) => String(d.n) + " in a row!",
  challenge_made: () => "Challenge made!",
};

function percent(value) {
  return value === null || value === undefined ? "" : String(value) + "%";
}

function fillRow(row, type) {
  row.dataset.code = String(type.code);
  row.querySelector("[data-short]").textContent = String(type.short);
  row.querySelector("[data-count]").textContent = type.made + "/" + type.att;
  row.querySelector("[data-pct]").textContent = percent(type.pct);
  const career = row.querySelector("[data-career]");
  career.hidden = type.career === null || type.career === undefined;
  career.querySelector("[data-career-pct]").textContent = career.hidden ? "" : String(type.career);
  return row;
}

function startOverlay(overlay, socket) {
  const celebration = document.querySelector("[data-shot-celebration]");
  let drawn = Number(overlay.dataset.v) || 0;
  let hideTimer = 0;

  socket.on(Code.SHOT_STATS, (d) => {
    if (!d || Number(d.v) < drawn) return;
    drawn = Number(d.v);
    overlay.hidden = !d.att;
    overlay.querySelector("[data-shot-total]").textContent = d.made + "/" + d.att;
    overlay.querySelector("[data-shot-pct]").textContent = d.att ? percent(Math.round((100 * d.made) / d.att)) : "";
    overlay.querySelector("[data-shot-streak]").hidden = !(d.streak >= 2);
    overlay.querySelector("[data-shot-streak-n]").textContent = String(d.streak);
    const lastType = d.last ? d.last.type : null;
    const rows = (d.types || []).filter((t) => t.att > 0).map((t) => {
      const row = fillRow(fromTemplate("shot-row"), t);
      row.classList.toggle("shot-row--last", t.code === lastType);
      return row;
    });
    overlay.querySelector("[data-shot-types]").replaceChildren(...rows);
  });

  socket.on(Code.MILESTONE, (d) => {
    const text = d && CELEBRATIONS[d.kind] && CELEBRATIONS[d.kind](d);
    if (!text || !celebration) return;
    celebration.querySelector("[data-shot-celebration-burst]").textContent = d.kind === "make_streak" ? "🔥" : "🎯";
    celebration.querySelector("[data-shot-celebration-text]").textContent = text;
    celebration.hidden = false;
    celebration.classList.remove("shot-celebration--play");
    void celebration.offsetWidth; // restart the animation for a streak that follows another
    celebration.classList.add("shot-celebration--play");
    window.clearTimeout(hideTimer);
    hideTimer = window.setTimeout(() => { celebration.hidden = true; }, CELEBRATION_MS);
  });
}

function startCourt(court) {
  const scale = Number(court.dataset.scale);
  const spot = court.querySelector("[data-court-spot]");
  const x = document.querySelector("[data-spot-x]");
  const y = document.querySelector("[data-spot-y]");
  const note = document.querySelector("[data-court-note]");
  const box = court.viewBox.baseVal;

  function clear() {
    x.value = "";
    y.value = "";
    spot.setAttribute("visibility", "hidden");
    note.textContent = "No spot chosen.";
  }

  court.addEventListener("click", (event) => {
    const rect = court.getBoundingClientRect();
    const fx = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
    const fy = Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height));
    x.value = String(Math.round(fx * scale));
    y.value = String(Math.round(fy * scale));
    spot.setAttribute("cx", String(fx * box.width));
    spot.setAttribute("cy", String(fy * box.height));
    spot.setAttribute("visibility", "visible");
    note.textContent = "Spot chosen: it goes with the next shot.";
  });
  // A recorded (or undone) shot's answer says so; a refusal keeps the spot for another try.
  document.body.addEventListener("htmx:afterSettle", () => {
    if (document.querySelector("[data-scorekeeper-live] [data-keeper-done]")) clear();
  });
}

const overlay = document.querySelector("[data-shot-overlay]");
const socket = streamSocket();
if (overlay && socket) startOverlay(overlay, socket);

const court = document.querySelector("[data-court]");
if (court) startCourt(court);
