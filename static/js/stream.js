/* The stream pages (watch and studio): chat, viewer count and status over /ws/streams/<id>/.

   Configuration comes from data- attributes on [data-stream] and [data-chat]; there is no
   inline script (the CSP forbids it). Frame text is untrusted: it only ever reaches the page
   through textContent, text nodes and element properties, never innerHTML. Only http(s)
   addresses become links, built with the URL constructor. Messages are copies of the server's
   own markup (<template data-template="chat-message">). */
import { api } from "./lib/api.js";
import { userBadge } from "./lib/badge.js";
import { Code } from "./lib/codes.js";
import { el, fromTemplate } from "./lib/dom.js";
import { clock, formatCount } from "./lib/format.js";
import { OPENED, REFUSED } from "./lib/live-socket.js";
import { streamSocket } from "./lib/sockets.js";
import { toast } from "./lib/toast.js";

// Mirrors apps/streaming/templatetags/streams.py (chat_text): addresses end at spaces, quotes
// and angle brackets; a mention is an @ that does not continue a word, address or email.
const TOKEN_RE = /(\bhttps?:\/\/[^\s<>"'`]+)|((?<![\w@/.])@[A-Za-z0-9_](?:[A-Za-z0-9_.+-]*[A-Za-z0-9_])?)/gi;
const TRAILING_RE = /[.,!?;:)\]}]+$/;
// The user counts as "at the bottom" (and the chat follows new messages) within this distance.
const STICKY_PX = 48;
// Messages kept on the page; older ones scroll away for good.
const MAX_MESSAGES = 200;
const OPEN_STATUSES = ["scheduled", "live"];
const STATUS_LABELS = { scheduled: "Scheduled", live: "Live", ended: "Ended", cancelled: "Cancelled" };
// Errors about the message just sent: the text goes back in the input so it is not lost.
const SEND_ERRORS = ["chat_refused", "rate_limited", "payment_required"];
// A moderator's restriction on us (apps/restrictions/errors.py): MY carries its reason and end.
const RESTRICTIONS = ["timed_out", "banned", "platform_banned", "warning_pending"];
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

/* An <a> for an http(s) address, or null for anything else (javascript:, data:, junk). */
function safeLink(text) {
  let url;
  try {
    url = new URL(text);
  } catch (e) {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const link = document.createElement("a");
  link.href = url.href;
  link.textContent = text;
  link.rel = "nofollow noopener noreferrer";
  link.target = "_blank";
  return link;
}

/* Message text as DOM nodes: text, links and @mention spans. Strings go in as text nodes. */
function renderText(text, me) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(TOKEN_RE)) {
    if (match.index > last) fragment.append(text.slice(last, match.index));
    if (match[1]) {
      let address = match[1];
      let trailing = "";
      const tail = TRAILING_RE.exec(address);
      if (tail) {
        trailing = tail[0];
        address = address.slice(0, tail.index);
      }
      fragment.append(safeLink(address) || address);
      if (trailing) fragment.append(trailing);
    } else {
      const mention = document.createElement("span");
      const isMe = me && match[2].slice(1).toLowerCase() === me.toLowerCase();
      mention.className = isMe ? "mention mention--me" : "mention";
      mention.textContent = match[2];
      fragment.append(mention);
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) fragment.append(text.slice(last));
  return fragment;
}

