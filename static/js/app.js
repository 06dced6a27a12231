/* Site-wide behaviour: toasts, and the signed-in user's own socket (/ws/me/). */
(function () {
  "use strict";

  function toast(text, kind, link) {
    const box = document.getElementById("toasts");
    if (!box) return;
    const item = document.createElement("div");
    item.className = "toast" + (kind ? " toast-" + kind : "");
    item.textContent = text; // never innerHTML: frame text is untrusted
    if (link && link.href.startsWith("/")) {
      const anchor = document.createElement("a");
      anchor.href = link.href; // a path on this site only
      anchor.textContent = link.label;
      item.append(" ", anchor);
    }
    box.appendChild(item);
    window.setTimeout(() => item.remove(), 12000);
  }

  function retireToasts() {
    document.querySelectorAll("#toasts .toast").forEach((item) => window.setTimeout(() => item.remove(), 6000));
  }

  function updateBadges(userId, tier) {
    document.querySelectorAll('.user-name[data-user-id="' + userId + '"]').forEach((name) => {
      let badge = name.querySelector(".tier-badge");
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "tier-badge";
        name.appendChild(badge);
      }
      badge.style.setProperty("--tier-color", tier.color);
      badge.title = tier.label;
      badge.textContent = tier.icon;
    });
  }

  /* Copy buttons (`data-copy="<id of the element to copy>"`): hidden without JavaScript. */
  function enableCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach((button) => {
      const source = document.getElementById(button.dataset.copy);
      if (!source) return;
      button.hidden = false;
      const label = button.textContent;
      button.addEventListener("click", () => {
        const done = (text) => {
          button.textContent = text;
          window.setTimeout(() => {
            button.textContent = label;
          }, 2000);
        };
        const text = source.textContent.trim();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(
            () => done("Copied"),
            () => done("Copy failed"),
          );
        } else {
          done("Copy failed");
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    window.bsl = { toast };
    retireToasts();
    enableCopyButtons();
    // Forms that ask first (End stream, Rotate key): in the capture phase, before any other handler.
    document.addEventListener(
      "submit",
      (event) => {
        const form = event.target;
        if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
      },
      true,
    );
    const mePath = document.body.dataset.meSocket;
    if (mePath && window.LiveSocket) {
      window.bsl.me = new window.LiveSocket(mePath, {
        VB: (d) => {
          updateBadges(d.u, d);
          toast("You are now " + d.label + "!", "success");
        },
        // A creator you follow went live or scheduled a stream.
        ES: (d) => {
          if (!d.stream) return;
          const live = d.s === "live";
          const text = d.creator + (live ? " is live: " : " scheduled a stream: ") + d.title;
          toast(text, live ? "success" : "", { href: d.url, label: live ? "Watch" : "See it" });
        },
        // A PK battle you are in changed; an invitation to one is worth a toast on any page.
        PK: (d) => {
          if (d.s === "invited" && d.you === "invited") {
            toast(d.by + " challenges you to a PK battle", "success", { href: d.studio, label: "Answer" });
          }
        },
      });
      // Every frame also goes out as a `bsl:me-frame` event, for the page's scripts (pk.js).
      const dispatch = window.bsl.me.dispatch.bind(window.bsl.me);
      window.bsl.me.dispatch = (frame) => {
        dispatch(frame);
        document.dispatchEvent(new CustomEvent("bsl:me-frame", { detail: frame }));
      };
    }
  });
})();
