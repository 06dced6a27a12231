/* The page's sockets, one per subject, shared by every script that imports this module: the
   signed-in user's own (/ws/me/, from <body data-me-socket>) and the stream's (from
   [data-stream][data-socket]). Each script adds its handlers when it loads; the socket connects
   once the page is parsed, when every script has, so no script depends on another's order. */
import { afterPageScripts } from "./dom.js";
import { LiveSocket } from "./live-socket.js";

const sockets = new Map();

function shared(path) {
  if (!path) return null;
  if (!sockets.has(path)) {
    const socket = new LiveSocket(path);
    sockets.set(path, socket);
    afterPageScripts(() => socket.connect());
  }
  return sockets.get(path);
}

/* The signed-in user's socket, or null when signed out. */
export function meSocket() {
  return shared(document.body && document.body.dataset.meSocket);
}

/* The stream page's socket, or null on other pages (and on a stream the viewer may not watch). */
export function streamSocket() {
  const root = document.querySelector("[data-stream]");
  return shared(root && root.dataset.socket);
}
