/* Numbers and clocks as the pages show them. */

export function formatCount(value) {
  return Number(value || 0).toLocaleString("en-US");
}

/* 4:05 or 1:02:03 for a whole number of seconds (never below zero). */
export function clock(totalSeconds) {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n) => String(n).padStart(2, "0");
  return h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
}