class Chat {
  constructor(root) {
    this.root = root;
    this.scroller = root.querySelector("[data-chat-scroll]");
    this.list = root.querySelector("[data-chat-list]");
    this.empty = root.querySelector("[data-chat-empty]");
    this.jump = root.querySelector("[data-chat-jump]");
    this.modes = root.querySelector("[data-chat-modes]");
    this.form = root.querySelector("[data-chat-form]");
    this.input = this.form && this.form.querySelector("input[name=content]");
    this.sendButton = this.form && this.form.querySelector("button[type=submit]");
    this.counter = root.querySelector("[data-chat-counter]");
    this.error = root.querySelector("[data-chat-error]");
    this.notice = root.querySelector("[data-chat-notice]");
    this.until = root.querySelector("[data-chat-until]");
    this.ack = root.querySelector("[data-chat-ack]");
    this.channel = root.dataset.channel || "";
    this.countdown = null;
    this.me = root.dataset.me || "";
    this.maxLength = Number(root.dataset.maxLength) || 500;
    this.items = new Map();
    this.lastSent = "";
    this.socket = null;
    this.resyncing = false;

    this.scroller.addEventListener("scroll", () => {
      if (this.isAtBottom()) this.jump.hidden = true;
    });
    this.jump.addEventListener("click", () => this.scrollToBottom(true));
    // Delete buttons (rendered here or by the server) send a CD frame when the socket is up.
    this.list.addEventListener("click", (event) => {
      const button = event.target.closest(".chat-delete");
      if (!button || !this.socket) return;
      const item = button.closest("[data-id]");
      if (item && this.socket.send(Code.CHAT_DELETED, { id: Number(item.dataset.id) })) event.preventDefault();
    });
    if (this.ack) this.ack.querySelector("button").addEventListener("click", () => this.acknowledgeWarning());
    if (this.form && this.input) {
      this.form.addEventListener("submit", (event) => this.submit(event));
      this.input.addEventListener("input", () => {
        this.updateCounter();
        this.showError("");
      });
      this.updateCounter();
    }
    this.scrollToBottom(false);
  }

  isAtBottom() {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight <= STICKY_PX;
  }

  scrollToBottom(smooth) {
    const behavior = smooth && !reducedMotion.matches ? "smooth" : "auto";
    this.scroller.scrollTo({ top: this.scroller.scrollHeight, behavior });
    this.jump.hidden = true;
  }

  /* The socket (re)opened: it sends the latest history, which replaces what is shown. The log is
     busy until then, so screen readers announce new messages, not the whole history again. */
  reset() {
    this.list.replaceChildren();
    this.items.clear();
    this.empty.hidden = false;
    this.jump.hidden = true;
    this.list.setAttribute("aria-busy", "true");
    this.resyncing = true;
  }

  /* The welcome batch (ES, VC, the history...) is dispatched in one go: done after it. */
  resynced() {
    if (!this.resyncing) return;
    this.resyncing = false;
    window.setTimeout(() => this.list.removeAttribute("aria-busy"), 0);
  }

  add(d) {
    if (!d || d.id === undefined || this.items.has(d.id)) return;
    const follow = this.isAtBottom();
    const item = this.messageElement(d);
    this.items.set(d.id, item);
    this.list.append(item);
    while (this.list.children.length > MAX_MESSAGES) {
      const oldest = this.list.firstElementChild;
      this.items.delete(Number(oldest.dataset.id));
      oldest.remove();
    }
    this.empty.hidden = true;
    if (follow) this.scrollToBottom(false);
    else this.jump.hidden = false;
  }

  remove(id) {
    const item = this.items.get(id);
    if (!item) return;
    item.remove();
    this.items.delete(id);
    if (!this.list.children.length) this.empty.hidden = false;
  }

