// Material for MkDocs 9.8.2's inline head script (partials/javascripts/base.html), moved to a file so the site's
// Content-Security-Policy needs no inline script (kbtools/csp.py). It runs where the inline one ran, before the
// palette and the theme's bundle, which read these four globals. The scope comes from the tag's data-scope.
/* eslint-disable no-undef, no-global-assign */
__md_scope = new URL(document.currentScript.getAttribute("data-scope"), location);
__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
__md_set = (e, _, t = localStorage, a = __md_scope) => {
  try {
    t.setItem(a.pathname + "." + e, JSON.stringify(_));
  } catch (e) {}
};
