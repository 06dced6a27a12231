/* DOM helpers shared by the page scripts. Frame text is untrusted: it reaches the page only
   through textContent, text nodes and element properties, never innerHTML. */

/* A new element with a class and text (both optional). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/* A fresh copy of the markup the server rendered in <template data-template="name">: widgets are
   drawn once, by the server's own partial, and the scripts fill copies in. */
export function fromTemplate(name) {
  const template = document.querySelector('template[data-template="' + name + '"]');
  if (!template) throw new Error("No <template data-template=\"" + name + "\"> on this page");
  return template.content.firstElementChild.cloneNode(true);
}

/* Runs `start` once every script of the page has run: module scripts run after the page is parsed,
   in turn, and DOMContentLoaded comes after the last of them. */
export function afterPageScripts(start) {
  if (document.readyState === "complete") window.setTimeout(start, 0);
  else document.addEventListener("DOMContentLoaded", start, { once: true });
}
