/* Quick exit, after the GOV.UK "Exit this page" pattern. Without this script every
   .js-quick-exit link still goes to the neutral site as a plain link. With it:
   - the page is blanked at once (so nothing stays on screen while the next site loads);
   - location.replace() leaves, so this page is not left behind as a Back entry;
   - pressing Shift three times, each within 5 seconds of the last, does the same.
   It does not clear the browser history: the "Staying safe online" page says so. */
(() => {
  "use strict";
  const links = document.querySelectorAll(".js-quick-exit");
  if (!links.length) return;
  const first = links[0];
  const neutralTitle = (document.querySelector("[data-neutral-title]") || first).dataset.neutralTitle || "\u2026";

  const leave = (href) => {
    document.documentElement.classList.add("is-leaving");
    document.body.hidden = true; // works even if the stylesheet failed to load
    document.title = neutralTitle;
    window.location.replace(href);
  };

  links.forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      leave(link.href);
    });
  });

  let presses = 0;
  let last = 0;
  document.addEventListener("keydown", (event) => {
    // Any other key (typing a capital letter, say) starts the count again.
    if (event.key !== "Shift") {
      presses = 0;
      return;
    }
    if (event.repeat) return;
    const now = Date.now();
    presses = now - last <= 5000 ? presses + 1 : 1;
    last = now;
    if (presses >= 3) {
      presses = 0;
      leave(first.href);
    }
  });

  document.querySelectorAll(".js-only[hidden]").forEach((hint) => {
    hint.hidden = false;
  });
})();
