/* A tournament's page, live over /ws/tournaments/<id>/ (docs/realtime.md): BU frames redraw the
   bracket's matches in place (every [data-match-id], in the tree and in the round-by-round list),
   PJ/PL the player count and list, ES the status, SE an entry announcement. A BU whose v is not
   above the bracket's is old news and dropped. The bracket's "Round by round" button switches views. */
import { userBadge } from "./lib/badge.js";
import { Code } from "./lib/codes.js";
import { afterPageScripts, el } from "./lib/dom.js";
import { LiveSocket } from "./lib/live-socket.js";

const STATUS_LABELS = { waiting: "Waiting", ready: "Ready", live: "Live", done: "Done", disputed: "Disputed" };
const MATCH_STATUSES = [...Object.keys(STATUS_LABELS), "void"];
const TOURNAMENT_LABELS = {
  registration: "Registration open",
  live: "Live",
  paused: "Paused",
  finalized: "Finished",
  cancelled: "Cancelled",
};
const LEVEL_LABELS = { ELITE: "Elite superstar", LEGENDARY: "Legendary superstar" };

const page = document.querySelector("[data-tournament]");
const bracket = document.querySelector("[data-bracket]");
const viewer = bracket && bracket.dataset.viewer ? Number(bracket.dataset.viewer) : null;
let version = bracket ? Number(bracket.dataset.v) || 0 : 0;
// Players by id as frames carry them: a SUMMARY names only the players of the matches it changes.
const players = new Map();

function profileLink(player) {
  const link = el("a", "", player.n);
  link.href = "/u/" + encodeURIComponent(player.u) + "/";
  return link;
}

/* A slot's number: the game's points in a best of 1, games won otherwise (as the server draws it). */
function slotScore(match, side) {
  const games = match.games || [];
  if (!games.length) return "";
  if (match.best_of === 1) return String(games[0][side]);
  return String(games.filter((game) => game[side] > game[1 - side]).length);
}

function drawSlot(slot, match, side) {
  const id = match.players[side];
  const player = id === null ? null : players.get(String(id));
  const name = slot.querySelector("[data-name]");
  name.replaceChildren(player ? profileLink(player) : el("span", "bm__hint", match.hints[side] || "TBD"));
  slot.querySelector("[data-seed]").textContent = player && player.seed != null ? String(player.seed) : "";
  slot.querySelector("[data-score]").textContent = slotScore(match, side);
  const won = id !== null && match.winner === id;
  slot.classList.toggle("is-winner", won);
  slot.classList.toggle("is-me", id !== null && id === viewer);
  slot.querySelector("[data-win]").hidden = !won;
}

function drawMatch(card, match) {
  MATCH_STATUSES.forEach((status) => card.classList.remove("bm--" + status));
  card.classList.add("bm--" + match.status);
  card.classList.toggle("bm--mine", viewer !== null && match.players.includes(viewer));
  const status = card.querySelector("[data-status]");
  status.className = "bm-status bm-status--" + match.status;
  status.textContent = STATUS_LABELS[match.status] || match.status;
  card.querySelectorAll("[data-slot]").forEach((slot) => drawSlot(slot, match, Number(slot.dataset.slot)));
  card.querySelector("[data-games]").textContent =
    match.best_of > 1 ? (match.games || []).map((game) => game[0] + "–" + game[1]).join(", ") : "";
  const watch = card.querySelector("[data-watch]");
  const url = match.stream && match.stream.url;
  watch.hidden = !(url && url.startsWith("/"));
  if (!watch.hidden) watch.href = url;
  // The grand-final reset shows once it is needed: both players known and not void.
  const box = card.closest("[data-match-slot]");
  if (box && match.conditional) {
    box.hidden = match.status === "void" || match.players.includes(null);
    const round = box.closest("[data-round]");
    if (round) round.hidden = [...round.querySelectorAll("[data-match-slot]")].every((slot) => slot.hidden);
  }
}

