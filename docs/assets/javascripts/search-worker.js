/* The site search, behind Material's own search box and result list: a drop-in for Material's lunr worker that
   answers from Pagefind's chunked index (built after every build by kbtools/hooks.py), so a query downloads only
   the index chunks it needs, whatever the size of the site.

   It speaks Material's worker protocol: SETUP (0) -> READY (1), QUERY (2) -> RESULT (3). For each query it:
   - rewrites the customer's words with data/search_terms.yml (emitted as search/terms.json): British and
     American spellings both ways, and phrasings into the words our pages use; every variant is searched and a
     page keeps its best score;
   - ranks runbooks above explainers, and the glossary below both, by the weights in the same file;
   - returns one compact result per page: its title, its one-line description and its area, from
     search/pages.json (no download per result).
   Every string that reaches Material's result list (which sets it as HTML) is escaped here. */
"use strict";

var ROOT = new URL("../../", self.location.href);
var MAX_RESULTS = 12;
var pagefind = null;
var terms = { spelling: [], rewrite: [], weights: {} };
var pages = {}; // Pagefind page id -> [location, title, description, area, kind, phrases]
var latest = null; // the query being answered: answers to older ones are dropped
/* Words that carry no meaning on their own; left out when a query is also searched word by word. */
var STOP = " a an and are as at be but by can could did didn't do does don't for from get getting got had has have haven't how i i'm if in is it its keep keeps me my no not of on or our please should so that the their them they this to too us was we were what when where which why will with would you your ";

function load(path) {
  return fetch(new URL(path, ROOT).href).then(function (r) {
    if (!r.ok) throw new Error(path + ": HTTP " + r.status);
    return r.json();
  });
}

function setup() {
  var engine = import(new URL("pagefind/pagefind.js", ROOT).href).then(function (module) {
    pagefind = module;
    // Already in a worker: Pagefind need not start one of its own.
    return pagefind.options({ baseUrl: ROOT.pathname, noWorker: true }).then(function () {
      return pagefind.init();
    });
  });
  var vocabulary = load("search/terms.json").then(function (loaded) { terms = loaded; });
  var table = load("search/pages.json").then(function (loaded) { pages = loaded; });
  // No warm-up of the word index: fetching its chunks ahead competed with the page's own loading and made the
  // first result slower (measured with make bench-search, docs/contributing/search.md).
  return Promise.all([engine, vocabulary, table]);
}

