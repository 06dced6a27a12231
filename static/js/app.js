/* Site-wide behaviour: the header's menu button, toasts, copy buttons, forms that ask first, and what
   the signed-in user's own socket (/ws/me/) says on any page. */
import { tierBadge } from "./lib/badge.js";
import { Code } from "./lib/codes.js";
import { enableMenuButton } from "./lib/menu.js";
import { meSocket } from "./lib/sockets.js";
import { toast } from "./lib/toast.js";
import "./time-zone.js";

function retireToasts() {
  document.querySelectorAll("#toasts .toast").forEach((item) => window.setTimeout(() => item.remove(), 6000));
}

/* VB: the user's badge, wherever their name is on the page, becomes the new tier's. */
function updateBadges(userId, tier) {
  document.querySelectorAll('.user-name[data-user-id="' + Number(userId) + '"]').forEach((name) => {
    const badge = tierBadge(tier);
    const old = name.querySelector(".tier-badge");
    if (old && badge) old.replaceWith(badge);
    else if (old) old.remove();
    else if (badge) name.append(badge);
  });
}

/* Copy buttons (`data-copy="<id of the element to copy>"`): hidden without JavaScript. */
function enableCopyButtons() {
  document.querySelectorAll("[data-copy]").forEach((button) => {
    const source = document.getElementById(button.dataset.copy);
    if (!source) return;
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", () => {
      const done = (text) => {
        button.textContent = text;
        window.setTimeout(() => {
          button.textContent = label;
        }, 2000);
      };
      const text = source.textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          () => done("Copied"),
          () => done("Copy failed"),
        );
      } else {
        done("Copy failed");
      }
    });
  });
}

retireToasts();
enableCopyButtons();
enableMenuButton();
// Forms that ask first (End stream, Rotate key): in the capture phase, before any other handler.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  },
  true,
);

const me = meSocket();
if (me) {
  me.on(Code.VERIFIED_BADGE, (d) => {
    updateBadges(d.u, d.tier);
    toast("You are now " + d.label + "!", "success");
  });
  // A creator you follow went live or scheduled a stream.
  me.on(Code.FOLLOWED_STREAM, (d) => {
    const live = d.s === "live";
    const text = d.creator + (live ? " is live: " : " scheduled a stream: ") + d.title;
    toast(text, live ? "success" : "", { href: d.url, label: live ? "Watch" : "See it" });
  });
  // A PK battle you are in changed; an invitation to one is worth a toast on any page.
  me.on(Code.PK_NOTE, (d) => {
    if (d.s === "invited" && d.you === "invited") {
      toast(d.by + " challenges you to a PK battle", "success", { href: d.studio, label: "Answer" });
    }
  });
}
