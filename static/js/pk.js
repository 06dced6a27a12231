/* PK battles on the stream pages (watch and studio).

 The score bar ([data-pk], templates/pk/_bar.html) follows the stream's socket. A PK frame is a
 battle's whole state and is drawn afresh, its sides and top gifters copies of the server's own
 markup (<template data-template="pk-side"> and "pk-gifter"); an SU frame is its score, applied
 only when its version `v` is above the last one applied (coalesced frames can arrive after
 newer ones). The countdown runs on the server's clock (a PK frame's `ts` gives the offset); at
 zero the page says so (PD up the socket): the server's clock decides.

 In the studio, the PK panel (#pk-panel) is fetched again (htmx `pk-refresh`) whenever the
 host's own socket (/ws/me/) says their battle changed (PN), an invitation's 30 seconds count
 down in it, and its form shows teammates for team battles only.

 Frame text is untrusted: it reaches the page only through textContent. */
import { Code } from "./lib/codes.js";
import { el, fromTemplate } from "./lib/dom.js";
import { clock, formatCount } from "./lib/format.js";
import { OPENED } from "./lib/live-socket.js";
import { meSocket, streamSocket } from "./lib/sockets.js";

const TICK_MS = 250;
// Past zero, ask the server again this often until the result comes.
const NUDGE_EVERY_MS = 3000;
// Server time minus this browser's, from the last PK frame.
let offset = 0;

function serverNow() {
  return Date.now() + offset;
}

function gifterName(row) {
  return String((row && row.who && row.who.n) || "Anonymous");
}

/* Seconds left, rounded up: the clock shows 0:00 only once the time is up. */
function countdown(ms) {
  return clock(Math.ceil(ms / 1000));
}

const stream = streamSocket();

function askServerToSettle() {
  if (stream) stream.send(Code.PK_DUE);
}

class Bar {
  constructor(root) {
    this.root = root;
    this.hostId = Number(root.dataset.hostId);
    this.battle = null;
    this.sides = [];
    this.version = -1;
    this.nudgedAt = 0;
  }

  /* PK: draw the battle if this stream's host is fighting in it; hide it if they left it. */
  state(d) {
    const sides = Array.isArray(d.sides) ? d.sides : [];
    const ours = sides.find((side) =>
      (side.hosts || []).some((host) => host.id === this.hostId && host.st === "accepted"),
    );
    if (!ours || !["active", "ended"].includes(d.s)) {
      if (this.battle && this.battle.id === d.id) this.hide();
      return;
    }
    // This stream's side on the left, whichever side invited.
    this.sides = [ours, ...sides.filter((side) => side !== ours)];
    this.battle = d;
    this.version = Number(d.v) || 0;
    this.draw();
    if (d.s === "ended") this.showResult();
    else this.tick();
  }

  /* SU: newer scores of the battle on show. */
  score(d) {
    const battle = this.battle;
    if (!battle || d.id !== battle.id || battle.s !== "active" || !(Number(d.v) > this.version)) return;
    this.version = Number(d.v);
    battle.end = d.end;
    (d.sides || []).forEach((score) => {
      const side = battle.sides.find((s) => s.n === score.n);
      if (side) {
        side.pts = score.pts;
        side.top = score.top;
      }
    });
    this.drawScores();
    this.tick();
  }

  hide() {
    this.battle = null;
    this.root.hidden = true;
  }

  draw() {
    const battle = this.battle;
    this.root.hidden = false;
    this.root.dataset.battle = String(battle.id);
    delete this.root.dataset.winner;
    this.root.classList.toggle("pk-bar--ended", battle.s === "ended");
    this.root.classList.toggle("pk-bar--overtime", Boolean(battle.ot) && battle.s === "active");
    const gift = battle.gift;
    this.root.querySelector("[data-pk-rule]").textContent = gift ? " · " + gift.emoji + " " + gift.name + " only" : "";
    this.root.querySelector("[data-pk-sides]").replaceChildren(
      ...this.sides.map((side, index) => {
        // A copy of templates/pk/_side.html, filled in.
        const box = fromTemplate("pk-side");
        box.className = "pk-side pk-side--" + (index === 0 ? "ours" : "theirs");
        box.dataset.pkSide = String(side.n);
        box.querySelector("[data-pk-name]").textContent = String(side.label);
        const top = box.querySelector("[data-pk-top]");
        top.setAttribute("aria-label", top.getAttribute("aria-label") + String(side.label));
        return box;
      }),
    );
    this.root.querySelector("[data-pk-result]").hidden = true;
    this.drawScores();
  }

  drawScores() {
    const battle = this.battle;
    battle.sides.forEach((side) => {
      const box = this.root.querySelector('[data-pk-side="' + Number(side.n) + '"]');
      if (!box) return;
      box.querySelector("[data-pk-points]").textContent = formatCount(side.pts);
      box.querySelector("[data-pk-top]").replaceChildren(
        ...(side.top || []).map((row) => {
          const item = fromTemplate("pk-gifter");
          item.querySelector("[data-pk-who]").textContent = gifterName(row);
          item.querySelector("[data-pk-gifted]").textContent = formatCount(row.pts);
          return item;
        }),
      );
    });
    const [left, right] = this.sides.map((side) => Math.max(0, Number(side.pts) || 0));
    const share = left + right ? Math.floor((left * 100) / (left + right)) : 50;
    this.root.querySelector("[data-pk-fill]").style.width = share + "%";
    this.root.querySelector("[data-pk-track]").setAttribute("aria-valuenow", String(share));
  }

