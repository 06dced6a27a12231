/* The watch page's phone layout (static/css/watch.css): a tap on the chat over the picture shows
 more of it (and less again), and the gift sheet closes once a gift is sent; the stage fills the screen below the header. Without JavaScript
 the chat shows its last lines and the gift panel closes from its own summary. */
const phone = window.matchMedia("(max-width: 600px)");
const stage = document.querySelector("[data-watch-stage]");

/* On a phone the stage fills the screen below the page's header and above the pinned input:
   how far down it starts is the header's business, so measure it. */
function fitStage() {
  if (!stage) return;
  const top = stage.getBoundingClientRect().top + window.scrollY;
  stage.style.setProperty("--stage-top", Math.round(top) + "px");
}
fitStage();
window.addEventListener("resize", fitStage);

// The pinned input grows while it says why chat is closed (a timeout's reason and countdown): the
// stage ends above it, so the newest lines stay in sight.
const pinned = stage && stage.querySelector(".chat-form, .chat-login, .chat-panel > .chat-notice");
if (pinned && "ResizeObserver" in window) {
  new ResizeObserver(() => {
    const height = phone.matches ? pinned.getBoundingClientRect().height : 0;
    if (height) stage.style.setProperty("--pinned-height", Math.round(height) + "px");
    else stage.style.removeProperty("--pinned-height");
  }).observe(pinned);
}

const chat = document.querySelector("[data-watch-stage] [data-chat]");
const scroller = chat && chat.querySelector("[data-chat-scroll]");
function toggleChat() {
  const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 8;
  chat.classList.toggle("chat-panel--expanded");
  if (atBottom) scroller.scrollTop = scroller.scrollHeight; // the newest stays in view
}
if (scroller) {
  scroller.addEventListener("click", (event) => {
    if (phone.matches && !event.target.closest("a, button, form")) toggleChat();
  });
  // From the keyboard too: the chat's scroll box takes focus, and Enter grows or shrinks it.
  scroller.addEventListener("keydown", (event) => {
    if (phone.matches && event.key === "Enter" && event.target === scroller) toggleChat();
  });
}

// htmx put the answer to a send in place of the panel: a sent gift closes the sheet, once. Other
// elements of the same answer (the header's coin balance) settle too, maybe after the viewer has
// opened the sheet again: those leave it alone.
document.addEventListener("htmx:afterSettle", (event) => {
  const panel = document.getElementById("gift-panel");
  if (!phone.matches || !panel || event.target !== panel || !("giftSent" in panel.dataset)) return;
  delete panel.dataset.giftSent;
  panel.open = false;
});