  /* A copy of templates/streaming/_chat_message.html, filled in. */
  messageElement(d) {
    const item = fromTemplate("chat-message");
    const id = Number(d.id);
    const kind = ["chat", "gift", "system"].includes(d.k) ? d.k : "chat";
    item.className = "chat-msg chat-msg--" + kind;
    item.dataset.id = String(id);
    item.querySelector(".chat-text").replaceChildren(renderText(String(d.c || ""), this.me));
    if (d.a) item.prepend(userBadge(d.a), " ");
    // The channel's team, in their own messages' author (`"mod": true`).
    if (d.a && d.a.mod === true) item.prepend(el("span", "mod-badge", "Mod"), " ");
    // Our own message that AutoMod holds: only we (and the moderators) see it, until it is approved.
    if (d.held === true) {
      item.classList.add("chat-msg--held");
      item.append(" ", el("span", "chat-held-note", "held for review"));
    }
    // For the team: a shadow-hidden author's line, which nobody else sees.
    if (d.shadow === true) {
      item.classList.add("chat-msg--held");
      item.append(" ", el("span", "chat-held-note", "shadow-hidden: only you moderators see this"));
    }
    const more = item.querySelector("[data-chat-more]");
    const mine = d.a && this.me && String(d.a.u) === this.me;
    if (more && (kind !== "chat" || !d.a || mine)) more.remove();
    else if (more) more.setAttribute("aria-label", more.getAttribute("aria-label") + " from " + String(d.a.n));
    const remove = item.querySelector(".chat-delete-form");
    if (remove && kind !== "chat") remove.remove();
    else if (remove) {
      // The form still works should the socket be down: it posts this message's delete.
      remove.action = remove.getAttribute("action").replace(/\/0\/delete\/$/, "/" + id + "/delete/");
      const button = remove.querySelector(".chat-delete");
      if (d.a) button.setAttribute("aria-label", button.getAttribute("aria-label") + " from " + String(d.a.n));
    }
    return item;
  }

  /* HR about our own held line: approved, it is an ordinary line now (its CM for everyone has the
     same id, so it is not added twice); denied or expired, it says it was not posted. */
  heldResolved(d) {
    const item = this.items.get(Number(d.id));
    const note = item && item.querySelector(".chat-held-note");
    if (!note) return;
    if (d.review === "approved") {
      item.classList.remove("chat-msg--held");
      note.remove();
    } else {
      note.textContent = "not posted";
    }
  }

  updateCounter() {
    if (!this.counter || !this.input) return;
    const length = this.input.value.length;
    this.counter.textContent = length + "/" + this.maxLength;
    this.counter.classList.toggle("chat-counter--near", length > this.maxLength - 50);
  }

  showError(text) {
    if (!this.error) {
      if (text) toast(text, "error");
      return;
    }
    this.error.textContent = text;
  }

  submit(event) {
    if (!this.socket) return; // no socket on this page: the form posts to the server
    event.preventDefault();
    if (this.input.disabled) return;
    const content = this.input.value.trim();
    if (!content) return;
    if (content.length > this.maxLength) {
      this.showError("Messages are at most " + this.maxLength + " characters.");
      return;
    }
    if (!this.socket.send(Code.CHAT_MESSAGE, { content })) {
      this.showError("Not connected. Reconnecting, try again in a moment.");
      return;
    }
    this.lastSent = content;
    this.input.value = "";
    this.updateCounter();
    this.showError("");
  }

  serverError(d) {
    // A restriction's ER comes with its MY, whose notice above the input says it all.
    if (RESTRICTIONS.includes(d.code)) return this.showError("");
    this.showError(String(d.detail || "Something went wrong."));
    if (this.input && SEND_ERRORS.includes(d.code) && !this.input.value && this.lastSent) {
      this.input.value = this.lastSent;
      this.updateCounter();
    }
  }

  /* The input is open, or closed with the server's reason: MY's chat answer ({code, detail}, and
     for a restriction the moderator's `reason` and its end, `until`, in ms), or a refusal's text.
     A timeout counts down and asks the server again when it ends; a warning waits for "I understand". */
  allow(problem) {
    const answer = typeof problem === "string" ? (problem ? { detail: problem } : null) : problem;
    const text = answer ? String(answer.detail || "") : "";
    window.clearInterval(this.countdown);
    this.countdown = null;
    if (this.input) {
      this.input.disabled = Boolean(answer);
      this.sendButton.disabled = Boolean(answer);
    }
    if (this.notice) {
      const reason = answer && answer.reason ? String(answer.reason) : "";
      this.notice.textContent = reason && !text.includes(reason) ? text + " Reason: " + reason : text;
      this.notice.hidden = !answer;
      this.notice.classList.toggle("chat-notice--restricted", Boolean(answer && answer.until !== undefined));
    }
    if (this.ack) this.ack.hidden = !(answer && answer.code === "warning_pending");
    const until = answer ? Number(answer.until) : NaN;
    if (this.until) this.until.hidden = !(until > 0);
    if (until > 0) {
      this.showUntil(until);
      this.countdown = window.setInterval(() => this.showUntil(until), 1000);
    }
  }