function escapeHtml(text) {
  return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* The query as typed, the same with each word in its other spelling, and each rewrite of a known phrase. */
function variants(query) {
  var base = query.toLowerCase().replace(/[_\s]+/g, " ").replace(/[^\w\s'’-]/g, " ").replace(/\s+/g, " ").trim();
  var out = [base];
  var respelt = base
    .split(" ")
    .map(function (word) {
      for (var i = 0; i < terms.spelling.length; i++) {
        var rule = terms.spelling[i];
        var stem = word.length - rule.from.length;
        if (stem >= 3 && word.slice(stem) === rule.from) return word.slice(0, stem) + rule.to;
      }
      return word;
    })
    .join(" ");
  out.push(respelt);
  terms.rewrite.forEach(function (rule) {
    out.slice().forEach(function (text) {
      var padded = " " + text + " ";
      if (padded.indexOf(" " + rule.from + " ") !== -1) out.push(padded.replace(" " + rule.from + " ", " " + rule.to + " ").trim());
    });
  });
  return out.filter(function (v, i) { return v && out.indexOf(v) === i; }).slice(0, 8);
}

function mark(text, words) {
  var html = escapeHtml(text);
  words.forEach(function (word) {
    if (word.length < 3) return;
    var safe = escapeHtml(word).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    html = html.replace(new RegExp("(^|[^\\w&#;])(" + safe + "\\w*)", "gi"), "$1<mark>$2</mark>");
  });
  return html;
}

/* A word reduced to a rough stem, so "disputed", "disputes" and "dispute" compare equal. */
function stem(word) {
  return word.replace(/(ing|ed|es|s)$/, function (end) { return word.length - end.length >= 4 ? "" : end; });
}

function meaningful(text) {
  return text.split(" ").filter(function (w) { return w && STOP.indexOf(" " + w + " ") === -1; }).map(stem);
}

/* How well a query names a page by one of its phrases (title, aliases, customer phrasings): 1 when every
   meaningful word of the query and of the phrase match, less when the phrase covers most of the query. */
var phraseWords = {}; // phrase -> its meaningful words, worked out once per worker, not once per query and page
function wordsOf(phrase) {
  var words = phraseWords[phrase];
  if (!words) words = phraseWords[phrase] = meaningful(phrase.replace(/[^\w\s'’-]/g, " ").replace(/\s+/g, " ").trim());
  return words;
}

function phraseMatch(queryWords, phrases) {
  var best = 0;
  (phrases || []).forEach(function (phrase) {
    var words = wordsOf(phrase);
    if (!words.length) return;
    var shared = words.filter(function (w) { return queryWords.indexOf(w) !== -1; }).length;
    if (!shared) return;
    var score = (shared / queryWords.length) * (shared / words.length);
    if (score > best) best = score;
  });
  return best;
}

/* The words of the query (and of its respelling) worth searching on their own. */
function keywords(list) {
  var seen = [];
  list.slice(0, 2).join(" ").split(" ").forEach(function (word) {
    if (word.length > 1 && STOP.indexOf(" " + word + " ") === -1 && seen.indexOf(word) === -1) seen.push(word);
  });
  return seen;
}

function search(query) {
  var list = variants(query);
  if (!list.length) return Promise.resolve({ items: [], total: 0 });
  var words = keywords(list);
  // Pagefind matches pages that have every word; a customer's sentence rarely does. So each variant is searched
  // whole, and each meaningful word alone: a page that has every word wins, one that has most comes next.
  var searches = list.concat(words.length > 1 ? words : []);
  return Promise.all(searches.map(function (v) { return pagefind.search(v); })).then(function (answers) {
    var best = {};
    var partial = {};
    function keep(result, score) {
      var page = pages[result.id];
      score *= (page && terms.weights[page[4]]) || 1;
      if (!best[result.id] || best[result.id].score < score) best[result.id] = { result: result, page: page, score: score };
    }
    answers.forEach(function (answer, index) {
      if (!answer) return;
      answer.results.forEach(function (result) {
        if (index < list.length) {
          // The query as typed outranks its rewrites a little, so an exact phrase still wins.
          keep(result, result.score * (index === 0 ? 1 : 0.9));
        } else {
          var entry = partial[result.id] || (partial[result.id] = { result: result, sum: 0, hits: 0 });
          entry.sum += result.score;
          entry.hits += 1;
        }
      });
    });
    Object.keys(partial).forEach(function (id) {
      var entry = partial[id];
      keep(entry.result, (entry.sum / words.length) * (entry.hits / words.length) * 0.8);
    });
    // A page one of whose phrases is what the customer typed goes first: that is what the phrases are for.
    var top = 0;
    Object.keys(best).forEach(function (id) { if (best[id].score > top) top = best[id].score; });
    var queryVariants = list.map(meaningful).filter(function (words) { return words.length; });
    Object.keys(best).forEach(function (id) {
      var entry = best[id];
      if (!entry.page) return;
      var match = 0;
      queryVariants.forEach(function (words) { match = Math.max(match, phraseMatch(words, entry.page[5])); });
      if (match >= 0.5) entry.score += top * match;
    });
    var ranked = Object.keys(best).map(function (id) { return best[id]; });
    ranked.sort(function (a, b) { return b.score - a.score; });
    var top = ranked.slice(0, MAX_RESULTS);
    var shown = list.join(" ").split(" ");
    var termMap = {};
    shown.forEach(function (w) { termMap[w] = true; });
    // A page missing from the table (an index older than the table) is fetched the slow way.
    return Promise.all(
      top.map(function (entry) {
        if (entry.page) return entry.page;
        return entry.result.data().then(function (d) {
          var meta = d.meta || {};
          return [d.url.replace(ROOT.pathname, ""), meta.title || d.url, meta.description || "", meta.area || "", meta.kind || "page"];
        });
      })
    ).then(function (rows) {
      var items = rows.map(function (row, i) {
        return [{
          // Relative to the site root: Material resolves it against its base, wherever the site is hosted.
          location: row[0],
          title: mark(row[1] || row[0], shown),
          text: mark(row[2], shown),
          tags: row[3] ? [escapeHtml(row[3])] : undefined,
          score: top[i].score,
          terms: termMap
        }];
      });
      return { items: items, total: ranked.length };
    });
  });
}

// Start loading at once: Material sends SETUP only after fetching its own (empty) index file.
var ready = setup();

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === 0) {
    // Ready at once: queries wait inside the worker until Pagefind has loaded, so none is lost.
    self.postMessage({ type: 1 });
  } else if (message.type === 2) {
    var query = String(message.data || "");
    latest = query;
    ready
      .then(function () { return query.trim() ? search(query) : { items: [], total: 0 }; })
      .then(
        function (data) { if (latest === query) self.postMessage({ type: 3, data: data }); },
        function () { if (latest === query) self.postMessage({ type: 3, data: { items: [], total: 0 } }); }
      );
  }
});
