/* Gifts on the stream pages (watch and studio): the animation stage, the top-gifters
 leaderboard, the donation goal bar, and the gift panel's tabs, total and Send button.

 Frames come from the page's stream socket: GF is a gift (animate it), LB the leaderboard, GL the
 goal, MY whether this viewer may send gifts now (and if not, the server's reason). Frame text is
 untrusted: names and messages reach the page only through textContent, and an icon only as an
 <img> whose address passed safeImageUrl(). Leaderboard rows are copies of the server's own
 (<template data-template="leaderboard-row">). */
import { userBadge } from "./lib/badge.js";
import { Code } from "./lib/codes.js";
import { el, fromTemplate } from "./lib/dom.js";
import { formatCount } from "./lib/format.js";
import { streamSocket } from "./lib/sockets.js";

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const ANIMATIONS = [
  "float",
  "burst",
  "confetti",
  "fireworks",
  "basketball_bounce",
  "trophy_confetti",
  "ball_on_fire",
  "crown_descends",
  "legend_celebration",
];
const EFFECTS = ["corner", "banner", "half", "full"];
const RARITIES = ["common", "rare", "epic", "legendary"];
const MIN_MS = 1500;
const MAX_MS = 15000;
const DEFAULT_MS = 3000;
// The fade-out at the end of an animation, inside its duration.
const EXIT_MS = 450;
// Corner gifts share the corner, up to this many at once; bigger ones play one at a time.
const MAX_CORNER = 3;
// With this many waiting, each plays for half its time, so a rush does not lag minutes behind.
const RUSH_AT = 4;
// Waiting gifts kept; beyond it the oldest waiting corner gifts are dropped (the chat keeps them all).
const MAX_WAITING = 40;
const SEEN_KEPT = 500;
const LEADERBOARD_SIZE = 5;
const GOAL_CELEBRATION_MS = 4500;
const COLORS = ["#ff7a1a", "#f5c542", "#3ecf8e", "#7cc4ff", "#ff5d8f", "#b28dff", "#ffffff"];

function oneOf(value, allowed, fallback) {
  return allowed.includes(value) ? value : fallback;
}

function durationOf(ms) {
  const value = Number(ms);
  return Number.isFinite(value) && value > 0 ? Math.min(MAX_MS, Math.max(MIN_MS, value)) : DEFAULT_MS;
}

/* A same-site path or an https address, or null. */
function safeImageUrl(text) {
  if (!text) return null;
  let url;
  try {
    url = new URL(String(text), window.location.href);
  } catch (e) {
    return null;
  }
  if (url.origin === window.location.origin || url.protocol === "https:") return url.href;
  return null;
}

function random(min, max) {
  return min + Math.random() * (max - min);
}

/* `count` decorative pieces, each with its own custom properties for the CSS to use. */
function pieces(className, count, props) {
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < count; i += 1) {
    const piece = el("span", className);
    const values = props(i, count);
    Object.keys(values).forEach((name) => piece.style.setProperty("--" + name, String(values[name])));
    fragment.append(piece);
  }
  return fragment;
}

function confetti(count) {
  return pieces("fx-confetti", count, () => ({
    x: random(2, 98).toFixed(1) + "%",
    delay: random(0, 1.2).toFixed(2) + "s",
    fall: random(1.6, 3).toFixed(2) + "s",
    spin: Math.round(random(-720, 720)) + "deg",
    color: COLORS[Math.floor(Math.random() * COLORS.length)],
  }));
}

function rays(count) {
  return pieces("fx-ray", count, (i, n) => ({ angle: Math.round((360 / n) * i) + "deg" }));
}

function fireworks(shells) {
  const fragment = document.createDocumentFragment();
  for (let s = 0; s < shells; s += 1) {
    const shell = el("span", "fx-shell");
    shell.style.setProperty("--x", random(15, 85).toFixed(1) + "%");
    shell.style.setProperty("--y", random(18, 48).toFixed(1) + "%");
    shell.style.setProperty("--delay", (s * 0.45 + random(0, 0.2)).toFixed(2) + "s");
    shell.style.setProperty("--color", COLORS[s % COLORS.length]);
    shell.append(pieces("fx-spark", 16, (i, n) => ({ angle: Math.round((360 / n) * i) + "deg" })));
    fragment.append(shell);
  }
  return fragment;
}

function sparkles(count) {
  return pieces("fx-sparkle", count, () => ({
    x: random(8, 92).toFixed(1) + "%",
    y: random(8, 80).toFixed(1) + "%",
    delay: random(0, 1.4).toFixed(2) + "s",
  }));
}

