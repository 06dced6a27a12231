/* The header's menu button (below 1024 px): it opens and closes the menu it controls; Escape, or a
   click outside the header, closes it and gives focus back to the button. */
export function enableMenuButton() {
  const nav = document.querySelector("[data-nav]");
  const button = nav && nav.querySelector("[data-nav-toggle]");
  if (!button) return;
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    nav.toggleAttribute("data-open", open);
  };
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  nav.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
    setOpen(false);
    button.focus();
  });
  document.addEventListener("click", (event) => {
    if (button.getAttribute("aria-expanded") === "true" && !nav.contains(event.target)) setOpen(false);
  });
}
