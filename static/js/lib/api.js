/* Calls to our own JSON API (/api/v1/...) from a page: the session's cookie and the page's CSRF
   token (base.html puts it in <body hx-headers>). Answers are {ok, status, data}; an error's data
   is the API's {code, detail}, and a failed request reads as one too, so callers show `detail`. */

export function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch (e) {
    return "";
  }
}

export async function api(method, path, body) {
  const options = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
  };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await window.fetch("/api/v1/" + path.replace(/^\//, ""), options);
  } catch (e) {
    return { ok: false, status: 0, data: { code: "offline", detail: "Not connected. Try again in a moment." } };
  }
  let data = {};
  if (response.status !== 204) {
    try {
      data = await response.json();
    } catch (e) {
      data = {};
    }
  }
  if (!response.ok && !data.detail) data = { code: "error", detail: "Something went wrong. Try again." };
  return { ok: response.ok, status: response.status, data };
}
