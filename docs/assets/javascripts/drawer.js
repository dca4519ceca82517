/* The navigation drawer on narrow screens (below 1220 px, or a zoomed window), by keyboard. Material's menu button
   is a label, which Tab skips; here it is a button: Enter or Space opens and closes the drawer and moves focus to
   its first link, it says whether the drawer is open, and Escape closes the drawer and returns to the button.
   kb.css keeps the links of a closed drawer out of the tab order. */
(function () {
  "use strict";

  function firstLink(drawer) {
    var links = drawer.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      if (!links[i].checkVisibility || links[i].checkVisibility({ visibilityProperty: true })) return links[i];
    }
    return null;
  }

  function enhance() {
    var toggle = document.getElementById("__drawer");
    var button = document.querySelector(".md-header label.md-header__button[for='__drawer']");
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!toggle || !button || !drawer || button.hasAttribute("tabindex")) return;
    button.setAttribute("tabindex", "0");
    button.setAttribute("role", "button");
    button.setAttribute("aria-label", "Navigation");

    function sync() {
      button.setAttribute("aria-expanded", String(toggle.checked));
    }

    function set(open) {
      if (toggle.checked !== open) button.click(); // the label toggles the checkbox, as a tap does
      sync();
    }

    sync();
    toggle.addEventListener("change", sync);
    button.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      // Material itself clicks a focused label on Enter (after this handler); whoever acts first, act once.
      var was = toggle.checked;
      window.setTimeout(function () {
        if (toggle.checked === was) set(!was);
        if (toggle.checked) {
          window.requestAnimationFrame(function () {
            var link = firstLink(drawer);
            if (link) link.focus();
          });
        }
      }, 0);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        set(false);
        button.focus();
      }
    });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(enhance);
  else document.addEventListener("DOMContentLoaded", enhance);
})();
