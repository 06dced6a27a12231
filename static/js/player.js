/* The stream's picture. Live: hls.js (static/vendor/hls.js, a classic script) plays the chosen
 camera angle's HLS playlist near the live edge, with an angle switcher and a quality menu; the
 angles arrive as AV frames on the stream's socket (and in #stream-angles at page load), the
 status as ES frames. Ended: buttons switch between the recording's parts. */
// hls.js is a UMD script: imported for its effect, it sets window.Hls before this module runs.
import "../vendor/hls.js/hls.light.min.js";
import { Code } from "./lib/codes.js";
import { REFUSED } from "./lib/live-socket.js";
import { streamSocket } from "./lib/sockets.js";

const RETRY_MS = 1500;
// A few seconds behind the live edge: 1 s fragments, two of them buffered.
const HLS_CONFIG = {
  enableWorker: false, // the page's CSP allows no blob: workers
  liveSyncDurationCount: 2,
  liveMaxLatencyDurationCount: 5,
  maxLiveSyncPlaybackRate: 1.2,
  manifestLoadingMaxRetry: 0,
  backBufferLength: 30,
};

class LivePlayer {
  constructor(root, angles) {
    this.root = root;
    this.video = root.querySelector("[data-video-el]");
    this.wait = root.querySelector("[data-video-wait]");
    this.anglesBox = root.querySelector("[data-video-angles]");
    this.qualityWrap = root.querySelector("[data-video-quality-wrap]");
    this.quality = root.querySelector("[data-video-quality]");
    this.sound = root.querySelector("[data-video-sound]");
    this.status = document.querySelector("[data-stream]").dataset.status;
    this.angles = [];
    this.current = null;
    this.hls = null;
    this.retry = null;
    this.video.addEventListener("playing", () => this.showWaiting(false));
    this.video.addEventListener("waiting", () => this.showWaiting(true, "Buffering…"));
    this.quality.addEventListener("change", () => {
      if (this.hls) this.hls.currentLevel = Number(this.quality.value);
    });
    this.sound.addEventListener("click", () => {
      this.video.muted = !this.video.muted;
      this.sound.setAttribute("aria-pressed", String(!this.video.muted));
      this.sound.textContent = this.video.muted ? "Sound on" : "Sound off";
    });
    root.querySelector("[data-video-fullscreen]").addEventListener("click", () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else root.requestFullscreen().catch(() => {});
    });
    this.setAngles(angles);
  }

  follow(socket) {
    socket.on(REFUSED, () => this.setAngles([])); // stream.js says why; nothing plays any more
    socket.on(Code.ANGLES, (d) => this.setAngles(d.angles || []));
    socket.on(Code.EVENT_STATUS, (d) => {
      this.status = d.s;
      this.update();
    });
  }

  setAngles(angles) {
    this.angles = angles;
    this.anglesBox.replaceChildren(
      ...(angles.length > 1 ? angles : []).map((angle) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "chip";
        button.textContent = angle.label + (angle.on ? "" : " (off)");
        button.disabled = !angle.on;
        button.dataset.angle = angle.id;
        button.addEventListener("click", () => this.choose(angle.id));
        return button;
      }),
    );
    this.update();
  }

  update() {
    const live = this.angles.filter((angle) => angle.on);
    const playable = this.status === "live" && live.length > 0;
    this.root.hidden = !playable;
    if (!playable) {
      this.stop();
      return;
    }
    const keep = live.find((angle) => angle.id === this.current);
    this.choose(keep ? keep.id : live[0].id);
  }

  choose(angleId) {
    this.anglesBox.querySelectorAll("[data-angle]").forEach((button) => {
      const on = Number(button.dataset.angle) === angleId;
      button.classList.toggle("chip--on", on);
      button.setAttribute("aria-pressed", String(on));
    });
    if (angleId === this.current && (this.hls || this.video.src)) return;
    const angle = this.angles.find((a) => a.id === angleId);
    this.stop();
    this.current = angleId;
    this.load(angle.src);
  }

  load(src) {
    this.showWaiting(true, "Waiting for the picture…");
    if (window.Hls && window.Hls.isSupported()) {
      const hls = new window.Hls(HLS_CONFIG);
      this.hls = hls;
      hls.on(window.Hls.Events.MANIFEST_PARSED, () => {
        this.levels(hls.levels);
        this.video.play().catch(() => {});
      });
      hls.on(window.Hls.Events.ERROR, (event, data) => {
        if (!data.fatal) return;
        // Most often the playlist is not written yet (the encoder just connected): try again.
        this.showWaiting(true, "Waiting for the picture…");
        this.stop(true);
        this.retry = window.setTimeout(() => this.load(src), RETRY_MS);
      });
      hls.loadSource(src);
      hls.attachMedia(this.video);
    } else if (this.video.canPlayType("application/vnd.apple.mpegurl")) {
      this.video.src = src; // Safari plays HLS itself
      this.video.play().catch(() => {});
    } else {
      this.showWaiting(true, "This browser cannot play live video.");
    }
  }

  levels(levels) {
    this.qualityWrap.hidden = levels.length < 2;
    this.quality.replaceChildren(
      new Option("Auto", "-1"),
      ...levels.map((level, index) => new Option(level.height ? level.height + "p" : "Level " + (index + 1), String(index))),
    );
  }

  stop(keepAngle) {
    window.clearTimeout(this.retry);
    if (this.hls) {
      this.hls.destroy();
      this.hls = null;
    }
    this.video.removeAttribute("src");
    if (!keepAngle) this.current = null;
  }

  showWaiting(on, text) {
    if (text) this.wait.textContent = text;
    this.wait.hidden = !on;
  }
}

function recordings(root) {
  const video = root.querySelector("[data-vod-video]");
  root.querySelectorAll("[data-vod-src]").forEach((button) => {
    button.addEventListener("click", () => {
      root.querySelectorAll("[data-vod-src]").forEach((other) => {
        other.classList.toggle("chip--on", other === button);
        other.setAttribute("aria-pressed", String(other === button));
      });
      video.poster = button.dataset.vodPoster || "";
      video.src = button.dataset.vodSrc;
      video.play().catch(() => {});
    });
  });
}

const vod = document.querySelector("[data-vod]");
if (vod) recordings(vod);
const root = document.querySelector("[data-video]");
const angles = document.getElementById("stream-angles");
const socket = streamSocket();
if (root && angles) {
  const player = new LivePlayer(root, JSON.parse(angles.textContent).angles || []);
  if (socket) player.follow(socket);
}
