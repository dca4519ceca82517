/* Boxes that scroll (wide tables, code, diagrams, a diagram's source before it is drawn, a row of tabs) can be scrolled from
   the keyboard: while a box's content is wider or taller than the box and nothing inside it takes focus, the box
   itself is a focus stop, named for what it holds (WCAG 2.1.1; axe's scrollable-region-focusable). A box that fits
   again leaves the tab order. Sizes are watched, so a table in a tab that opens, or a diagram once drawn, counts. */
(function () {
  "use strict";

  var BOXES = ".md-typeset__scrollwrap, .md-typeset pre > code, .md-typeset .mermaid, .md-typeset .tabbed-labels";
  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";
  var sizes = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { check(entry.target); });
  }) : null;

  function scrolls(box) {
    var style = getComputedStyle(box);
    var sideways = /auto|scroll/.test(style.overflowX) && box.scrollWidth > box.clientWidth + 1;
    var down = /auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight + 1;
    return sideways || down;
  }

  function name(box) {
    if (box.classList.contains("md-typeset__scrollwrap")) return "Table";
    if (box.classList.contains("tabbed-labels")) return "Tabs";
    if (box.classList.contains("mermaid") || box.closest(".mermaid")) return "Diagram";
    return "Code";
  }

  function check(box) {
    var ours = box.hasAttribute("data-kb-scroll");
    if (scrolls(box) && !box.querySelector(FOCUSABLE)) {
      if (ours || box.hasAttribute("tabindex")) return;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name(box) + ", scrolls: use the arrow keys");
      box.setAttribute("data-kb-scroll", "");
    } else if (ours) {
      ["tabindex", "role", "aria-label", "data-kb-scroll"].forEach(function (attr) { box.removeAttribute(attr); });
    }
  }

  function watch(root) {
    var boxes = root.matches && root.matches(BOXES) ? [root] : [];
    if (root.querySelectorAll) boxes = boxes.concat(Array.prototype.slice.call(root.querySelectorAll(BOXES)));
    boxes.forEach(function (box) {
      if (box._kbWatched) return;
      box._kbWatched = true;
      check(box);
      if (sizes) sizes.observe(box);
    });
  }

  function enhance() {
    var article = document.querySelector("article") || document.body;
    watch(article);
    // Diagrams are drawn later (mermaid replaces the source block): watch what is added.
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) watch(node);
        });
      });
    }).observe(article, { childList: true, subtree: true });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(enhance);
  else document.addEventListener("DOMContentLoaded", enhance);
})();
