/* Reports from viewers (templates/moderation/_report_dialog.html): a message, a user, a stream or a
   profile, with a reason from the list and optional text, sent to POST /api/v1/moderation/reports.
   Buttons with data-report="<type>" data-report-id="<id>" open it; the chat line menu calls
   openReport(). The answer replaces the form: "Thanks — we received your report." */
import { api } from "./lib/api.js";

const dialog = document.querySelector("[data-report-dialog]");
let target = null;
let opener = null;

export function openReport(type, id, label, from) {
  if (!dialog) return;
  target = { type, id };
  opener = from || document.activeElement;
  const form = dialog.querySelector("form");
  form.reset();
  form.hidden = false;
  dialog.querySelector("[data-report-what]").textContent = label;
  dialog.querySelector("[data-report-error]").textContent = "";
  dialog.querySelector("[data-report-done]").hidden = true;
  dialog.showModal();
}

if (dialog) {
  const form = dialog.querySelector("form");
  const error = dialog.querySelector("[data-report-error]");
  const done = dialog.querySelector("[data-report-done]");
  dialog.addEventListener("close", () => {
    if (opener && opener.isConnected) opener.focus();
  });
  dialog.querySelectorAll("[data-report-close]").forEach((button) => button.addEventListener("click", () => dialog.close()));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!target) return;
    const send = form.querySelector("button[type=submit]");
    send.disabled = true;
    const answer = await api("POST", "moderation/reports", {
      target_type: target.type,
      target_id: String(target.id),
      reason: form.elements.reason.value,
      text: form.elements.text.value.trim(),
    });
    send.disabled = false;
    if (!answer.ok) {
      error.textContent = String(answer.data.detail);
      return;
    }
    form.hidden = true;
    done.hidden = false;
    done.querySelector("button").focus();
  });
  // The buttons need this script (and the dialog): hidden until now.
  document.querySelectorAll("[data-report]").forEach((button) => (button.hidden = false));
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-report]");
    if (button) openReport(button.dataset.report, button.dataset.reportId, button.dataset.reportLabel, button);
  });
}