/* The shapes behind the gift for one animation: emoji plus simple CSS shapes, no assets. */
function scene(anim, emoji) {
  const box = el("div", "gift-anim__scene");
  switch (anim) {
    case "float":
      box.append(
        pieces("fx-bubble", 6, () => ({
          x: random(10, 90).toFixed(1) + "%",
          delay: random(0, 1).toFixed(2) + "s",
          size: random(0.4, 1).toFixed(2),
        })),
      );
      break;
    case "burst":
      box.append(el("span", "fx-flash"), rays(12));
      break;
    case "confetti":
      box.append(confetti(36));
      break;
    case "fireworks":
      box.append(fireworks(4));
      break;
    case "basketball_bounce": {
      const hoop = el("span", "fx-hoop");
      hoop.append(el("span", "fx-hoop__board"), el("span", "fx-hoop__rim"), el("span", "fx-hoop__net"));
      box.append(el("span", "fx-court"), hoop, el("span", "fx-shadow"));
      break;
    }
    case "trophy_confetti":
      box.append(el("span", "fx-glow"), confetti(40));
      break;
    case "ball_on_fire":
      box.append(
        pieces("fx-flame", 7, (i, n) => ({
          x: Math.round(-100 + (90 / (n - 1)) * i) + "%",
          delay: random(0, 0.4).toFixed(2) + "s",
          size: random(0.7, 1.2).toFixed(2),
        })),
        pieces("fx-ember", 10, () => ({
          x: random(20, 80).toFixed(1) + "%",
          delay: random(0, 1.2).toFixed(2) + "s",
        })),
      );
      break;
    case "crown_descends":
      box.append(el("span", "fx-spotlight"), sparkles(14));
      break;
    case "legend_celebration": {
      const title = el("span", "fx-legend-title", "LEGEND");
      box.append(el("span", "fx-backdrop"), el("span", "fx-glow"), fireworks(5), confetti(50), title);
      // The emoji circles the hero once more, small, for the "crowd" of stars.
      box.append(
        pieces("fx-orbit", 8, (i, n) => ({ angle: Math.round((360 / n) * i) + "deg" })),
      );
      box.querySelectorAll(".fx-orbit").forEach((orbit) => {
        orbit.textContent = emoji;
      });
      break;
    }
    default:
      break;
  }
  return box;
}

/* ----------------------------------------------------------------------------------------- */
/* The stage: a queue of animations. */

class Stage {
  constructor(root) {
    this.root = root;
    this.lane = null;
    this.big = null;
    this.bigWaiting = [];
    this.corners = [];
    this.cornerWaiting = [];
    this.byCombo = new Map();
    this.seen = new Set();
  }

  gift(d) {
    if (!d || !d.g || d.id === undefined || this.seen.has(d.id)) return;
    this.seen.add(d.id);
    if (this.seen.size > SEEN_KEPT) this.seen.delete(this.seen.values().next().value);
    const combo = d.combo && d.combo.id !== undefined ? d.combo : { id: d.id, n: 1 };
    const running = this.byCombo.get(combo.id);
    if (running && sameSender(running.d, d)) {
      this.extend(running, d, Number(combo.n) || 1);
      return;
    }
    const item = {
      key: combo.id,
      d,
      n: Number(combo.n) || 1,
      ms: durationOf(d.g.ms),
      fx: oneOf(d.g.fx, EFFECTS, "corner"),
      el: null,
      timer: 0,
      leaving: false,
    };
    this.byCombo.set(item.key, item);
    if (item.fx === "corner") this.cornerWaiting.push(item);
    else this.bigWaiting.push(item);
    this.trim();
    this.pump();
  }

  /* A goal reached: a banner through the same queue as the gifts. */
  goalReached(title) {
    const item = {
      key: "goal:" + Date.now(),
      goal: String(title || ""),
      d: { g: { name: "Goal", emoji: "🎉", anim: "confetti", rarity: "legendary" } },
      n: 1,
      ms: GOAL_CELEBRATION_MS,
      fx: "banner",
      el: null,
      timer: 0,
      leaving: false,
    };
    this.bigWaiting.push(item);
    this.pump();
  }

  trim() {
    while (this.cornerWaiting.length + this.bigWaiting.length > MAX_WAITING && this.cornerWaiting.length) {
      const dropped = this.cornerWaiting.shift();
      this.byCombo.delete(dropped.key);
    }
  }

