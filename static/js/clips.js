/* Clips: the clip page's share link, a recording's clip starting where the viewer is, and `CL` on the clipper's own socket (/ws/me/) when a clip
   they asked for is cut: the waiting clip page reloads, the watch page's Clip form links to it. */
import { Code } from "./lib/codes.js";
import { meSocket } from "./lib/sockets.js";

document.addEventListener("click", (event) => {
  const copy = event.target.closest("[data-clip-copy]");
  if (!copy) return;
  const link = document.querySelector("[data-clip-share]");
  link.select();
  navigator.clipboard?.writeText(link.value).then(() => (copy.textContent = "Copied"), () => {});
});

function clipDone(d) {
  const page = document.querySelector("[data-clip]");
  if (page && page.dataset.clip === d.id && page.dataset.clipStatus === "pending") {
    window.location.reload();
    return;
  }
  document.querySelectorAll(`[data-clip-made="${CSS.escape(d.id)}"]`).forEach((made) => {
    made.textContent = d.s === "ready" ? "Your clip is ready: " : `Your clip could not be cut (${d.error}). `;
    if (d.s === "ready") {
      const open = document.createElement("a");
      open.href = d.url;
      open.textContent = `Open “${d.title}”`;
      made.append(open);
    }
  });
}

// Clipping a recording starts where the viewer is in it.
document.addEventListener("toggle", (event) => {
  const start = event.target.matches?.("[data-clip-button][open]") && event.target.querySelector("[data-clip-start]");
  const video = document.querySelector("[data-vod-video]");
  if (start && video) start.value = Math.floor(video.currentTime);
}, true);

const me = meSocket();
if (me) me.on(Code.CLIP, clipDone);
