/* The stream pages (watch and studio): chat, viewer count and status over /ws/streams/<id>/.

   Configuration comes from data- attributes on [data-stream] and [data-chat]; there is no
   inline script (the CSP forbids it). Frame text is untrusted: it only ever reaches the page
   through textContent, text nodes and element properties, never innerHTML. Only http(s)
   addresses become links, built with the URL constructor. */
(function () {
  "use strict";

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
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  function formatCount(value) {
    return Number(value || 0).toLocaleString("en-US");
  }

  function clock(totalSeconds) {
    const seconds = Math.max(0, Math.round(totalSeconds));
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const pad = (n) => String(n).padStart(2, "0");
    return h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  function tierLabel(code) {
    const words = String(code || "").toLowerCase().replace(/_/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

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

  /* The author's name with their badge: the same markup as templates/accounts/_user_badge.html. */
  function authorElement(author, profileUrl) {
    const name = document.createElement("span");
    name.className = "user-name user-name--sm";
    name.dataset.userId = String(author.id);
    const link = document.createElement("a");
    link.href = profileUrl.replace("__username__", encodeURIComponent(String(author.u)));
    link.textContent = String(author.n);
    name.append(link);
    if (author.icon) {
      const label = tierLabel(author.tier);
      const badge = document.createElement("span");
      badge.className = "tier-badge";
      badge.title = label;
      badge.style.setProperty("--tier-color", String(author.color || ""));
      const icon = document.createElement("span");
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = String(author.icon);
      const spoken = document.createElement("span");
      spoken.className = "visually-hidden";
      spoken.textContent = label;
      badge.append(icon, spoken);
      name.append(badge);
    }
    return name;
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
      this.me = root.dataset.me || "";
      this.canModerate = "canModerate" in root.dataset;
      this.maxLength = Number(root.dataset.maxLength) || 500;
      this.profileUrl = root.dataset.profileUrl || "/u/__username__/";
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
        if (item && this.socket.send("CD", { id: Number(item.dataset.id) })) event.preventDefault();
      });
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

    /* The welcome batch (ES first, then VC and the history) is dispatched in one go: done after it. */
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

    messageElement(d) {
      const item = document.createElement("li");
      const kind = ["chat", "gift", "system"].includes(d.k) ? d.k : "chat";
      item.className = "chat-msg chat-msg--" + kind;
      item.dataset.id = String(d.id);
      if (d.a) item.append(authorElement(d.a, this.profileUrl), " ");
      const text = document.createElement("span");
      text.className = "chat-text";
      text.append(renderText(String(d.c || ""), this.me));
      item.append(text);
      if (this.canModerate && kind === "chat") {
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "chat-delete";
        remove.title = "Delete message";
        remove.setAttribute("aria-label", d.a ? "Delete message from " + String(d.a.n) : "Delete message");
        remove.textContent = "×";
        item.append(remove);
      }
      return item;
    }

    updateCounter() {
      if (!this.counter || !this.input) return;
      const length = this.input.value.length;
      this.counter.textContent = length + "/" + this.maxLength;
      this.counter.classList.toggle("chat-counter--near", length > this.maxLength - 50);
    }

    showError(text) {
      if (!this.error) {
        if (text && window.bsl) window.bsl.toast(text, "error");
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
      if (!this.socket.send("CM", { content })) {
        this.showError("Not connected. Reconnecting, try again in a moment.");
        return;
      }
      this.lastSent = content;
      this.input.value = "";
      this.updateCounter();
      this.showError("");
    }

    serverError(d) {
      this.showError(String(d.detail || "Something went wrong."));
      if (this.input && SEND_ERRORS.includes(d.code) && !this.input.value && this.lastSent) {
        this.input.value = this.lastSent;
        this.updateCounter();
      }
    }

    /* The server refused the socket: the history goes and the input closes, with the reason. */
    lock(reason) {
      this.list.replaceChildren();
      this.items.clear();
      this.empty.hidden = true;
      this.jump.hidden = true;
      this.showError("");
      if (this.input) {
        this.input.disabled = true;
        this.sendButton.disabled = true;
      }
      if (this.notice) {
        this.notice.textContent = reason;
        this.notice.hidden = false;
      }
    }

    /* ES: the header's modes and whether the input is open. */
    applyStatus(d) {
      if (this.modes) {
        const modes = [];
        if (!d.chat) modes.push(["Chat off", "chat-mode chat-mode--off"]);
        if (d.slow) modes.push(["Slow mode " + Number(d.slow) + " s", "chat-mode"]);
        if (d.emote) modes.push(["Emote-only", "chat-mode"]);
        if (d.followers) modes.push(["Followers-only", "chat-mode"]);
        this.modes.replaceChildren(
          ...modes.map(([label, className]) => {
            const item = document.createElement("li");
            item.className = className;
            item.textContent = label;
            return item;
          }),
        );
      }
      if (!this.input) return;
      let reason = "";
      if (d.s === "cancelled") reason = "This stream was cancelled.";
      else if (!OPEN_STATUSES.includes(d.s)) reason = "This stream has ended; its chat is closed.";
      else if (!d.chat) reason = "Chat is off for this stream.";
      this.input.disabled = Boolean(reason);
      this.sendButton.disabled = Boolean(reason);
      if (this.notice) {
        this.notice.textContent = reason;
        this.notice.hidden = !reason;
      }
    }
  }

  class StreamPage {
    constructor(root) {
      this.root = root;
      this.isStudio = "studio" in root.dataset;
      this.navigating = false;
      this.peak = null;
      const chatRoot = root.querySelector("[data-chat]");
      this.chat = chatRoot ? new Chat(chatRoot) : null;
      if (!root.dataset.socket || !window.LiveSocket) return;
      this.socket = new window.LiveSocket(root.dataset.socket, {
        open: () => {
          this.root.dataset.connected = "true";
          if (this.chat) this.chat.reset();
        },
        // The server's channel layer was down and frames may have been lost: the state that follows
        // replaces what is shown, as when the socket (re)opens.
        RS: () => this.chat && this.chat.reset(),
        CM: (d) => this.chat && this.chat.add(d),
        CD: (d) => this.chat && this.chat.remove(d.id),
        VC: (d) => this.viewers(d),
        ES: (d) => this.status(d),
        ER: (d) => this.chat && this.chat.serverError(d),
        refused: (d) => this.refused(d),
      });
      if (this.chat) this.chat.socket = this.socket;
      // One socket per page: every frame (and "open") also goes out as a `bsl:frame` event on
      // document, after the handlers above, for the page's other scripts (gifts.js: GF, LB, GL).
      const dispatch = this.socket.dispatch.bind(this.socket);
      this.socket.dispatch = (frame) => {
        dispatch(frame);
        document.dispatchEvent(new CustomEvent("bsl:frame", { detail: frame }));
      };
      // ...and they send on it with a `bsl:send` event ({t, d}) (pk.js: "my countdown ran out").
      document.addEventListener("bsl:send", (event) => this.socket.send(event.detail.t, event.detail.d));
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
        this.chat.applyStatus(d);
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
        // Nothing more will happen here, and an open socket would keep counting us.
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

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.querySelector("[data-stream]");
    if (!root) return;
    const page = new StreamPage(root);
    // A note that the page is about to be replaced (app.js has already asked any data-confirm).
    root.addEventListener("submit", (event) => {
      if (!event.target.matches("[data-chat-form], [hx-post]") && !event.defaultPrevented) page.navigating = true;
    });
  });
})();