  pump() {
    while (this.corners.length < MAX_CORNER && this.cornerWaiting.length) {
      const rush = this.cornerWaiting.length >= RUSH_AT;
      this.start(this.cornerWaiting.shift(), rush);
    }
    if (!this.big && this.bigWaiting.length) {
      const rush = this.bigWaiting.length >= RUSH_AT;
      this.start(this.bigWaiting.shift(), rush);
    }
    this.root.classList.toggle("gift-stage--busy", Boolean(this.big || this.corners.length));
  }

  start(item, rush) {
    item.el = item.goal === undefined ? this.build(item) : this.buildGoal(item);
    if (item.fx === "corner") {
      if (!this.lane || !this.lane.isConnected) {
        this.lane = el("div", "gift-lane");
        this.root.append(this.lane);
      }
      this.lane.append(item.el);
      this.corners.push(item);
    } else {
      this.root.append(item.el);
      this.big = item;
    }
    this.schedule(item, rush ? Math.max(MIN_MS, item.ms / 2) : item.ms);
  }

  schedule(item, ms) {
    window.clearTimeout(item.timer);
    item.timer = window.setTimeout(() => this.leave(item), Math.max(0, ms - EXIT_MS));
  }

  leave(item) {
    item.leaving = true;
    item.el.classList.add("is-leaving");
    item.timer = window.setTimeout(() => this.finish(item), reducedMotion.matches ? 0 : EXIT_MS);
  }

  finish(item) {
    item.el.remove();
    if (this.byCombo.get(item.key) === item) this.byCombo.delete(item.key);
    if (this.big === item) this.big = null;
    this.corners = this.corners.filter((other) => other !== item);
    this.pump();
  }

  /* The same sender sent the same gift again: count it on the running (or waiting) animation. */
  extend(item, d, n) {
    item.n = Math.max(item.n + 1, n);
    if (d.msg) item.d = Object.assign({}, item.d, { msg: d.msg });
    if (!item.el) return; // still waiting: it shows the count when it starts
    if (item.leaving) {
      item.leaving = false;
      item.el.classList.remove("is-leaving");
    }
    this.showCount(item);
    const message = item.el.querySelector(".gift-anim__msg");
    if (message && item.d.msg) {
      message.textContent = String(item.d.msg);
      message.hidden = false;
    }
    this.schedule(item, item.ms);
  }

  showCount(item) {
    const counter = item.el.querySelector("[data-combo-count]");
    counter.dataset.comboCount = String(item.n);
    counter.textContent = "x" + item.n;
    counter.hidden = item.n < 2;
    item.el.dataset.comboCount = String(item.n);
    // Restart the pop: drop the class, force a style flush, add it back.
    counter.classList.remove("is-bumped");
    void counter.offsetWidth;
    counter.classList.add("is-bumped");
  }

  frame(item, anim, rarity) {
    const still = reducedMotion.matches;
    const node = el(
      "div",
      [
        "gift-anim",
        "gift-anim--" + anim,
        "gift-fx--" + item.fx,
        "gift-rarity--" + rarity,
        still ? "gift-anim--still" : "",
      ].join(" "),
    );
    node.style.setProperty("--gift-ms", item.ms + "ms");
    return node;
  }

  build(item) {
    const d = item.d;
    const g = d.g;
    const anim = oneOf(g.anim, ANIMATIONS, "float");
    const rarity = oneOf(g.rarity, RARITIES, "common");
    const emoji = String(g.emoji || "🎁");
    const node = this.frame(item, anim, rarity);
    node.dataset.giftAnimation = "";
    node.dataset.giftName = String(g.name || "");
    node.dataset.giftAnim = anim;
    node.dataset.giftFx = item.fx;
    node.dataset.comboId = String(item.key);
    node.dataset.comboCount = String(item.n);
    if (!reducedMotion.matches) node.append(scene(anim, emoji));

    const hero = el("div", "gift-anim__hero");
    const icon = safeImageUrl(g.icon);
    if (icon) {
      const image = el("img", "gift-anim__icon");
      image.src = icon;
      image.alt = "";
      hero.append(image);
    } else {
      hero.append(el("span", "gift-anim__emoji", emoji));
    }
    // "Ball on fire" is a ball, drawn in CSS, with the gift's emoji as its flame.
    if (anim === "ball_on_fire" && !reducedMotion.matches) hero.append(el("span", "fx-ball"));
    node.append(hero);

    const caption = el("div", "gift-anim__caption");
    const line = el("p", "gift-anim__line");
    const sender = d.from && d.from.n ? d.from.n : "Anonymous";
    line.append(el("strong", "gift-anim__from", sender), " sent ", el("span", "gift-anim__gift", g.name || "a gift"));
    const quantity = Number(d.q) || 1;
    if (quantity > 1) line.append(el("span", "gift-anim__qty", " ×" + quantity));
    const message = el("p", "gift-anim__msg", d.msg || "");
    message.hidden = !d.msg;
    caption.append(line, message);
    node.append(caption);

    const counter = el("span", "gift-anim__combo");
    counter.dataset.comboCount = String(item.n);
    counter.textContent = "x" + item.n;
    counter.hidden = item.n < 2;
    node.append(counter);
    return node;
  }

