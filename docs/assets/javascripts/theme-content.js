// Material for MkDocs 9.8.2's inline content scripts (partials/javascripts/content.html), moved to a file for the
// Content-Security-Policy (kbtools/csp.py): with content.tabs.link, reopen the tabs the reader chose last; and open
// the tab a #hash in the address names.
(function () {
  if (document.currentScript.getAttribute("data-tabs-link") === "True") {
    var tabs = __md_get("__tabs");
    if (Array.isArray(tabs))
      e: for (var set of document.querySelectorAll(".tabbed-set")) {
        var labels = set.querySelector(".tabbed-labels");
        for (var tab of tabs)
          for (var label of labels.getElementsByTagName("label"))
            if (label.innerText.trim() === tab) {
              var input = document.getElementById(label.htmlFor);
              input.checked = true;
              continue e;
            }
      }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
