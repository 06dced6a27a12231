/* Tells the server the browser's time zone when it is not the one the page was drawn in
   (<body data-time-zone>), so the next pages show times in it. A zone the server does not know is
   not sent again in this tab. */
import { csrfToken } from "./lib/api.js";

const REFUSED_KEY = "time-zone-refused";

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
    return "";
  }
}

const zone = browserZone();
if (zone && zone !== document.body.dataset.timeZone && window.sessionStorage.getItem(REFUSED_KEY) !== zone) {
  window
    .fetch("/api/v1/me/time-zone", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ time_zone: zone }),
    })
    .then((response) => {
      if (response.status === 400) window.sessionStorage.setItem(REFUSED_KEY, zone);
    })
    .catch(() => {});
}