  /* "Ends 02:41 (in 9:58)"; at the end, ask the server whether we may chat again (MY). */
  showUntil(until) {
    const left = (until - Date.now()) / 1000;
    if (left <= 0) {
      window.clearInterval(this.countdown);
      this.countdown = null;
      this.until.textContent = "Ending…";
      if (this.socket) this.socket.send(Code.MAY);
      return;
    }
    const end = new Date(until);
    const sameDay = end.toDateString() === new Date().toDateString();
    const at = end.toLocaleString([], sameDay ? { hour: "2-digit", minute: "2-digit" } : { dateStyle: "medium", timeStyle: "short" });
    this.until.replaceChildren("Ends ", el("time", "", at), " (in " + clock(left) + ")");
    this.until.querySelector("time").dateTime = end.toISOString();
  }

  /* "I understand" on a moderator's warning: the server records it, then says we may chat (MY). */
  async acknowledgeWarning() {
    const button = this.ack.querySelector("button");
    button.disabled = true;
    const answer = await api("POST", "moderation/channels/" + encodeURIComponent(this.channel) + "/warnings/ack", {});
    button.disabled = false;
    if (!answer.ok) {
      this.showError(String(answer.data.detail));
      return;
    }
    if (!this.socket || !this.socket.send(Code.MAY)) this.allow(null);
  }

  /* The server refused the socket: the history goes and the input closes, with the reason. */
  lock(reason) {
    this.list.replaceChildren();
    this.items.clear();
    this.empty.hidden = true;
    this.jump.hidden = true;
    this.showError("");
    this.allow(reason);
  }

  /* ES: the header's modes. */
  showModes(d) {
    if (!this.modes) return;
    const modes = [];
    if (!d.chat) modes.push(["Chat off", "chat-mode chat-mode--off"]);
    if (d.slow) modes.push(["Slow mode " + Number(d.slow) + " s", "chat-mode"]);
    if (d.emote) modes.push(["Emote-only", "chat-mode"]);
    if (d.followers) modes.push(["Followers-only", "chat-mode"]);
    if (d.shield) modes.push(["Shield mode", "chat-mode chat-mode--shield"]);
    else if (d.established) modes.push(["Established users only", "chat-mode"]);
    this.modes.replaceChildren(
      ...modes.map(([label, className]) => {
        const item = document.createElement("li");
        item.className = className;
        item.textContent = label;
        return item;
      }),
    );
  }
}

class StreamPage {
  constructor(root, socket) {
    this.root = root;
    this.isStudio = "studio" in root.dataset;
    this.navigating = false;
    this.peak = null;
    const chatRoot = root.querySelector("[data-chat]");
    this.chat = chatRoot ? new Chat(chatRoot) : null;
    this.socket = socket;
    if (!socket) return;
    if (this.chat) this.chat.socket = socket;
    socket.on(OPENED, () => {
      this.root.dataset.connected = "true";
      if (this.chat) this.chat.reset();
    });
    // The server's channel layer was down and frames may have been lost: the state that follows
    // replaces what is shown, as when the socket (re)opens.
    socket.on(Code.RESYNC, () => this.chat && this.chat.reset());
    socket.on(Code.CHAT_MESSAGE, (d) => this.chat && this.chat.add(d));
    socket.on(Code.CHAT_DELETED, (d) => this.chat && this.chat.remove(d.id));
    socket.on(Code.HELD_RESOLVED, (d) => this.chat && this.chat.heldResolved(d));
    socket.on(Code.VIEWER_COUNT, (d) => this.viewers(d));
    socket.on(Code.EVENT_STATUS, (d) => this.status(d));
    socket.on(Code.MAY, (d) => this.chat && this.chat.allow(d.chat || null));
    socket.on(Code.ERROR, (d) => this.chat && this.chat.serverError(d));
    socket.on(REFUSED, (d) => this.refused(d));
    // Following the creator may open a followers-only chat: ask the server what we may do now.
    document.addEventListener("htmx:afterSwap", (event) => {
      if (event.target.id === "follow-form") socket.send(Code.MAY);
    });
  }

