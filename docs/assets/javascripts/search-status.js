/* The search box for screen-reader users. Material writes the result count ("12 matching documents") on every
   keystroke into a line no screen reader watches; here it is said once typing pauses, with the query, through a
   hidden role=status line. (The closed search's empty, zero-height result box no longer takes focus: kb.css.) */
(function () {
  "use strict";

  var SETTLE_MS = 700;

  function enhance() {
    var meta = document.querySelector(".md-search-result__meta");
    var input = document.querySelector(".md-search__input");
    if (!meta || !input || document.getElementById("kb-search-status")) return;
    var status = document.createElement("p");
    status.id = "kb-search-status";
    status.className = "kb-sr-only";
    status.setAttribute("role", "status");
    document.body.appendChild(status);
    var timer = null;

    function say() {
      var query = input.value.trim();
      var count = meta.textContent.trim();
      var text = query && count ? count + " for \u201c" + query + "\u201d" : "";
      if (status.textContent !== text) status.textContent = text;
    }

    new MutationObserver(function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(say, SETTLE_MS);
    }).observe(meta, { childList: true, characterData: true, subtree: true });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(enhance);
  else document.addEventListener("DOMContentLoaded", enhance);
})();
