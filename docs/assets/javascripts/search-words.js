/* How the site search reads a customer's words: one home for the rules that both the search worker
   (search-worker.js, through importScripts) and the page highlighter (search-highlight.js) apply.

   - normalize: lower case, curly apostrophes straightened, punctuation and underscores made spaces;
   - coreWords: the words that name the customer's subject, with the filler of data/search_terms.yml (`filler:`,
     emitted as search/terms.json) dropped: phrases first ("how much", "last week"), then single words ("please",
     "today"), compared without apostrophes ("don't" is "dont"). A query made only of filler keeps its words;
     withoutFiller does not (the highlighter marks none of them). macros/searchwords.py `core_words` and
     `without_filler` are the same rules in Python; tests/test_search_parity.py holds the two to the same answers;
   - stem: a word reduced to a rough stem, so "charge", "charged" and "charges" compare equal;
   - respell: a word's other spelling (authorise, authorize), which the worker searches and the highlighter marks
     where the page writes the word that way.
   Defines self.KBSearchWords (self is the window on a page and the global scope in a worker). */
(function (scope) {
  "use strict";

  /* Lower case, one kind of apostrophe, and every character that is not part of a word made a space
     (letters, digits, underscores, and apostrophes and hyphens inside a word stay: do_not_honor, w-9). */
  function normalize(text) {
    return String(text == null ? "" : text)
      .toLowerCase()
      .replace(/[\u2018\u2019\u02bc`]/g, "'")
      .replace(/[^\p{L}\p{N}_'\-]+/gu, " ")
      .replace(/(^|\s)['\-]+|['\-]+(?=\s|$)/g, "$1")
      .replace(/\s+/g, " ")
      .trim();
  }

  /* A word as the filler list writes it: without apostrophes ("don't" and "dont" are one word). */
  function bare(word) {
    return word.replace(/'/g, "");
  }

  /* The filler list as sets, worked out once per list. */
  var prepared = null;
  var preparedFrom = null;
  function prepare(filler) {
    if (preparedFrom === filler && prepared) return prepared;
    var words = {};
    ((filler && filler.words) || []).forEach(function (w) { words[w] = true; });
    var phrases = ((filler && filler.phrases) || []).map(function (p) { return p.split(" "); });
    // Longest phrases first, so "this month" is not left as "month" by a shorter phrase that ends in it.
    phrases.sort(function (a, b) { return b.length - a.length; });
    prepared = { words: words, phrases: phrases };
    preparedFrom = filler;
    return prepared;
  }

  /* The words of a text that are not filler, in order (none, for text made only of filler). */
  function withoutFiller(text, filler) {
    var words = normalize(text).split(" ").filter(Boolean);
    var lists = prepare(filler);
    var keep = words.map(function () { return true; });
    var plain = words.map(bare);
    lists.phrases.forEach(function (phrase) {
      for (var i = 0; i + phrase.length <= plain.length; i++) {
        var all = true;
        for (var j = 0; j < phrase.length; j++) {
          if (!keep[i + j] || plain[i + j] !== phrase[j]) { all = false; break; }
        }
        if (all) for (var k = 0; k < phrase.length; k++) keep[i + k] = false;
      }
    });
    return words.filter(function (w, i) { return keep[i] && !lists.words[plain[i]]; });
  }

  /* The words of a text that name its subject, in order; text made only of filler keeps all its words (a search
     must search something). */
  function coreWords(text, filler) {
    var core = withoutFiller(text, filler);
    return core.length ? core : normalize(text).split(" ").filter(Boolean);
  }

  /* A rough English stem: plural and verb endings off, then a final e, so word forms compare equal. */
  function stem(word) {
    var w = bare(word);
    if (w.length <= 3) return w;
    if (/ies$/.test(w) && w.length > 4) w = w.slice(0, -3) + "y";
    else if (/(sses|xes|zes|ches|shes)$/.test(w)) w = w.slice(0, -2);
    else if (/s$/.test(w) && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
    if (/ing$/.test(w) && w.length - 3 >= 3) w = w.slice(0, -3);
    else if (/ed$/.test(w) && w.length - 2 >= 3) w = w.slice(0, -2);
    if (/e$/.test(w) && w.length > 3) w = w.slice(0, -1);
    return w;
  }

  /* A word's other spelling by the ending pairs of data/search_terms.yml (`spelling:`, both ways, longest ending
     first: authorise -> authorize), or null. */
  function respell(word, spelling) {
    for (var i = 0; i < (spelling || []).length; i++) {
      var rule = spelling[i];
      var stem = word.length - rule.from.length;
      if (stem >= 3 && word.slice(stem) === rule.from) return word.slice(0, stem) + rule.to;
    }
    return null;
  }

  scope.KBSearchWords = { normalize: normalize, bare: bare, withoutFiller: withoutFiller, coreWords: coreWords, stem: stem, respell: respell };
})(self);