  /* The server refused our socket (it says why in d): the stream became private or pay-per-view,
     or our access to it ended. Its content goes; reloading shows the unlock or sign-in panel. */
  refused(d) {
    const reason = String(d.detail || "You can't watch this stream now.");
    this.root.dataset.refusal = String(d.code || "refused");
    this.root.querySelectorAll("[data-content]").forEach((el) => {
      el.hidden = true;
    });
    const notice = this.root.querySelector("[data-refused]");
    if (notice) {
      notice.querySelector("[data-refused-detail]").textContent = reason;
      notice.hidden = false;
    }
    if (this.chat) this.chat.lock(reason);
  }

  viewers(d) {
    this.peak = d.p;
    this.root.querySelectorAll("[data-viewers]").forEach((el) => {
      el.textContent = formatCount(d.c);
    });
    this.root.querySelectorAll("[data-peak]").forEach((el) => {
      el.textContent = formatCount(d.p);
    });
  }

  status(d) {
    const previous = this.root.dataset.status;
    this.root.dataset.status = d.s;
    if (this.chat) {
      this.chat.resynced();
      this.chat.showModes(d);
    }
    if (previous === d.s) return;
    if (this.isStudio) {
      // The studio's controls and summary depend on the status: fetch them fresh,
      // unless the creator's own Start/End press is already loading the page.
      if (!this.navigating) window.location.reload();
      return;
    }
    this.root.querySelectorAll("[data-card]").forEach((card) => {
      card.hidden = card.dataset.card !== d.s;
    });
    this.root.querySelectorAll("[data-status-label]").forEach((label) => {
      label.textContent = STATUS_LABELS[d.s] || d.s;
      label.className = "stream-status stream-status--" + d.s;
    });
    if (!OPEN_STATUSES.includes(d.s)) {
      if (d.s === "ended") this.showEndedSummary(d);
      // Nothing more will happen here, and an open socket would keep counting us. What we may
      // do now (MY) came just before this frame.
      this.socket.close();
    }
  }

  showEndedSummary(d) {
    const duration = this.root.querySelector("[data-summary-duration]");
    if (duration && d.started && d.ended) duration.textContent = clock((d.ended - d.started) / 1000);
    const peak = this.root.querySelector("[data-summary-peak]");
    if (peak && this.peak !== null) peak.textContent = formatCount(this.peak);
    this.root.querySelectorAll("[data-summary-stat]").forEach((el) => {
      el.textContent = "—";
    });
    const pending = this.root.querySelector("[data-summary-pending]");
    if (pending) pending.hidden = false;
    this.root.querySelectorAll("[data-viewers]").forEach((el) => {
      el.textContent = "0";
    });
  }
}

const root = document.querySelector("[data-stream]");
if (root) {
  const page = new StreamPage(root, streamSocket());
  // A note that the page is about to be replaced (app.js has already asked any data-confirm).
  root.addEventListener("submit", (event) => {
    if (!event.target.matches("[data-chat-form], [hx-post]") && !event.defaultPrevented) page.navigating = true;
  });
}