  buildGoal(item) {
    const node = this.frame(item, "confetti", "legendary");
    node.classList.add("gift-anim--goal");
    node.dataset.goalCelebration = "";
    if (!reducedMotion.matches) node.append(scene("confetti", "🎉"));
    const hero = el("div", "gift-anim__hero");
    hero.append(el("span", "gift-anim__emoji", "🎉"));
    const caption = el("div", "gift-anim__caption");
    caption.append(el("p", "gift-anim__line", "Goal reached!"));
    if (item.goal) caption.append(el("p", "gift-anim__msg", item.goal));
    node.append(hero, caption);
    return node;
  }
}

/* Anonymous gifts never join a named sender's animation, nor the other way round. */
function sameSender(a, b) {
  const x = a.from || {};
  const y = b.from || {};
  return x.id === y.id && x.n === y.n && (a.g && a.g.id) === (b.g && b.g.id);
}

/* ----------------------------------------------------------------------------------------- */
/* Leaderboard (LB) and goal (GL). Elements are looked up on each frame: htmx may replace them. */

/* A copy of templates/streaming/_leaderboard_row.html, filled in. */
function leaderboardRow(row, index) {
  const rank = Number(row.rank) || index + 1;
  const item = fromTemplate("leaderboard-row");
  item.className = "leaderboard__row leaderboard__row--" + rank;
  item.querySelector("[data-leaderboard-rank]").textContent = String(rank);
  item.querySelector("[data-leaderboard-who]").replaceChildren(userBadge(row.who));
  item.querySelector("[data-leaderboard-coins]").textContent = formatCount(row.coins);
  return item;
}

function renderLeaderboard(d) {
  const top = Array.isArray(d && d.top) ? d.top.slice(0, LEADERBOARD_SIZE) : [];
  document.querySelectorAll("[data-leaderboard]").forEach((root) => {
    root.querySelector("[data-leaderboard-list]").replaceChildren(...top.map(leaderboardRow));
    const empty = root.querySelector("[data-leaderboard-empty]");
    if (empty) empty.hidden = top.length > 0;
  });
}

function celebrateGoal(root) {
  root.classList.remove("goal--celebrate");
  void root.offsetWidth;
  root.classList.add("goal--celebrate");
  const box = root.querySelector("[data-goal-confetti]");
  if (box && !reducedMotion.matches) box.replaceChildren(confetti(30));
  window.setTimeout(() => {
    root.classList.remove("goal--celebrate");
    if (box) box.replaceChildren();
  }, GOAL_CELEBRATION_MS);
}

function renderGoal(d, stage) {
  if (!d) return;
  const target = Math.max(0, Math.floor(Number(d.target) || 0));
  const progress = Math.max(0, Math.floor(Number(d.progress) || 0));
  const reached = Boolean(d.reached);
  let celebrated = false;
  document.querySelectorAll("[data-goal]").forEach((root) => {
    const wasReached = "reached" in root.dataset;
    root.hidden = !target;
    root.querySelector("[data-goal-title]").textContent = String(d.title || "");
    root.querySelector("[data-goal-progress]").textContent = formatCount(progress);
    root.querySelector("[data-goal-target]").textContent = formatCount(target);
    const bar = root.querySelector("[data-goal-bar]");
    bar.setAttribute("aria-valuemax", String(target));
    bar.setAttribute("aria-valuenow", String(Math.min(progress, target)));
    bar.setAttribute("aria-valuetext", formatCount(progress) + " of " + formatCount(target) + " coins");
    const percent = target ? Math.min(100, Math.floor((progress * 100) / target)) : 0;
    root.querySelector("[data-goal-fill]").style.width = percent + "%";
    root.classList.toggle("goal--reached", reached);
    root.querySelector("[data-goal-reached]").textContent = reached && target ? "🎉 Goal reached!" : "";
    if (reached) root.dataset.reached = "";
    else delete root.dataset.reached;
    if (reached && !wasReached && target) {
      celebrateGoal(root);
      celebrated = true;
    }
  });
  if (celebrated && stage) stage.goalReached(d.title);
}

/* ----------------------------------------------------------------------------------------- */
/* The gift panel: tabs in place, the running total, and when Send may be pressed. */

