/* Mermaid only where a diagram is, and only when one comes near the screen.
   Material draws ```mermaid blocks with window.mermaid (and fetches it from unpkg.com when it is missing).
   This stand-in takes Material's calls; the first render waits until a diagram is within about a screen of the
   viewport, then loads the vendored vendor/mermaid.min.js (3.5 MB) and hands over. Pages without a diagram
   never request it. Diagrams keep their natural size (text at body size) and scroll sideways in their box. */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var SRC = here ? here.replace(/mermaid-lazy\.js(\?.*)?$/, "vendor/mermaid.min.js") : "assets/javascripts/vendor/mermaid.min.js";
  var settings = {};
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = SRC;
        script.onload = function () {
          var real = window.mermaid;
          // Natural size for every kind of diagram: scaled to the column, text shrinks to 7 px on wide ones.
          var natural = { fontSize: 16 };
          ["flowchart", "sequence", "state", "class", "er", "gantt", "journey", "timeline"].forEach(function (kind) {
            natural[kind] = Object.assign({}, settings[kind], { useMaxWidth: false });
          });
          natural.flowchart.htmlLabels = true;
          real.initialize(Object.assign({}, settings, natural));
          resolve(real);
        };
        script.onerror = function () {
          loading = null;
          reject(new Error("could not load " + SRC));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function near() {
    return new Promise(function (resolve) {
      var diagrams = document.querySelectorAll(".mermaid");
      if (!("IntersectionObserver" in window) || !diagrams.length) return resolve();
      var watch = new IntersectionObserver(
        function (entries) {
          if (entries.some(function (e) { return e.isIntersecting; })) {
            watch.disconnect();
            resolve();
          }
        },
        { rootMargin: "900px 0px" }
      );
      diagrams.forEach(function (d) { watch.observe(d); });
    });
  }

  if (typeof window.mermaid === "undefined") {
    window.mermaid = {
      initialize: function (config) {
        settings = config || {};
      },
      render: function (id, text) {
        return near().then(load).then(function (real) {
          return real.render(id, text);
        });
      }
    };
  }
})();
