/* Short notes in the corner (#toasts): text only, with an optional link to a path on this site. */

export function toast(text, kind, link) {
  const box = document.getElementById("toasts");
  if (!box) return;
  const item = document.createElement("div");
  item.className = "toast" + (kind ? " toast-" + kind : "");
  item.textContent = text; // never innerHTML: frame text is untrusted
  if (link && link.href.startsWith("/")) {
    const anchor = document.createElement("a");
    anchor.href = link.href; // a path on this site only
    anchor.textContent = link.label;
    item.append(" ", anchor);
  }
  box.appendChild(item);
  window.setTimeout(() => item.remove(), 12000);
}