function updatePanel(form) {
  const chosen = form.querySelector("input[name=gift_id]:checked");
  const quantityInput = form.querySelector("[data-gift-quantity]");
  const max = Number(form.dataset.maxQuantity) || 100;
  const raw = quantityInput ? quantityInput.value.trim() : "1";
  const quantity = /^\d+$/.test(raw) ? Number(raw) : NaN;
  const validQuantity = quantity >= 1 && quantity <= max;
  const cost = chosen ? Number(chosen.dataset.cost) || 0 : 0;
  const total = cost * (validQuantity ? quantity : 1);
  const balance = Number(form.dataset.balance) || 0;
  const short = Boolean(chosen) && total > balance;
  const mayGift = "mayGift" in form.dataset;

  const totalOut = form.querySelector("[data-gift-total]");
  if (totalOut) totalOut.textContent = formatCount(total);
  const shortNote = form.querySelector("[data-gift-short]");
  if (shortNote) shortNote.hidden = !short;
  const help = form.querySelector("[data-gift-quantity-help]");
  if (help) help.classList.toggle("error", !validQuantity);
  if (quantityInput) {
    if (validQuantity) quantityInput.removeAttribute("aria-invalid");
    else quantityInput.setAttribute("aria-invalid", "true");
  }
  const message = form.querySelector("[data-gift-message]");
  const counter = form.querySelector("[data-gift-counter]");
  if (message && counter) counter.textContent = message.value.length + "/" + message.maxLength;
  const send = form.querySelector("[data-gift-send]");
  // htmx disables it while a send is on its way; leave that to htmx.
  if (send && !form.classList.contains("htmx-request")) {
    send.disabled = !chosen || !validQuantity || short || !mayGift;
  }
}

function chooseCategory(panel, key, href) {
  const form = panel.querySelector("[data-gift-form]");
  panel.querySelectorAll("[data-gift-tab]").forEach((tab) => {
    if (tab.dataset.giftTab === key) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  });
  let firstShown = null;
  panel.querySelectorAll("[data-gift-option]").forEach((option) => {
    const shown = key === "all" || option.dataset.category === key;
    option.hidden = !shown;
    if (shown && !firstShown) firstShown = option;
  });
  if (!form) return;
  form.querySelector("[data-gift-category]").value = key;
  const chosen = form.querySelector("input[name=gift_id]:checked");
  if (firstShown && (!chosen || chosen.closest("[data-gift-option]").hidden)) {
    firstShown.querySelector("input[name=gift_id]").checked = true;
  }
  updatePanel(form);
  if (href) window.history.replaceState(window.history.state, "", href);
}

/* MY: whether this viewer may send gifts now; if not, the server's reason under the form.
   `data-may-gift` keeps the answer for updatePanel (a panel htmx puts back comes with the server's). */
function allowGifts(problem) {
  document.querySelectorAll("[data-gift-form]").forEach((form) => {
    const wasOpen = "mayGift" in form.dataset;
    if (problem) delete form.dataset.mayGift;
    else form.dataset.mayGift = "";
    const note = form.querySelector("[data-gift-status]");
    if (note && problem) note.textContent = String(problem.detail);
    else if (note && !wasOpen) note.textContent = "";
    updatePanel(form);
  });
}

function initPanels() {
  document.querySelectorAll("[data-gift-form]").forEach(updatePanel);
}

/* ----------------------------------------------------------------------------------------- */

const stageRoot = document.querySelector("[data-gift-stage]");
const stage = stageRoot ? new Stage(stageRoot) : null;
const socket = streamSocket();
if (socket) {
  socket.on(Code.GIFT, (d) => stage && stage.gift(d));
  socket.on(Code.LEADERBOARD, renderLeaderboard);
  socket.on(Code.GOAL_PROGRESS, (d) => renderGoal(d, stage));
  socket.on(Code.MAY, (d) => allowGifts(d.gift));
}

document.addEventListener("click", (event) => {
  const tab = event.target.closest("[data-gift-tab]");
  if (!tab) return;
  const panel = tab.closest("[data-gift-panel]");
  if (!panel) return;
  event.preventDefault();
  chooseCategory(panel, tab.dataset.giftTab, tab.href);
});

["input", "change"].forEach((type) => {
  document.addEventListener(type, (event) => {
    const form = event.target.closest && event.target.closest("[data-gift-form]");
    if (form) updatePanel(form);
  });
});

// htmx put a new panel on the page (after a send): bring it up to date.
document.addEventListener("htmx:afterSettle", initPanels);
initPanels();
