/* The stream's picture. Live: hls.js (static/vendor/hls.js, a classic script) plays the chosen
 camera angle's HLS playlist near the live edge, with controls of our own (play, sound, volume,
 the live edge and how far behind it, angles, quality, theatre mode, full screen of the stage); the
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

// Within this much of hls.js's live sync position the player counts as "at live".
const LIVE_SLACK_S = 1.5;
const THEATRE_KEY = "watch.theatre";

function storedTheatre() {
  try {
    return window.localStorage.getItem(THEATRE_KEY) === "on";
  } catch (e) {
    return false; // storage blocked: theatre mode is not remembered
  }
}

function storeTheatre(on) {
  try {
    if (on) window.localStorage.setItem(THEATRE_KEY, "on");
    else window.localStorage.removeItem(THEATRE_KEY);
  } catch (e) {
    /* storage blocked: nothing to remember it in */
  }
}

function setButton(button, label, icon, pressed) {
  button.setAttribute("aria-label", label);
  button.title = label;
  if (pressed !== undefined) button.setAttribute("aria-pressed", String(pressed));
  const glyph = button.querySelector("[data-video-icon]");
  if (glyph && icon) glyph.textContent = icon;
}

class LivePlayer {
  constructor(root, angles) {
    this.root = root;
    this.video = root.querySelector("[data-video-el]");
    this.wait = root.querySelector("[data-video-wait]");
    this.anglesBox = root.querySelector("[data-video-angles]");
    this.qualityWrap = root.querySelector("[data-video-quality-wrap]");
    this.quality = root.querySelector("[data-video-quality]");
    this.playButton = root.querySelector("[data-video-play]");
    this.sound = root.querySelector("[data-video-sound]");
    this.volume = root.querySelector("[data-video-volume]");
    this.liveButton = root.querySelector("[data-video-live]");
    this.theatreButton = root.querySelector("[data-video-theatre]");
    this.fullscreenButton = root.querySelector("[data-video-fullscreen]");
    // Full screen and theatre are the whole stage's (picture, PK bar, gifts, chat), where there is one.
    this.stage = root.closest("[data-watch-stage]");
    this.theatre = Boolean(this.stage) && storedTheatre();
    this.theatreButton.hidden = !this.stage;
    this.status = document.querySelector("[data-stream]").dataset.status;
    this.angles = [];
    this.current = null;
    this.hls = null;
    this.retry = null;
    this.video.addEventListener("playing", () => this.showWaiting(false));
    this.video.addEventListener("waiting", () => this.showWaiting(true, "Buffering…"));
    ["play", "pause"].forEach((type) => this.video.addEventListener(type, () => this.showPlaying()));
    ["timeupdate", "play", "pause", "seeked"].forEach((type) => this.video.addEventListener(type, () => this.showLive()));
    this.video.addEventListener("volumechange", () => this.showSound());
    this.quality.addEventListener("change", () => {
      if (this.hls) this.hls.currentLevel = Number(this.quality.value);
    });
    this.playButton.addEventListener("click", () => {
      if (this.video.paused) this.video.play().catch(() => {});
      else this.video.pause();
    });
    this.sound.addEventListener("click", () => {
      this.video.muted = !this.video.muted;
      if (!this.video.muted && this.video.volume === 0) this.video.volume = 1;
    });
    this.volume.addEventListener("input", () => {
      this.video.volume = Number(this.volume.value) / 100;
      this.video.muted = this.video.volume === 0;
    });
    this.liveButton.addEventListener("click", () => this.goLive());
    this.theatreButton.addEventListener("click", () => this.setTheatre(!this.theatre));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.theatre && !document.fullscreenElement) this.setTheatre(false);
    });
    this.fullscreenButton.addEventListener("click", () => {
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      else (this.stage || root).requestFullscreen().catch(() => {});
    });
    document.addEventListener("fullscreenchange", () => {
      const on = Boolean(document.fullscreenElement);
      setButton(this.fullscreenButton, on ? "Exit full screen" : "Full screen", null, on);
    });
    this.showPlaying();
    this.showSound();
    this.setAngles(angles);
  }

  setTheatre(on) {
    this.theatre = on;
    storeTheatre(on);
    this.showTheatre();
  }

  /* Theatre mode while there is a picture to watch: the page chrome goes (watch.css). */
  showTheatre() {
    const on = this.theatre && !this.root.hidden;
    document.body.classList.toggle("is-theatre", on);
    setButton(this.theatreButton, this.theatre ? "Leave theatre mode" : "Theatre mode", null, this.theatre);
  }

  showPlaying() {
    const paused = this.video.paused;
    setButton(this.playButton, paused ? "Play" : "Pause", paused ? "▶" : "❚❚");
  }

  showSound() {
    const silent = this.video.muted || this.video.volume === 0;
    setButton(this.sound, silent ? "Sound on" : "Mute", silent ? "🔇" : "🔊", !silent);
    this.volume.value = String(silent ? 0 : Math.round(this.video.volume * 100));
  }

  /* Seconds behind the live edge: hls.js's own measure, or from its sync position. */
  latency() {
    if (!this.hls) return null;
    const measured = this.hls.latency;
    if (Number.isFinite(measured) && measured > 0) return measured;
    const edge = this.hls.liveSyncPosition;
    return Number.isFinite(edge) ? Math.max(0, edge - this.video.currentTime) : null;
  }

  atLive() {
    const edge = this.hls && this.hls.liveSyncPosition;
    if (!Number.isFinite(edge) || this.video.paused) return false;
    return this.video.currentTime >= edge - LIVE_SLACK_S;
  }

  showLive() {
    const at = this.atLive();
    const behind = this.latency();
    this.liveButton.classList.toggle("video__live--at", at);
    this.liveButton.setAttribute("aria-pressed", String(at));
    const delay = behind === null ? "" : " · " + behind.toFixed(1) + " s behind live";
    this.liveButton.title = (at ? "At the live edge" : "Jump to live") + delay;
    this.liveButton.setAttribute("aria-label", this.liveButton.title);
  }

  goLive() {
    const edge = this.hls && this.hls.liveSyncPosition;
    if (Number.isFinite(edge)) this.video.currentTime = edge;
    this.video.play().catch(() => {});
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
    this.showTheatre();
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
