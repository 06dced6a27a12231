/* The header's notification bell: its unread count follows `NC` frames on /ws/me/. */
import { Code } from "./lib/codes.js";
import { OPENED } from "./lib/live-socket.js";
import { meSocket } from "./lib/sockets.js";

function bells() {
  return document.querySelectorAll("[data-notification-bell]");
}

function showUnread(unread) {
  bells().forEach((bell) => {
    const count = bell.querySelector("[data-unread]");
    count.textContent = unread > 99 ? "99+" : String(unread);
    count.hidden = unread === 0;
    bell.setAttribute("aria-label", "Notifications, " + unread + " unread");
  });
}

const me = meSocket();
if (me) {
  // Counts sent while the socket was away are not replayed: the bell is live again from here on.
  me.on(OPENED, () => bells().forEach((bell) => (bell.dataset.live = "true")));
  me.on(Code.NOTIFICATION_COUNT, (d) => showUnread(Number(d.unread) || 0));
}
