/* The chat line menu on the stream pages (templates/streaming/_chat_actions.html): each line's ⋯
   button opens one panel of actions about that line. Every signed-in viewer can report the message
   or its author; the channel's team can also delete it, time its author out (presets or a custom
   length up to 14 days), ban or warn them, and open their user card. With a line's button focused,
   the team's hotkeys: d delete, t time out 10 min, b ban, w warn (the reason box, then Warn).

   Actions go to /api/v1/moderation/ (delete goes over the socket, as the × button's does); what was
   done shows at once as a note under the line, for the moderator. The team also get the messages
   AutoMod holds (HM frames; HR when one is resolved) in a "Held for review" list to approve or deny.
   Frame text reaches the page only through textContent. */
import { api } from "./lib/api.js";
import { userBadge } from "./lib/badge.js";
import { Code } from "./lib/codes.js";
import { el } from "./lib/dom.js";
import { OPENED } from "./lib/live-socket.js";
import { streamSocket } from "./lib/sockets.js";
import { toast } from "./lib/toast.js";
import { openReport } from "./report.js";

const HOTKEY_TIMEOUT_SECONDS = 600;
const HOTKEYS = { d: "delete", t: "timeout", b: "ban", w: "warn" };

/* "10 min", "24 h", "7 days" for a whole number of seconds (as the buttons, streams.timeout_choices). */
function duration(seconds) {
  for (const [size, unit] of [[86400, "days"], [3600, "h"], [60, "min"]]) {
    if (seconds % size === 0 && seconds >= (size === 86400 ? 2 * size : size)) return seconds / size + " " + unit;
  }
  return seconds + " s";
}

/* How long the timeout the server gave lasts (longer than asked under escalating penalties). */
function givenSeconds(restriction, asked) {
  const given = Math.round((Date.parse(restriction.ends_at) - Date.parse(restriction.created_at)) / 1000);
  return given > 0 ? given : asked;
}

class ChatTools {
  constructor(chat, socket) {
    this.chat = chat;
    this.socket = socket;
    this.list = chat.querySelector("[data-chat-list]");
    this.panel = chat.querySelector("[data-chat-actions]");
    this.channel = chat.dataset.channel;
    this.canModerate = "canModerate" in chat.dataset;
    this.line = null; // the <li> the panel is about
    this.opener = null;
    if (!this.panel) return;
    this.who = this.panel.querySelector("[data-actions-who]");
    this.reason = this.panel.querySelector("[data-action-reason]");
    this.error = this.panel.querySelector("[data-actions-error]");
    this.card = this.panel.querySelector("[data-user-card]");

    // The lines' buttons show from here (app.css hides them until the script can answer them); the
    // lines themselves stay the server's markup, whoever drew them.
    this.list.dataset.chatTools = "";
    this.list.addEventListener("click", (event) => {
      const button = event.target.closest("[data-chat-more]");
      if (button) this.open(button.closest(".chat-msg"), button);
    });
    this.list.addEventListener("keydown", (event) => this.hotkey(event));
    this.panel.addEventListener("click", (event) => {
      const button = event.target.closest("[data-act]");
      if (button) this.act(button.dataset.act, button);
    });
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
    document.addEventListener("click", (event) => {
      if (!this.panel.hidden && !this.panel.contains(event.target) && !event.target.closest("[data-chat-more]")) this.close(false);
    });
    if (this.canModerate && socket) this.held = new HeldQueue(chat, socket);
  }

  /* The line's author: {id, name} from its badge (data-user-id), or null for a line without one. */
  author(line) {
    const badge = line && line.querySelector(".user-name[data-user-id]");
    if (!badge) return null;
    return { id: Number(badge.dataset.userId), name: badge.textContent.trim() };
  }

  open(line, opener) {
    const author = this.author(line);
    if (!author) return;
    this.line = line;
    this.opener = opener;
    this.who.textContent = author.name + ": " + line.querySelector(".chat-text").textContent;
    if (this.error) this.error.textContent = "";
    if (this.card) this.card.replaceChildren();
    this.panel.hidden = false;
    this.panel.querySelector("[data-act]:not([data-act=close])").focus();
  }

