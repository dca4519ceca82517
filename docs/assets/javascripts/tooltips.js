/* Glossary tooltips: one shared bubble for every <abbr title> (the glossary terms from data/glossary.yml).
   It replaces Material's content.tooltips, which mounts a component per term at load (about 125 ms on a runbook
   here) and copies the title into the page as HTML. This bubble is filled with textContent only, so a definition
   can never become markup; it shows on hover, on keyboard focus and on a tap (phones have no hover). */
(function () {
  "use strict";
  var bubble = null;
  var current = null;

  function make() {
    bubble = document.createElement("div");
    bubble.className = "kb-tooltip";
    bubble.id = "kb-tooltip";
    bubble.setAttribute("role", "tooltip");
    bubble.hidden = true;
    document.body.appendChild(bubble);
  }

  function show(term) {
    if (!bubble || !document.body.contains(bubble)) make();
    var text = term.getAttribute("data-kb-title") || term.getAttribute("title");
    if (!text) return;
    // Keep the definition off the native title while ours shows, so the browser does not draw a second one.
    if (term.hasAttribute("title")) {
      term.setAttribute("data-kb-title", text);
      term.removeAttribute("title");
    }
    current = term;
    bubble.textContent = text;
    bubble.hidden = false;
    term.setAttribute("aria-describedby", "kb-tooltip");
    var box = term.getBoundingClientRect();
    var width = Math.min(320, document.documentElement.clientWidth - 16);
    bubble.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(box.left + box.width / 2 - bubble.offsetWidth / 2, document.documentElement.clientWidth - bubble.offsetWidth - 8));
    var below = box.bottom + 8;
    var top = below + bubble.offsetHeight > window.innerHeight && box.top > bubble.offsetHeight + 8 ? box.top - bubble.offsetHeight - 8 : below;
    bubble.style.left = left + window.scrollX + "px";
    bubble.style.top = top + window.scrollY + "px";
  }

  function hide() {
    if (bubble) bubble.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function termOf(node) {
    return node && node.closest ? node.closest("article abbr[title], article abbr[data-kb-title]") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var term = termOf(event.target);
    if (term) show(term);
    else if (current && !(bubble && bubble.contains(event.target))) hide();
  });
  document.addEventListener("focusin", function (event) {
    var term = termOf(event.target);
    if (term) show(term);
  });
  document.addEventListener("click", function (event) {
    var term = termOf(event.target);
    if (term) show(term);
    else hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
})();