function drawStandings(rows) {
  const body = document.querySelector("[data-standings] tbody");
  if (!body || !rows) return;
  const withBuchholz = document.querySelectorAll("[data-standings] thead th").length > 4;
  body.replaceChildren(
    ...rows.map((row, index) => {
      const player = players.get(String(row.player));
      const tr = el("tr");
      tr.dataset.standing = String(row.player);
      const name = el("td");
      if (player) name.append(profileLink(player));
      tr.append(el("td", "num", row.place || index + 1), name, el("td", "num", row.wins), el("td", "num", row.losses));
      if (withBuchholz) tr.append(el("td", "num", row.buchholz ?? ""));
      return tr;
    }),
  );
}

function applyBracket(d) {
  if (!bracket || !(Number(d.v) >= version)) return;
  version = Number(d.v);
  bracket.dataset.v = String(version);
  Object.entries(d.players || {}).forEach(([id, player]) => players.set(id, player));
  let unknown = false;
  (d.matches || []).forEach((match) => {
    const cards = document.querySelectorAll('[data-match-id="' + Number(match.id) + '"]');
    if (!cards.length) unknown = true;
    cards.forEach((card) => drawMatch(card, match));
  });
  drawStandings(d.standings);
  // A match this page was not drawn with: the bracket's shape changed (a fresh start), so draw it anew.
  if (unknown) window.location.reload();
}

function setCount(count) {
  if (count === undefined) return;
  document.querySelectorAll("[data-registered-count]").forEach((node) => {
    node.textContent = String(count);
  });
}

function playerJoined(d) {
  setCount(d.count);
  const list = document.querySelector("[data-players]");
  // A waiting-list join takes no place yet: the registered list is for those with one.
  if (!list || !d.player || d.reason === "waiting") return;
  let row = list.querySelector('[data-player-id="' + Number(d.player.id) + '"]');
  if (!row) {
    row = el("li");
    row.dataset.playerId = String(d.player.id);
    row.append(userBadge(d.player));
    if (d.rating) row.append(" ", el("span", "t-rating", d.rating));
    list.append(row);
    const empty = list.querySelector("[data-players-empty]");
    if (empty) empty.remove();
  }
  if (d.reason === "checked_in" && !row.querySelector(".t-badge")) row.append(" ", el("span", "t-badge", "Checked in"));
}

function playerLeft(d) {
  setCount(d.count);
  if (!d.player) return;
  document.querySelectorAll('[data-players] [data-player-id="' + Number(d.player.id) + '"]').forEach((row) => row.remove());
}

function statusChanged(d) {
  document.querySelectorAll("[data-tournament-status]").forEach((node) => {
    node.className = "status t-status t-status--" + d.s;
    node.textContent = TOURNAMENT_LABELS[d.s] || d.s;
  });
  // A start draws the bracket, a finalize the results: pages the server draws.
  if ((d.s === "live" && !bracket) || d.s === "finalized") window.location.reload();
}

function announce(d) {
  const banner = document.querySelector("[data-announce]");
  if (!banner || !d.player) return;
  banner.textContent = d.player.n + " has entered! " + (LEVEL_LABELS[d.level] || "Superstar");
  banner.hidden = false;
}

function enableViewToggle() {
  const button = bracket && bracket.querySelector("[data-bracket-toggle]");
  if (!button) return;
  bracket.dataset.view = "tree";
  button.hidden = false;
  button.addEventListener("click", () => {
    const list = bracket.dataset.view === "tree";
    bracket.dataset.view = list ? "list" : "tree";
    button.setAttribute("aria-pressed", String(list));
  });
}

enableViewToggle();
if (page && page.dataset.socket) {
  const socket = new LiveSocket(page.dataset.socket);
  socket
    .on(Code.BRACKET_UPDATE, applyBracket)
    .on(Code.PLAYER_JOINED, playerJoined)
    .on(Code.PLAYER_LEFT, playerLeft)
    .on(Code.EVENT_STATUS, statusChanged)
    .on(Code.SUPERSTAR_ENTRY, announce);
  afterPageScripts(() => socket.connect());
}
