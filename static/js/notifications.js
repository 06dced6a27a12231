/* The header's notification bell: its unread count follows `NC` frames on /ws/me/. */
import { Code } from "./lib/codes.js";
import { meSocket } from "./lib/sockets.js";

function showUnread(unread) {
  document.querySelectorAll("[data-notification-bell]").forEach((bell) => {
    const count = bell.querySelector("[data-unread]");
    count.textContent = unread > 99 ? "99+" : String(unread);
    count.hidden = unread === 0;
    bell.setAttribute("aria-label", "Notifications, " + unread + " unread");
  });
}

const me = meSocket();
if (me) me.on(Code.NOTIFICATION_COUNT, (d) => showUnread(Number(d.unread) || 0));
