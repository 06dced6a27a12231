/* PK battles on the stream pages (watch and studio).

   The score bar ([data-pk], templates/pk/_bar.html) follows the stream's socket, whose frames
   static/js/stream.js re-dispatches as `bsl:frame` events. A PK frame is a battle's whole state
   and is drawn afresh; an SU frame is its score, applied only when its version `v` is above the
   last one applied (coalesced frames can arrive after newer ones). The countdown runs on the
   server's clock (a PK frame's `ts` gives the offset); at zero the page asks the server to settle
   the battle (a PK frame up the socket, via `bsl:send`): the server's clock decides.

   In the studio, the PK panel (#pk-panel) is fetched again (htmx `pk-refresh`) whenever the
   host's own socket (/ws/me/, `bsl:me-frame` events from app.js) says their battle changed, an
   invitation's 30 seconds count down in it, and its form shows teammates for team battles only.

   Frame text is untrusted: it reaches the page only through textContent. */
(function () {
  "use strict";

  const TICK_MS = 250;
  // Past zero, ask the server again this often until the result comes.
  const NUDGE_EVERY_MS = 3000;
  // Server time minus this browser's, from the last PK frame.
  let offset = 0;

  function serverNow() {
    return Date.now() + offset;
  }

  function formatCount(value) {
    return Number(value || 0).toLocaleString("en-US");
  }

  function clock(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function gifterName(row) {
    return String((row && row.who && row.who.n) || "Anonymous");
  }

  function askServerToSettle() {
    document.dispatchEvent(new CustomEvent("bsl:send", { detail: { t: "PK", d: {} } }));
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
          const box = el("div", "pk-side pk-side--" + (index === 0 ? "ours" : "theirs"));
          box.dataset.pkSide = String(side.n);
          const points = el("p", "pk-side__points");
          const value = el("span", "", formatCount(side.pts));
          value.dataset.pkPoints = "";
          points.append(value, el("span", "visually-hidden", " points"));
          const top = el("ol", "pk-side__top");
          top.dataset.pkTop = "";
          top.setAttribute("aria-label", "Top gifters of " + String(side.label));
          box.append(el("p", "pk-side__name", side.label), points, top);
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
            const item = el("li");
            item.append(el("span", "pk-side__who", gifterName(row)), " ", el("span", "pk-side__gift", formatCount(row.pts)));
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
      this.root.querySelector("[data-pk-clock]").textContent = (battle.ot ? "Sudden death " : "") + clock(left);
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

  let bar = null;

  document.addEventListener("bsl:frame", (event) => {
    const frame = event.detail || {};
    if (frame.t === "PK" && frame.d) {
      if (typeof frame.ts === "number") offset = frame.ts - Date.now();
      if (bar) bar.state(frame.d);
    } else if (frame.t === "SU" && frame.d && bar) {
      bar.score(frame.d);
    } else if (frame.t === "open" && bar) {
      // The socket (re)opened: its welcome brings the battle back if one is on.
      bar.hide();
    }
  });

  document.addEventListener("bsl:me-frame", (event) => {
    const frame = event.detail || {};
    if (frame.t !== "PK") return;
    if (typeof frame.ts === "number") offset = frame.ts - Date.now();
    refreshPanel();
  });

  document.addEventListener("change", (event) => {
    if (event.target.name === "pk-mode") showTeammates();
  });
  // htmx put a new panel on the page.
  document.addEventListener("htmx:afterSettle", showTeammates);

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.querySelector("[data-pk]");
    if (root) bar = new Bar(root);
    showTeammates();
    window.setInterval(() => {
      if (bar) bar.tick();
      tickInvitation();
    }, TICK_MS);
  });
})();
