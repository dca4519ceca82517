/* Reply composer: every reply template (div.kb-reply, rendered by the reply_composers() macro) becomes a small form with
   one field per {placeholder}, a live preview that wraps like an email, and a copy button that copies exactly
   the preview. Unfilled placeholders stay highlighted and copying warns about them first. Fields with the same
   name are shared by every reply on the page; fields marked "remember" are kept in this browser.
   Without JavaScript the template stays readable as wrapped plain text. Only text is ever set, never markup. */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  var STORE = "kb-composer:";
  var TOKEN = /\{([a-z][a-z0-9_]*)\}/g;
  var values = {}; // name -> value typed on this page
  var composers = [];

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function remembered(name) {
    try {
      return window.localStorage.getItem(STORE + name) || "";
    } catch (e) {
      return "";
    }
  }

  function remember(name, value) {
    try {
      window.localStorage.setItem(STORE + name, value);
    } catch (e) {
      /* private browsing: nothing to keep */
    }
  }

  /* 2026-11-27 -> 27 November 2026: unambiguous for customers everywhere. */
  function longDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return m ? +m[3] + " " + MONTHS[+m[2] - 1] + " " + m[1] : value;
  }

  function shown(field, value) {
    return field && field.type === "date" ? longDate(value) : value;
  }

  /* A date a reply may quote: a real day from ten years before today to ten years after (a year typed as 61201 or
     0002 is a slip, not a date to send a customer). The range is the date fields' min and max. */
  var YEARS_AROUND = 10;

  function isoDay(date) {
    var m = date.getMonth() + 1, d = date.getDate();
    return date.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d;
  }

  function dateRange() {
    var year = new Date().getFullYear();
    return { min: year - YEARS_AROUND + "-01-01", max: year + YEARS_AROUND + "-12-31" };
  }

  /* Why a field's value cannot go into a reply, in words for next to the field; "" when it can. */
  function problem(field, control) {
    if (!field || field.type !== "date" || !control) return "";
    if (control.validity && control.validity.badInput) return "Finish the date: day, month and year.";
    var value = (control.value || "").trim();
    if (!value) return "";
    var range = dateRange();
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    var real = m && isoDay(new Date(+m[1], +m[2] - 1, +m[3])) === value;
    if (!real || value < range.min || value > range.max) {
      return "Enter a date from " + longDate(range.min) + " to " + longDate(range.max) + " (this one reads " + value + ").";
    }
    return "";
  }

  /* The template split into text and placeholders: [{text}, {name}, ...]. */
  function parse(template) {
    var parts = [], last = 0, match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(template))) {
      if (match.index > last) parts.push({ text: template.slice(last, match.index) });
      parts.push({ name: match[1] });
      last = TOKEN.lastIndex;
    }
    if (last < template.length) parts.push({ text: template.slice(last) });
    return parts;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = el("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) resolve();
      else reject(new Error("copy refused"));
    });
  }

  function fieldControl(field, id) {
    var control;
    if (field.type === "choice" && !field.open) {
      control = el("select");
      control.appendChild(el("option", null, "Choose…")).value = "";
      field.choices.forEach(function (choice) {
        control.appendChild(el("option", null, choice)).value = choice;
      });
    } else {
      control = el("input");
      control.type = field.type === "date" ? "date" : "text";
      if (field.type === "date") {
        var range = dateRange();
        control.min = range.min;
        control.max = range.max;
      }
      if (field.type === "choice") {
        var list = el("datalist");
        list.id = id + "-list";
        field.choices.forEach(function (choice) {
          list.appendChild(el("option")).value = choice;
        });
        control.setAttribute("list", list.id);
        control._kbList = list;
      }
      control.autocomplete = "off";
      control.spellcheck = field.type === "text";
    }
    control.id = id;
    control.name = field.name;
    control.className = "kb-reply__input";
    return control;
  }

  /* Write only what differs, so an unchanged status is not announced again. */
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  /* How long typing must pause before the status line (a live region) and a field's message change. */
  var SETTLE_MS = 800;

  function build(box, index) {
    var template = box.querySelector(".kb-reply__template");
    var text = template.textContent;
    var fields = JSON.parse(box.getAttribute("data-kb-fields") || "[]");
    var byName = {};
    fields.forEach(function (f) {
      byName[f.name] = f;
    });
    var parts = parse(text);
    var label = box.getAttribute("data-kb-label") || "reply";

    // For a screen reader: a heading per reply (the tab label shows it on screen) and the fields as one group.
    var heading = el("h3", "kb-sr-only", "Reply: " + label);
    var form = el("fieldset", "kb-reply__fields");
    form.appendChild(el("legend", "kb-sr-only", "Fill in the " + label + " reply"));
    var inputs = {};
    var errors = {};
    fields.forEach(function (field) {
      var id = "kb-f-" + index + "-" + field.name;
      var wrap = el("div", "kb-reply__field");
      var lab = el("label", "kb-reply__label", field.label);
      lab.htmlFor = id;
      var control = fieldControl(field, id);
      var help = el("span", "kb-reply__help", field.help);
      help.id = id + "-help";
      var error = el("span", "kb-reply__error");
      error.id = id + "-error";
      control.setAttribute("aria-describedby", help.id + " " + error.id);
      wrap.appendChild(lab);
      wrap.appendChild(control);
      if (control._kbList) wrap.appendChild(control._kbList);
      wrap.appendChild(help);
      wrap.appendChild(error);
      form.appendChild(wrap);
      inputs[field.name] = control;
      errors[field.name] = error;
      var start = values[field.name] || (field.remember ? remembered(field.name) : "");
      if (start) {
        control.value = start;
        values[field.name] = start;
      }
      control.addEventListener("input", function () {
        share(field, control.value, control);
      });
      control.addEventListener("change", function () {
        share(field, control.value, control);
      });
    });

    var previewLabel = el("p", "kb-reply__preview-label", "Preview — this is exactly what Copy puts on your clipboard");
    previewLabel.id = "kb-preview-" + index + "-label";
    var preview = el("div", "kb-reply__preview");
    preview.id = "kb-preview-" + index;
    preview.setAttribute("role", "group");
    preview.setAttribute("aria-labelledby", previewLabel.id);
    var bar = el("div", "kb-reply__bar");
    var button = el("button", "md-button md-button--primary kb-reply__copy", "Copy reply");
    button.type = "button";
    var status = el("span", "kb-reply__status");
    status.setAttribute("role", "status");
    bar.appendChild(button);
    bar.appendChild(status);

    var armed = false; // a second press copies despite unfilled placeholders
    var timer = null;

    /* Placeholders with no value yet, and those whose value cannot be sent (a date out of range), in order. */
    function missing() {
      var names = [];
      parts.forEach(function (p) {
        if (p.name && !(values[p.name] || "").trim() && !problem(byName[p.name], inputs[p.name]) && names.indexOf(p.name) === -1) names.push(p.name);
      });
      return names;
    }

    function invalid() {
      var names = [];
      parts.forEach(function (p) {
        if (p.name && problem(byName[p.name], inputs[p.name]) && names.indexOf(p.name) === -1) names.push(p.name);
      });
      return names;
    }

    function usable(name) {
      var v = (values[name] || "").trim();
      return v && !problem(byName[name], inputs[name]) ? v : "";
    }

    function filled() {
      return parts
        .map(function (p) {
          if (!p.name) return p.text;
          var v = usable(p.name);
          return v ? shown(byName[p.name], v) : "{" + p.name + "}";
        })
        .join("");
    }

    function setStatus(words, tone) {
      setText(status, words);
      var cls = "kb-reply__status kb-reply__status--" + tone;
      if (status.className !== cls) status.className = cls;
    }

    /* Typing has paused (or the reply was just drawn): each field's message, and the status line. */
    function settle() {
      window.clearTimeout(timer);
      timer = null;
      fields.forEach(function (field) {
        var why = problem(field, inputs[field.name]);
        setText(errors[field.name], why);
        if (why) inputs[field.name].setAttribute("aria-invalid", "true");
        else if (inputs[field.name].hasAttribute("aria-invalid") && !armed) inputs[field.name].removeAttribute("aria-invalid");
      });
      var left = missing().length, bad = invalid().length;
      var words = [];
      if (bad) words.push(bad + " to fix");
      if (left) words.push(left + " to fill");
      setStatus(words.length ? words.join(", ") : "Ready to send", words.length ? "todo" : "ready");
    }

    /* The preview follows every keystroke; the status line and messages wait for typing to pause. */
    function render(now) {
      preview.textContent = "";
      parts.forEach(function (p) {
        if (!p.name) {
          preview.appendChild(document.createTextNode(p.text));
          return;
        }
        var v = usable(p.name);
        if (v) {
          preview.appendChild(document.createTextNode(shown(byName[p.name], v)));
        } else {
          var mark = el("mark", "kb-reply__missing", "{" + p.name + "}");
          mark.title = (byName[p.name] && byName[p.name].label) || p.name;
          preview.appendChild(mark);
        }
      });
      var left = missing().length + invalid().length;
      box.setAttribute("data-kb-missing", String(left));
      armed = false;
      setText(button, "Copy reply");
      // A message that has become wrong goes at once; a new one waits until typing pauses.
      fields.forEach(function (field) {
        if (errors[field.name].textContent && !problem(field, inputs[field.name])) {
          setText(errors[field.name], "");
          inputs[field.name].removeAttribute("aria-invalid");
        }
      });
      window.clearTimeout(timer);
      if (now) settle();
      else timer = window.setTimeout(settle, SETTLE_MS);
    }

    button.addEventListener("click", function () {
      settle();
      var left = missing();
      var bad = invalid();
      if ((left.length || bad.length) && !armed) {
        armed = true;
        setText(button, "Copy anyway");
        var braces = function (names) {
          return names.map(function (n) { return "{" + n + "}"; }).join(", ");
        };
        var words = [];
        if (bad.length) words.push("To fix: " + braces(bad) + ".");
        if (left.length) words.push("Still to fill: " + braces(left) + ".");
        words.push(bad.length ? "Fix or fill them, or press Copy anyway." : "Fill them, or press Copy anyway.");
        setStatus(words.join(" "), "warn");
        var first = inputs[bad.length ? bad[0] : left[0]];
        if (first) first.setAttribute("aria-invalid", "true");
        return;
      }
      var text = filled();
      var count = left.length + bad.length;
      copyText(text).then(
        function () {
          box.setAttribute("data-kb-copied", text);
          armed = false;
          setText(button, "Copy reply");
          setStatus(count ? "Copied, with " + count + " placeholder(s) still in it" : "Copied", "ready");
        },
        function () {
          setStatus("The browser refused to copy: select the preview and copy it by hand.", "warn");
        }
      );
    });

    template.hidden = true;
    var composer = { inputs: inputs, render: render };
    composers.push(composer);
    // Drawn, with its first status, before it joins the page: a reply that appears is not news to announce.
    render(true);
    box.appendChild(heading);
    box.appendChild(form);
    box.appendChild(previewLabel);
    box.appendChild(preview);
    box.appendChild(bar);
    box.classList.add("kb-reply--ready");
    return composer;
  }

  /* A value typed in one reply fills the same field in every reply on the page. */
  function share(field, value, source) {
    values[field.name] = value;
    if (field.remember) remember(field.name, value);
    composers.forEach(function (c) {
      var input = c.inputs[field.name];
      if (input && input !== source && input.value !== value) input.value = value;
      // The copy warning's mark on an empty field goes once the field is typed in.
      if (input && input.getAttribute("aria-invalid") === "true" && !problem(field.type ? field : { type: input.type }, input)) input.removeAttribute("aria-invalid");
      c.render();
    });
  }

  /* A link to #reply-… (or anything inside a tab) opens the tab that holds it. */
  function revealHash(hash) {
    var id = decodeURIComponent((typeof hash === "string" ? hash : window.location.hash).slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var block = target.closest(".tabbed-block");
    if (!block) return;
    var set = block.closest(".tabbed-set");
    var blocks = Array.prototype.filter.call(block.parentNode.children, function (n) {
      return n.classList.contains("tabbed-block");
    });
    var radios = set.querySelectorAll(":scope > input[type=radio]");
    var radio = radios[blocks.indexOf(block)];
    if (radio && !radio.checked) {
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
    }
    buildOpen();
    window.requestAnimationFrame(function () {
      target.scrollIntoView({ block: "start" });
    });
  }

  /* Only the reply in the open tab is built at load; the others when their tab opens (or the browser is idle),
     which keeps a runbook's first paint fast. */
  function visible(box) {
    var block = box.closest(".tabbed-block");
    return !block || getComputedStyle(block).display !== "none";
  }

  function buildOpen() {
    document.querySelectorAll(".kb-reply").forEach(function (box, index) {
      if (!box.classList.contains("kb-reply--ready") && visible(box)) build(box, index);
    });
  }

  function buildAll() {
    document.querySelectorAll(".kb-reply").forEach(function (box, index) {
      if (!box.classList.contains("kb-reply--ready")) build(box, index);
    });
  }

  function enhance() {
    // A new page is a new customer: start with empty fields (remembered ones, like your name, come back).
    composers = [];
    values = {};
    buildOpen();
    document.querySelectorAll(".kb-replies").forEach(function (set) {
      set.addEventListener("change", buildOpen);
    });
    revealHash();
    (window.requestIdleCallback || function (fn) { return window.setTimeout(fn, 300); })(buildAll);
  }

  window.KBComposer = {
    /* Fill a field in every reply on the page (used by the calculators' "use in reply" buttons). */
    set: function (name, value) {
      share({ name: name }, value, null);
    }
  };

  window.addEventListener("hashchange", revealHash);
  // Material handles in-page links itself (no hashchange event), so open the tab on the click, before it scrolls.
  document.addEventListener(
    "click",
    function (event) {
      // Material turns in-page links into absolute ones, so compare the path, not the href's first character.
      var link = event.target.closest && event.target.closest("a[href*='#']");
      if (link && link.hash && link.pathname === window.location.pathname) revealHash(link.hash);
    },
    true
  );
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(enhance);
  else document.addEventListener("DOMContentLoaded", enhance);
})();