  close(restoreFocus = true) {
    if (this.panel.hidden) return;
    this.panel.hidden = true;
    if (restoreFocus && this.opener && this.opener.isConnected) this.opener.focus();
    this.line = null;
  }

  hotkey(event) {
    if (!this.canModerate || event.ctrlKey || event.metaKey || event.altKey) return;
    const action = HOTKEYS[event.key.toLowerCase()];
    const button = event.target.closest && event.target.closest("[data-chat-more]");
    if (!action || !button) return;
    event.preventDefault();
    const line = button.closest(".chat-msg");
    if (action === "warn") {
      // A warning needs its reason: the panel opens on the reason box.
      this.open(line, button);
      this.reason.focus();
      return;
    }
    this.line = line;
    this.opener = button;
    this.act(action, { dataset: { seconds: String(HOTKEY_TIMEOUT_SECONDS) } });
    this.line = null;
  }

  showError(text) {
    if (this.error && !this.panel.hidden) this.error.textContent = text;
    else toast(text, "error");
  }

  async act(action, button) {
    if (action === "close") return this.close();
    const line = this.line;
    const author = this.author(line);
    if (!author) return;
    const messageId = Number(line.dataset.id);
    if (action === "report-message") return this.report("message", messageId, "this message");
    if (action === "report-user") return this.report("user", author.id, author.name);
    if (!this.canModerate) return;
    const reason = this.reason ? this.reason.value.trim() : "";
    const channel = "moderation/channels/" + encodeURIComponent(this.channel);
    let answer;
    let note;
    switch (action) {
      case "delete":
        if (!this.socket || !this.socket.send(Code.CHAT_DELETED, { id: messageId })) {
          return this.showError("Not connected. Reconnecting, try again in a moment.");
        }
        return this.close();
      case "card":
        return this.showCard(author);
      case "timeout":
      case "timeout-custom": {
        const seconds = action === "timeout" ? Number(button.dataset.seconds) : this.customSeconds();
        if (!seconds) return;
        answer = await api("POST", channel + "/timeouts", { user_id: author.id, seconds, reason });
        note = author.name + " timed out " + duration(answer.ok ? givenSeconds(answer.data, seconds) : seconds) + " by you";
        break;
      }
      case "ban":
        answer = await api("POST", channel + "/bans", { user_id: author.id, reason });
        note = author.name + " banned from the channel by you";
        break;
      case "shadow":
        answer = await api("POST", channel + "/shadow-hides", { user_id: author.id, reason });
        note = author.name + " shadow-hidden by you (only you moderators see their lines)";
        break;
      case "warn":
        if (!reason) {
          this.reason.focus();
          return this.showError("Write the warning in Reason first: they read it before chatting again.");
        }
        answer = await api("POST", channel + "/warnings", { user_id: author.id, reason });
        note = author.name + " warned by you";
        break;
      default:
        return;
    }
    if (!answer.ok) return this.showError(String(answer.data.detail));
    this.addNote(line, reason ? note + ": " + reason : note, action === "ban" ? author : null);
    if (this.reason) this.reason.value = "";
    this.close();
  }

  /* The custom timeout in seconds (at most the panel's data-max-seconds), or 0 after saying why not. */
  customSeconds() {
    const row = this.panel.querySelector("[data-max-seconds]");
    const amount = Number(this.panel.querySelector("[data-timeout-amount]").value);
    const seconds = Math.round(amount * Number(this.panel.querySelector("[data-timeout-unit]").value));
    const max = Number(row.dataset.maxSeconds);
    if (!(seconds >= 1) || seconds > max) {
      this.showError("A timeout is from 1 second to " + duration(max) + ".");
      return 0;
    }
    return seconds;
  }

  /* The moderator's own record of what they did, under the line (a ban's CD frames may take the
     line away: the note stays, with an Undo). */
  addNote(line, text, banned) {
    const note = el("li", "chat-msg chat-msg--system chat-msg--modnote");
    note.setAttribute("role", "status");
    note.append(el("span", "chat-text", text));
    if (banned) {
      const undo = el("button", "btn btn-ghost btn-sm chat-undo", "Unban");
      undo.type = "button";
      undo.addEventListener("click", async () => {
        const path = "moderation/channels/" + encodeURIComponent(this.channel) + "/bans/" + banned.id;
        const answer = await api("DELETE", path, {});
        if (!answer.ok) return toast(String(answer.data.detail), "error");
        note.querySelector(".chat-text").textContent = banned.name + " unbanned by you";
        undo.remove();
      });
      note.append(" ", undo);
    }
    if (line && line.isConnected) line.after(note);
    else this.list.append(note);
  }