  /* The countdown and the boosters in force; past zero, ask the server to settle it. */
  tick() {
    const battle = this.battle;
    if (!battle || battle.s !== "active") return;
    const now = serverNow();
    const left = Number(battle.end) - now;
    this.root.querySelector("[data-pk-clock]").textContent = (battle.ot ? "Sudden death " : "") + countdown(left);
    const boost = (battle.boost || [])
      .filter((b) => b.from <= now && now < b.to)
      .sort((a, b) => b.x - a.x)[0];
    const badge = this.root.querySelector("[data-pk-boost]");
    badge.hidden = !boost;
    badge.textContent = boost ? "×" + Number(boost.x) + " " + String(boost.label) : "";
    this.root.classList.toggle("pk-bar--boosted", Boolean(boost));
    if (left <= 0 && Date.now() - this.nudgedAt >= NUDGE_EVERY_MS) {
      this.nudgedAt = Date.now();
      askServerToSettle();
    }
  }

  showResult() {
    const battle = this.battle;
    const result = battle.result || {};
    const winner = battle.sides.find((side) => side.n === result.winner);
    this.root.dataset.winner = winner ? String(winner.n) : "draw";
    this.root.querySelector("[data-pk-clock]").textContent = "Final";
    this.root.querySelector("[data-pk-boost]").hidden = true;
    this.root.classList.remove("pk-bar--boosted", "pk-bar--overtime");
    const lines = [el("p", "pk-result__winner", winner ? "🏆 " + winner.label + " wins!" : "🤝 It's a draw!")];
    if (result.reason === "forfeit" && winner) {
      const loser = this.sides.find((side) => side !== winner);
      lines.push(el("p", "pk-result__note", loser.label + " left the battle."));
    }
    lines.push(el("p", "pk-result__score", "Final score " + this.sides.map((s) => formatCount(s.pts)).join(" – ")));
    const mvps = el("ul", "pk-result__mvps");
    this.sides.forEach((side) => {
      const top = (side.top || [])[0];
      const who = top ? gifterName(top) + " (" + formatCount(top.pts) + ")" : "—";
      mvps.append(el("li", "pk-result__mvp pk-result__mvp--" + Number(side.n), "MVP " + side.label + ": " + who));
    });
    lines.push(mvps);
    const box = this.root.querySelector("[data-pk-result]");
    box.replaceChildren(...lines);
    box.hidden = false;
  }
}

/* ----------------------------------------------------------------------------------------- */
/* The studio's panel. */

let expiryAsked = null;

function refreshPanel() {
  const panel = document.getElementById("pk-panel");
  if (panel && window.htmx) window.htmx.trigger(panel, "pk-refresh");
}

function tickInvitation() {
  const expiry = document.querySelector("#pk-panel [data-pk-expires]");
  if (!expiry) return;
  const left = Number(expiry.dataset.pkExpires) - serverNow();
  expiry.textContent = Math.max(0, Math.ceil(left / 1000)) + " s";
  if (left <= 0 && expiryAsked !== expiry) {
    // Lapsed: the server records it (and tells everyone), and the panel shows the form again.
    expiryAsked = expiry;
    askServerToSettle();
    refreshPanel();
  }
}

/* The invitation form: teammates are for team battles only (unticked when hidden, so a solo
   invitation never carries them). */
function showTeammates() {
  const teammates = document.querySelector("#pk-panel #id_pk-teammates");
  if (!teammates) return;
  const mode = document.querySelector("#pk-panel input[name='pk-mode']:checked");
  const solo = !mode || mode.value !== "team";
  teammates.closest(".field").hidden = solo;
  if (solo) teammates.querySelectorAll("input:checked").forEach((box) => (box.checked = false));
}

/* ----------------------------------------------------------------------------------------- */

function setServerClock(frame) {
  if (typeof frame.ts === "number") offset = frame.ts - Date.now();
}

const barRoot = document.querySelector("[data-pk]");
const bar = barRoot ? new Bar(barRoot) : null;
if (stream && bar) {
  stream.on(Code.PK_STATE, (d, frame) => {
    setServerClock(frame);
    bar.state(d);
  });
  stream.on(Code.SCORE_UPDATE, (d) => bar.score(d));
  // The socket (re)opened: its welcome brings the battle back if one is on.
  stream.on(OPENED, () => bar.hide());
}

const me = meSocket();
if (me) {
  me.on(Code.PK_NOTE, (d, frame) => {
    setServerClock(frame);
    refreshPanel();
  });
}

document.addEventListener("change", (event) => {
  if (event.target.name === "pk-mode") showTeammates();
});
// htmx put a new panel on the page.
document.addEventListener("htmx:afterSettle", showTeammates);
showTeammates();
window.setInterval(() => {
  if (bar) bar.tick();
  tickInvitation();
}, TICK_MS);
