/* The site search, behind Material's own search box and result list: a drop-in for Material's lunr worker that
   answers from Pagefind's chunked index (built after every build by kbtools/hooks.py), so a query downloads only
   the index chunks it needs, whatever the size of the site.

   It speaks Material's worker protocol: SETUP (0) -> READY (1), QUERY (2) -> RESULT (3). For each query it:
   - reads the customer's words with data/search_terms.yml (emitted as search/terms.json) and the rules of
     search-words.js: the filler ("how much", "last week", "please") is dropped before anything is searched, so
     it never demotes what the other words find; each remaining word is searched alone and with its other
     spelling (authorise / authorize); a word the site does not hold (search/words.json) is searched as the
     site's nearest word ("recieved" is "received") or, with none near, left out;
   - searches the words together, and each known phrase rewritten into our words (do not honor -> do_not_honor);
     a page with every word ranks above one with most of them, and a page whose title, alias or listed phrasing is
     what the customer wrote goes first;
   - ranks runbooks above explainers, and the glossary below both, by the weights in the same file;
   - returns one compact result per page: its title, its one-line description and its area, from
     search/pages.json (no download per result), and a link carrying ?h= with the words that page matched (the
     customer's words, or the spelling or correction the page has; never filler), which search-highlight.js marks.
   Every string that reaches Material's result list (which sets it as HTML) is escaped here. */
"use strict";

importScripts("search-words.js");
var W = self.KBSearchWords;
var ROOT = new URL("../../", self.location.href);
var MAX_RESULTS = 12;
/* Words shorter than this are never corrected: too many real words are one letter from another. */
var CORRECT_FROM = 5;
var pagefind = null;
var terms = { spelling: [], rewrite: [], filler: { words: [], phrases: [] }, weights: {} };
var pages = {}; // Pagefind page id -> [location, title, description, area, kind, phrases]
var vocabulary = null; // the site's words and how often each occurs, loaded the first time a word misses
var latest = null; // the query being answered: answers to older ones are dropped

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
  var rules = load("search/terms.json").then(function (loaded) { terms = loaded; });
  var table = load("search/pages.json").then(function (loaded) { pages = loaded; });
  // No warm-up of the word index: fetching its chunks ahead competed with the page's own loading and made the
  // first result slower (measured with make bench-search, docs/contributing/search.md). The site's word list is
  // small (about 50 KB) and every first query waits for it, so it starts loading with the rest.
  loadVocabulary();
  return Promise.all([engine, rules, table]);
}