  /* The user card (apps/moderation/views_card.py), drawn by the server, in the panel. */
  async showCard(author) {
    const url = "/moderation/card/" + encodeURIComponent(this.channel) + "/" + author.id + "/";
    this.card.replaceChildren(el("p", "muted", "Loading…"));
    let response;
    try {
      response = await window.fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } });
    } catch (e) {
      response = null;
    }
    if (!response || !response.ok) {
      this.card.replaceChildren(el("p", "chat-actions__error", "Could not load the user card."));
      return;
    }
    // Our own server's partial, its text escaped by Django's templates.
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    this.card.replaceChildren(...doc.body.childNodes);
    this.card.scrollIntoView({ block: "nearest" });
  }

  report(type, id, label) {
    const opener = this.opener;
    this.close(false);
    openReport(type, id, label, opener);
  }
}

/* The messages AutoMod holds in this channel, for its team: HM adds one, HR takes it away. */
class HeldQueue {
  constructor(chat, socket) {
    this.box = chat.querySelector("[data-chat-held]");
    if (!this.box) return;
    this.list = this.box.querySelector("[data-held-list]");
    this.count = this.box.querySelector("[data-held-count]");
    this.items = new Map();
    // The socket's welcome brings the pending ones (as HM); after a resync the page asks again.
    socket.on(OPENED, () => this.clear());
    socket.on(Code.RESYNC, () => {
      this.clear();
      socket.send(Code.HELD_MESSAGE, {});
    });
    socket.on(Code.HELD_MESSAGE, (d) => this.add(d));
    socket.on(Code.HELD_RESOLVED, (d) => this.remove(Number(d.id)));
    this.list.addEventListener("click", (event) => {
      const button = event.target.closest("[data-held-act]");
      if (button) this.resolve(Number(button.closest("[data-held-id]").dataset.heldId), button.dataset.heldAct);
    });
  }

  clear() {
    this.list.replaceChildren();
    this.items.clear();
    this.update();
  }

  add(d) {
    const id = Number(d && d.id);
    if (!id || this.items.has(id)) return;
    const item = el("li", "chat-held__item");
    item.dataset.heldId = String(id);
    const line = el("p", "chat-held__text");
    if (d.a) line.append(userBadge(d.a), " ");
    line.append(el("span", "chat-text", d.c || ""));
    const rule = el("p", "chat-held__rule muted", d.rule ? String(d.rule) : "Held by AutoMod");
    const actions = el("div", "chat-held__actions");
    for (const [act, label, style] of [["approve", "Approve", "btn-primary"], ["deny", "Deny", "btn-ghost"]]) {
      const button = el("button", "btn btn-sm " + style, label);
      button.type = "button";
      button.dataset.heldAct = act;
      button.setAttribute("aria-label", label + " the held message" + (d.a ? " from " + String(d.a.n) : ""));
      actions.append(button);
    }
    item.append(line, rule, actions);
    this.items.set(id, item);
    this.list.append(item);
    this.update();
  }

  remove(id) {
    const item = this.items.get(id);
    if (!item) return;
    item.remove();
    this.items.delete(id);
    this.update();
  }

  update() {
    this.count.textContent = String(this.items.size);
    this.box.hidden = this.items.size === 0;
  }

  async resolve(id, act) {
    const answer = await api("POST", "moderation/held/" + id + "/" + (act === "approve" ? "approve" : "deny"), {});
    if (!answer.ok) toast(String(answer.data.detail), "error");
    // Resolved (or expired meanwhile: 409): it leaves the list either way; HR will say so too.
    if (answer.ok || answer.status === 409) this.remove(id);
  }
}

const chat = document.querySelector("[data-stream] [data-chat]");
if (chat) new ChatTools(chat, streamSocket());
