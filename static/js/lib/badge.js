/* A user's name with their verification badge, copied from the markup the server renders for it
   (templates/accounts/_user_badge.html and _tier_badge.html, in base.html's <template>s). */
import { fromTemplate } from "./dom.js";

/* The badge of a tier (its code, e.g. "BASIC_VERIFIED"), or null for a tier without one. */
export function tierBadge(tier) {
  const template = document.querySelector('template[data-template="tier-badge"][data-tier="' + CSS.escape(String(tier || "")) + '"]');
  return template ? template.content.firstElementChild.cloneNode(true) : null;
}

/* `who` is a frame's author ({id, n, u, tier}); anyone else (anonymous, no account) is a plain name. */
export function userBadge(who) {
  const name = fromTemplate("user-badge");
  const link = name.querySelector("a");
  if (!who || who.id === undefined || !who.u) {
    name.replaceChildren(String((who && who.n) || "Anonymous"));
    delete name.dataset.userId;
    return name;
  }
  name.dataset.userId = String(who.id);
  link.href = link.getAttribute("href").replace("__username__", encodeURIComponent(String(who.u)));
  link.textContent = String(who.n);
  const badge = tierBadge(who.tier);
  if (badge) link.after(badge);
  return name;
}
