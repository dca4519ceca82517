/* A runbook's first screen on a phone is for the decision: the at-a-glance box (open in the page, so it reads without
   JavaScript and on wide screens) is folded to its title line where the screen is narrow, so "Decide and act" and
   its first case show without scrolling. A reader who opens it keeps it open on this page. */
(function () {
  "use strict";

  var NARROW = "(max-width: 44.9375em)";

  function fold() {
    if (!window.matchMedia || !window.matchMedia(NARROW).matches) return;
    document.querySelectorAll("details.kb-glance[open]").forEach(function (box) {
      box.open = false;
    });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(fold);
  else document.addEventListener("DOMContentLoaded", fold);
})();