function escapeHtml(text) {
  return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* A word's other spelling by the ending pairs (authorise -> authorize), or null. Searched, never shown. */
function respell(word) {
  return W.respell(word, terms.spelling);
}

/* The query read: its core words, each with the spellings to search it by ("concepts"), and the core words of each
   known phrase rewritten into our words. Rewrites read the whole query, filler included ("do not honor"). */
function readQuery(query) {
  var text = W.normalize(query);
  var rewritten = [];
  var texts = [text];
  terms.rewrite.forEach(function (rule) {
    texts.slice().forEach(function (t) {
      var padded = " " + t + " ";
      if (padded.indexOf(" " + rule.from + " ") !== -1) {
        var out = padded.replace(" " + rule.from + " ", " " + rule.to + " ").trim();
        if (texts.indexOf(out) === -1) { texts.push(out); rewritten.push(out); }
      }
    });
  });
  var concepts = [];
  var seen = {};
  W.coreWords(text, terms.filler).forEach(function (word) {
    if (seen[word]) return;
    seen[word] = true;
    var other = respell(word);
    concepts.push(other && other !== word ? [word, other] : [word]);
  });
  var rewrites = rewritten.map(function (t) { return W.coreWords(t, terms.filler); });
  return { concepts: concepts, rewrites: rewrites };
}

/* The site's words (search/words.json: each word of four letters or more that the index holds, and how often it
   occurs), loaded with the first query, and the stems they make. Pagefind answers a word it does not hold with
   pages that share only its first letters ("invocie" finds "in"), so whether a word is the site's is read here. */
var vocabularyLoading = null;
var vocabularyStems = null;
function loadVocabulary() {
  if (!vocabularyLoading) {
    vocabularyLoading = load("search/words.json").then(
      function (loaded) {
        vocabulary = loaded;
        vocabularyStems = {};
        Object.keys(loaded).forEach(function (word) { vocabularyStems[W.stem(word)] = true; });
      },
      function () { vocabulary = null; } // without the list, every word counts as known
    );
  }
  return vocabularyLoading;
}

/* Whether the index holds a word (or, for a word being typed, a word it begins). Short words, numbers and the
   short parts of a word with a hyphen are not in the list, and count as known. */
function known(word) {
  if (!vocabulary) return true;
  return word.split(/['-]/).every(function (part) {
    if (part.length < 4 || /\d/.test(part) || vocabularyStems[W.stem(part)] || part in vocabulary) return true;
    for (var candidate in vocabulary) if (candidate.lastIndexOf(part, 0) === 0) return true;
    return false;
  });
}

/* How far apart two words are: insertions, deletions, substitutions and swaps of neighbours, up to ``most``. */
function distance(a, b, most) {
  if (Math.abs(a.length - b.length) > most) return most + 1;
  var rows = [];
  for (var i = 0; i <= a.length; i++) {
    rows[i] = [i];
    var low = i;
    for (var j = 1; j <= b.length; j++) {
      if (i === 0) { rows[0][j] = j; continue; }
      var cost = a[i - 1] === b[j - 1] ? 0 : 1;
      var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
      if (d < low) low = d;
    }
    if (i > 0 && low > most) return most + 1;
  }
  return rows[a.length][b.length];
}

/* The site's word nearest to a word it does not hold: one edit away (two for long words), the most frequent first. */
function correction(word) {
  if (word.length < CORRECT_FROM || /[\d'-]/.test(word) || !vocabulary) return null;
  var most = word.length >= 8 ? 2 : 1;
  var best = null;
  Object.keys(vocabulary).forEach(function (candidate) {
    var d = distance(word, candidate, most);
    if (d > most) return;
    if (!best || d < best.d || (d === best.d && vocabulary[candidate] > vocabulary[best.word])) best = { word: candidate, d: d };
  });
  return best && best.word;
}

/* How well a query names a page by one of its phrases (title, aliases, customer phrasings): 1 when every core word
   of the query and of the phrase match, less when the phrase covers most of the query, and at least a half when
   the query holds a phrase of two words or more whole. */
var phraseStems = {}; // phrase -> the stems of its core words, worked out once per worker, not once per query and page
function stemsOf(phrase) {
  var stems = phraseStems[phrase];
  if (!stems) stems = phraseStems[phrase] = W.coreWords(phrase, terms.filler).map(W.stem);
  return stems;
}

function phraseMatch(queryStems, phrases) {
  var best = 0;
  (phrases || []).forEach(function (phrase) {
    var stems = stemsOf(phrase);
    if (!stems.length) return;
    var shared = queryStems.filter(function (alternatives) {
      return alternatives.some(function (s) { return stems.indexOf(s) !== -1; });
    }).length;
    if (!shared) return;
    var score = (shared / queryStems.length) * (Math.min(shared, stems.length) / stems.length);
    // A phrase of two words or more that the customer's sentence holds whole ("domain expired" in "domain expired
    // over the weekend, website down, renew") names the case however long the sentence is.
    if (stems.length >= 2 && shared >= stems.length) score = Math.max(score, 0.5);
    if (score > best) best = score;
  });
  return best;
}

/* Each Pagefind search once per query: a word searched alone and as a whole query is asked for once. */
function searcher() {
  var asked = {};
  return function (text) {
    if (!asked[text]) asked[text] = pagefind.search(text).then(function (answer) { return (answer && answer.results) || []; }, function () { return []; });
    return asked[text];
  };
}

/* Every result for every text, as {text: results}. */
function searchAll(ask, texts) {
  return Promise.all(texts.map(ask)).then(function (answers) {
    var out = {};
    texts.forEach(function (t, i) { out[t] = answers[i]; });
    return out;
  });
}

function wholeQueries(concepts, rewrites) {
  var typed = concepts.map(function (alternatives) { return alternatives[0]; }).join(" ");
  var respelt = concepts.map(function (alternatives) { return alternatives[alternatives.length - 1]; }).join(" ");
  var out = [typed, respelt].concat(rewrites.map(function (words) { return words.join(" "); }));
  return out.filter(function (v, i) { return v && out.indexOf(v) === i; }).slice(0, 8);
}

function search(query) {
  var read = readQuery(query);
  if (!read.concepts.length) return Promise.resolve({ items: [], total: 0 });
  var ask = searcher();
  var words = [];
  read.concepts.forEach(function (alternatives) { words = words.concat(alternatives); });
  var wholeFirst = wholeQueries(read.concepts, read.rewrites);
  // Each word alone and the words together, while the site's words load: a word the site does not hold is then
  // corrected to the nearest one it holds, or left out, so one unknown word ("godaddy", a typo) can neither empty
  // the search of every word together nor pull in pages that only share its first letters.
  return Promise.all([searchAll(ask, words.concat(wholeFirst)), loadVocabulary()]).then(function (loaded) {
    var first = loaded[0];
    var concepts = [];
    read.concepts.forEach(function (alternatives) {
      if (alternatives.some(known)) return concepts.push(alternatives);
      var fixed = correction(alternatives[0]);
      if (fixed) concepts.push([fixed]);
    });
    if (!concepts.length) concepts = read.concepts; // no word the site holds: search them as typed all the same
    var whole = wholeQueries(concepts, read.rewrites);
    var more = [];
    concepts.forEach(function (alternatives) { more = more.concat(alternatives); });
    var again = more.concat(whole).filter(function (text) { return !(text in first); });
    if (!again.length) return rank(concepts, read.rewrites, whole, first);
    return searchAll(ask, again).then(function (found) {
      Object.keys(first).forEach(function (text) { found[text] = first[text]; });
      return rank(concepts, read.rewrites, whole, found);
    });
  });
}

function rank(concepts, rewrites, whole, found) {
  var best = {};
  function keep(result, score) {
    var page = pages[result.id];
    score *= (page && terms.weights[page[4]]) || 1;
    if (!best[result.id] || best[result.id].score < score) best[result.id] = { result: result, page: page, score: score, words: [] };
  }
  whole.forEach(function (text, index) {
    // The customer's words outrank their respellings and rewrites a little, so an exact phrase still wins.
    found[text].forEach(function (result) { keep(result, result.score * (index === 0 ? 1 : 0.9)); });
  });
  // Pagefind matches pages that have every word; a customer's sentence rarely does. So each word is searched alone
  // too (by any of its spellings): a page that has every word wins, one that has most comes next.
  var partial = {};
  var matched = {}; // page id -> the words it matched, in the query's order: what its link highlights
  concepts.forEach(function (alternatives) {
    var scores = {};
    var by = {}; // page id -> the first of the word's spellings that page matched: as typed if it did
    alternatives.forEach(function (word) {
      found[word].forEach(function (result) {
        if (!(result.id in scores) || scores[result.id].score < result.score) scores[result.id] = result;
        if (!(result.id in by)) by[result.id] = word;
      });
    });
    Object.keys(by).forEach(function (id) { (matched[id] || (matched[id] = [])).push(by[id]); });
    Object.keys(scores).forEach(function (id) {
      var entry = partial[id] || (partial[id] = { result: scores[id], sum: 0, hits: 0 });
      entry.sum += scores[id].score;
      entry.hits += 1;
    });
  });
  var n = concepts.length;
  if (n > 1) {
    Object.keys(partial).forEach(function (id) {
      var entry = partial[id];
      keep(entry.result, (entry.sum / n) * (entry.hits / n) * 0.8);
    });
  }
  // A page one of whose phrases is what the customer wrote goes first: that is what the phrases are for.
  var top = 0;
  Object.keys(best).forEach(function (id) { if (best[id].score > top) top = best[id].score; });
  var queryStems = [concepts.map(function (alternatives) { return alternatives.map(W.stem); })].concat(
    rewrites.filter(function (words) { return words.length; }).map(function (words) {
      return words.map(function (w) { return [W.stem(w)]; });
    })
  );
  Object.keys(best).forEach(function (id) {
    var entry = best[id];
    entry.words = matched[id] || [];
    if (!entry.page) return;
    var match = 0;
    queryStems.forEach(function (stems) { match = Math.max(match, phraseMatch(stems, entry.page[5])); });
    if (match >= 0.5) entry.score += top * match;
  });
  var ranked = Object.keys(best).map(function (id) { return best[id]; });
  ranked.sort(function (a, b) { return b.score - a.score; });
  return show(ranked);
}

/* Text with each whole word of the same stem as one of ``words`` marked, everything escaped. */
function mark(text, words) {
  var stems = words.map(W.stem);
  var out = "";
  var last = 0;
  var source = String(text == null ? "" : text);
  source.replace(/[\p{L}\p{N}_'\u2019-]+/gu, function (token, at) {
    out += escapeHtml(source.slice(last, at));
    var word = W.normalize(token);
    out += stems.indexOf(W.stem(word)) !== -1 && word ? "<mark>" + escapeHtml(token) + "</mark>" : escapeHtml(token);
    last = at + token.length;
    return token;
  });
  return out + escapeHtml(source.slice(last));
}

function show(ranked) {
  var top = ranked.slice(0, MAX_RESULTS);
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
      var words = top[i].words.filter(function (w, at, all) { return all.indexOf(w) === at; });
      var termMap = {};
      words.forEach(function (w) { termMap[w] = true; });
      return [{
        // Relative to the site root: Material resolves it against its base, wherever the site is hosted. The words
        // the page matched travel in ?h= to search-highlight.js (Material's own highlighter is switched off).
        location: row[0] + (words.length ? "?h=" + encodeURIComponent(words.join(" ")) : ""),
        title: mark(row[1] || row[0], words),
        text: mark(row[2], words),
        tags: row[3] ? [escapeHtml(row[3])] : undefined,
        score: top[i].score,
        terms: termMap
      }];
    });
    return { items: items, total: ranked.length };
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
