/* What a search matched, marked on the page it opened. A result's link carries ?h= with the words that page matched
   (search-worker.js: the customer's words, or the spelling or correction the page has; never filler). Here each
   whole word of the page with the same stem, in either spelling, is marked (search-words.js: "refunded" marks
   "refund" and "refunds", "recognize" marks "recognise", never the "refund" inside another word), outside what the index leaves out (replies, calculators, code blocks:
   `skip` in search/terms.json). Filler in a hand-made link is ignored. A bar at the top of the article names the
   words and clears the marks with one press (by keyboard: "Skip to content" leads to it while it shows); clearing
   also drops ?h= from the address. Material's own highlighter
   (feature search.highlight) is off: it marked inside words and every word of the query. */
(function () {
  "use strict";

  var PARAM = "h";
  var ALWAYS_SKIP = "pre, script, style, textarea, input, select, button, mark, [hidden], .kb-search-meta, .kb-highlight";

  function root() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function loadRules(site) {
    var words = window.KBSearchWords
      ? Promise.resolve()
      : new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = new URL("assets/javascripts/search-words.js", site).href;
          script.onload = resolve;
          script.onerror = reject;
          document.head.appendChild(script);
        });
    var terms = fetch(new URL("search/terms.json", site).href).then(function (r) {
      if (!r.ok) throw new Error("search/terms.json: HTTP " + r.status);
      return r.json();
    });
    return Promise.all([words, terms]).then(function (loaded) { return loaded[1]; });
  }

  function dropParam() {
    var url = new URL(location.href);
    if (!url.searchParams.has(PARAM)) return;
    url.searchParams.delete(PARAM);
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  }

  /* Wrap each whole word of ``article`` whose stem is one of ``stems`` in <mark>; returns the marks. */
  function markWords(article, stems, skip) {
    var W = window.KBSearchWords;
    var nodes = [];
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!parent || !node.nodeValue.trim() || parent.closest(skip)) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    for (var node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
    var marks = [];
    var token = /[\p{L}\p{N}_'\u2019-]+/gu;
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var pieces = null;
      var last = 0;
      text.replace(token, function (word, at) {
        if (stems.indexOf(W.stem(W.normalize(word))) === -1) return word;
        pieces = pieces || document.createDocumentFragment();
        if (at > last) pieces.appendChild(document.createTextNode(text.slice(last, at)));
        var mark = document.createElement("mark");
        mark.className = "kb-hl";
        mark.textContent = word;
        pieces.appendChild(mark);
        marks.push(mark);
        last = at + word.length;
        return word;
      });
      if (!pieces) return;
      if (last < text.length) pieces.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(pieces, node);
    });
    return marks;
  }

  /* While the bar shows, "Skip to content" leads to it (its button is then the next Tab stop); cleared, as before. */
  function retargetSkip(to) {
    var skip = document.querySelector("a.md-skip");
    if (!skip) return function () {};
    var before = skip.getAttribute("href");
    skip.setAttribute("href", to);
    return function () { skip.setAttribute("href", before); };
  }

  function clear(article, marks, bar, restoreSkip) {
    marks.forEach(function (mark) {
      var parent = mark.parentNode;
      if (!parent) return;
      parent.replaceChild(document.createTextNode(mark.textContent), mark);
      parent.normalize();
    });
    // The bar held the focus: give it to the page's title, where reading starts, without scrolling away.
    var heading = article.querySelector("h1");
    bar.remove();
    restoreSkip();
    dropParam();
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
      heading.addEventListener("blur", function () { heading.removeAttribute("tabindex"); }, { once: true });
    }
  }

  function showBar(article, words, marks) {
    var bar = document.createElement("div");
    bar.className = "kb-highlight";
    bar.id = "kb-highlight";
    var text = document.createElement("p");
    text.className = "kb-highlight__text";
    text.appendChild(document.createTextNode("Highlighted: "));
    words.forEach(function (word, i) {
      if (i) text.appendChild(document.createTextNode(", "));
      var name = document.createElement("strong");
      name.textContent = word;
      text.appendChild(name);
    });
    text.appendChild(document.createTextNode(" (" + marks.length + (marks.length === 1 ? " place)" : " places)")));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button kb-highlight__clear";
    button.textContent = "Clear highlight";
    bar.appendChild(text);
    bar.appendChild(button);
    article.insertBefore(bar, article.firstChild);
    var restoreSkip = retargetSkip("#kb-highlight");
    button.addEventListener("click", function () { clear(article, marks, bar, restoreSkip); });
  }

  function start() {
    var asked = new URL(location.href).searchParams.get(PARAM);
    var article = document.querySelector("article.md-content__inner");
    if (!asked || !article) return;
    var site = root();
    loadRules(site).then(function (terms) {
      var W = window.KBSearchWords;
      var words = W.withoutFiller(asked, terms.filler).filter(function (w, i, all) { return all.indexOf(w) === i; });
      var skip = ALWAYS_SKIP + (terms.skip ? ", " + terms.skip : "");
      // A word is marked as the page writes it: "recognize" marks "recognise" too (the search found it either way).
      var stems = [];
      words.forEach(function (word) {
        [word, W.respell(word, terms.spelling)].forEach(function (form) {
          if (form && stems.indexOf(W.stem(form)) === -1) stems.push(W.stem(form));
        });
      });
      var marks = stems.length ? markWords(article, stems, skip) : [];
      if (!marks.length) return dropParam();
      var shown = words.filter(function (word) {
        var forms = [W.stem(word), W.stem(W.respell(word, terms.spelling) || word)];
        return marks.some(function (mark) { return forms.indexOf(W.stem(W.normalize(mark.textContent))) !== -1; });
      });
      showBar(article, shown, marks);
    }, dropParam);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
