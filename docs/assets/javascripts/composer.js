/* Reply composer: a runbook's reply set (div.kb-replies, rendered by the reply_composers() macro) gets a choice of channel
   (email, chat, social) and of reply, every label on show and the chosen one marked; each reply template
   (div.kb-reply) becomes a small form with one field per {placeholder} its channel uses, a live preview that wraps
   like the message, and a copy button per message that copies exactly that message. The chat and social versions
   come from the build (macros/channels.py holds the rules): this file only fills them in. Unfilled placeholders stay
   highlighted and copying warns about them first. Fields with the same name are shared by every reply on the page;
   fields marked "remember", and the channel, are kept in this browser.
   Without JavaScript every template reads one under another as wrapped plain text. Only text is ever set, never
   markup.
   A research query (div.kb-reply[data-kb-kind=query], rendered by the sigma_query() macro) is drawn by the same code
   with three differences: no channels, dates stay as typed (2026-11-30, what Trino reads), and a single quote in a
   value is doubled so it stays inside its SQL string (macros/sigma/queries.py fill() does the same; a parity test
   holds them equal). */
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

  /* A value inside a quoted SQL string: a single quote is doubled, as Trino reads it. */
  function sqlText(value) {
    return value.replace(/'/g, "''");
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

  /* The channels a reply renders for, as the build writes them (macros/channels.py CHANNELS and CHANNEL_NAMES). */
  var CHANNELS = [
    { key: "email", name: "Email" },
    { key: "chat", name: "Chat" },
    { key: "social", name: "Social (public)" }
  ];
  var channel = "email";

  function channelName(key) {
    for (var i = 0; i < CHANNELS.length; i++) if (CHANNELS[i].key === key) return CHANNELS[i].name;
    return key;
  }

  /* What the preview says about where the channel's text comes from. */
  function channelNote(key, variant, count, limit) {
    if (key === "chat") {
      var many = count + " message" + (count === 1 ? "" : "s");
      return variant && variant.written
        ? "Chat: written for chat, " + many + "; send them one at a time."
        : "Chat: the email without its greeting and signature, " + many + " of at most " + limit + " characters; send them one at a time.";
    }
    if (key === "social") {
      return variant && variant.written
        ? "Social (public): written for a public post: no account details; it moves the customer to a private message."
        : "Social (public): the team's public reply: no account details; it moves the customer to a private message.";
    }
    return "";
  }

  function build(box, index) {
    var template = box.querySelector(".kb-reply__template");
    var text = template.textContent;
    var fields = JSON.parse(box.getAttribute("data-kb-fields") || "[]");
    var variants = JSON.parse(box.getAttribute("data-kb-channels") || "{}");
    var set = box.closest(".kb-replies");
    var limit = +((set && set.getAttribute("data-kb-chat-limit")) || 0);
    var byName = {};
    fields.forEach(function (f) {
      byName[f.name] = f;
    });
    var label = box.getAttribute("data-kb-label") || "reply";
    var query = box.getAttribute("data-kb-kind") === "query";

    /* How a typed value reads in this template: written out for a customer, or as SQL for a query. */
    function written(name, value) {
      return query ? sqlText(value) : shown(byName[name], value);
    }

    /* The channel's messages, each split into text and placeholders; a channel the build did not render reads as the email. */
    function messagesFor(key) {
      var texts = !query && key !== "email" && variants[key] ? variants[key].messages : [text];
      return texts.map(parse);
    }

    var messages = messagesFor(query ? "email" : channel);
    var shownIn = query ? "email" : channel;

    // For a screen reader: a heading per reply (the chosen label shows it on screen) and the fields as one group.
    var heading = el("h3", "kb-sr-only", query ? label : "Reply: " + label);
    var form = el("fieldset", "kb-reply__fields");
    form.appendChild(el("legend", "kb-sr-only", "Fill in the " + label + " reply"));
    var inputs = {};
    var errors = {};
    var wraps = {};
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
      wraps[field.name] = wrap;
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
    var none = el("p", "kb-reply__none", "This version needs no fields: it names nothing of the customer's.");

    var previewLabel = el("p", "kb-reply__preview-label", "");
    previewLabel.id = "kb-preview-" + index + "-label";
    var note = el("p", "kb-reply__channel-note", "");
    var preview = el("div", "kb-reply__preview");
    preview.id = "kb-preview-" + index;
    preview.setAttribute("role", "group");
    preview.setAttribute("aria-labelledby", previewLabel.id);
    var bar = el("div", "kb-reply__bar");
    var status = el("span", "kb-reply__status");
    status.setAttribute("role", "status");
    bar.appendChild(status);
    var buttons = [];
    var timer = null;

    /* The placeholders of the channel's messages (all of them, or message ``only``), in order, once each. */
    function names(test, only) {
      var found = [];
      messages.forEach(function (parts, m) {
        if (only != null && m !== only) return;
        parts.forEach(function (p) {
          if (p.name && test(p.name) && found.indexOf(p.name) === -1) found.push(p.name);
        });
      });
      return found;
    }

    /* Placeholders with no value yet, and those whose value cannot be sent (a date out of range). */
    function missing(only) {
      return names(function (n) {
        return !(values[n] || "").trim() && !problem(byName[n], inputs[n]);
      }, only);
    }

    function invalid(only) {
      return names(function (n) {
        return !!problem(byName[n], inputs[n]);
      }, only);
    }

    function usable(name) {
      var v = (values[name] || "").trim();
      return v && !problem(byName[name], inputs[name]) ? v : "";
    }

    function filled(m) {
      return messages[m]
        .map(function (p) {
          if (!p.name) return p.text;
          var v = usable(p.name);
          return v ? written(p.name, v) : "{" + p.name + "}";
        })
        .join("");
    }

    /* Chat messages longer than the limit once filled in. */
    function tooLong() {
      if (shownIn !== "chat" || !limit) return [];
      var over = [];
      messages.forEach(function (parts, m) {
        if (filled(m).length > limit) over.push(m);
      });
      return over;
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
        var armed = buttons.some(function (b) { return b.armed; });
        if (why) inputs[field.name].setAttribute("aria-invalid", "true");
        else if (inputs[field.name].hasAttribute("aria-invalid") && !armed) inputs[field.name].removeAttribute("aria-invalid");
      });
      var left = missing().length, bad = invalid().length, over = tooLong().length;
      var words = [];
      if (bad) words.push(bad + " to fix");
      if (left) words.push(left + " to fill");
      if (over) words.push(over + " message" + (over === 1 ? "" : "s") + " over " + limit + " characters");
      setStatus(words.length ? words.join(", ") : "Ready to send", words.length ? "todo" : "ready");
    }

    /* One copy button per message: "Copy reply" for a single message, "Copy message 2" in a chat. */
    function drawButtons() {
      while (buttons.length > messages.length) bar.removeChild(buttons.pop().node);
      messages.forEach(function (parts, m) {
        var b = buttons[m];
        if (!b) {
          b = { node: el("button", "md-button md-button--primary kb-reply__copy"), armed: false, index: m };
          b.node.type = "button";
          b.node.addEventListener("click", function () {
            copy(b);
          });
          bar.insertBefore(b.node, status);
          buttons.push(b);
        }
        b.armed = false;
        setText(b.node, copyLabel(m));
      });
    }

    function copyLabel(m) {
      if (query) return "Copy query";
      return messages.length === 1 ? "Copy reply" : "Copy message " + (m + 1);
    }

    /* The preview follows every keystroke; the status line and messages wait for typing to pause. */
    function render(now) {
      var nodes = preview.querySelectorAll(":scope > .kb-reply__message");
      messages.forEach(function (parts, m) {
        var message = nodes[m];
        if (!message) {
          message = el("div", "kb-reply__message");
          message.appendChild(el("p", "kb-reply__message-head"));
          message.appendChild(el("div", "kb-reply__message-text"));
          preview.appendChild(message);
        }
        var body = message.lastChild;
        body.textContent = "";
        parts.forEach(function (p) {
          if (!p.name) {
            body.appendChild(document.createTextNode(p.text));
            return;
          }
          var v = usable(p.name);
          if (v) {
            body.appendChild(document.createTextNode(written(p.name, v)));
          } else {
            var mark = el("mark", "kb-reply__missing", "{" + p.name + "}");
            mark.title = (byName[p.name] && byName[p.name].label) || p.name;
            body.appendChild(mark);
          }
        });
        var head = message.firstChild;
        if (messages.length > 1) {
          var size = filled(m).length;
          setText(head, "Message " + (m + 1) + " of " + messages.length + " · " + size + " characters" + (limit && size > limit ? ", over " + limit + ": shorten a field" : ""));
          head.hidden = false;
        } else {
          setText(head, "");
          if (!head.hidden) head.hidden = true;
        }
      });
      for (var extra = nodes.length - 1; extra >= messages.length; extra--) preview.removeChild(nodes[extra]);
      var left = missing().length + invalid().length;
      box.setAttribute("data-kb-missing", String(left));
      buttons.forEach(function (b) {
        b.armed = false;
        setText(b.node, copyLabel(b.index));
      });
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

    /* Show the channel's version: its fields, its preview and one copy button per message. */
    function show(key) {
      shownIn = key;
      messages = messagesFor(key);
      var used = names(function () { return true; });
      var any = false;
      fields.forEach(function (field) {
        var hide = used.indexOf(field.name) === -1;
        if (wraps[field.name].hidden !== hide) wraps[field.name].hidden = hide;
        any = any || !hide;
      });
      if (form.hidden !== !any) form.hidden = !any;
      if (none.hidden !== any) none.hidden = any;
      setText(
        previewLabel,
        query
          ? "Your query — exactly what Copy puts on your clipboard"
          : "Preview, " + channelName(key) + " — " + (messages.length === 1 ? "this is exactly what Copy puts on your clipboard" : "each Copy button copies exactly its message")
      );
      setText(note, query ? "" : channelNote(key, variants[key], messages.length, limit));
      if (note.hidden !== !note.textContent) note.hidden = !note.textContent;
      drawButtons();
    }

    function copy(b) {
      settle();
      var m = b.index;
      var left = missing(m);
      var bad = invalid(m);
      if ((left.length || bad.length) && !b.armed) {
        b.armed = true;
        setText(b.node, "Copy anyway");
        var braces = function (list) {
          return list.map(function (n) { return "{" + n + "}"; }).join(", ");
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
      var out = filled(m);
      var count = left.length + bad.length;
      var which = messages.length === 1 ? "Copied" : "Copied message " + (m + 1) + " of " + messages.length;
      copyText(out).then(
        function () {
          box.setAttribute("data-kb-copied", out);
          b.armed = false;
          setText(b.node, copyLabel(m));
          setStatus(count ? which + ", with " + count + " placeholder(s) still in it" : which, "ready");
        },
        function () {
          setStatus("The browser refused to copy: select the preview and copy it by hand.", "warn");
        }
      );
    }

    template.hidden = true;
    var composer = {
      inputs: inputs,
      render: render,
      channel: function (key) {
        if (query || key === shownIn) return;
        show(key);
        render(true);
      }
    };
    composers.push(composer);
    // Drawn, with its first status, before it joins the page: a reply that appears is not news to announce.
    show(shownIn);
    render(true);
    box.appendChild(heading);
    box.appendChild(form);
    box.appendChild(none);
    box.appendChild(previewLabel);
    box.appendChild(note);
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

  /* Every reply on the page in one channel; the choice is kept in this browser for the next page. */
  function setChannel(key) {
    channel = key;
    remember("channel", key);
    document.querySelectorAll(".kb-pick__input[data-kb-pick=channel]").forEach(function (input) {
      if (input.value === key && !input.checked) input.checked = true;
    });
    composers.forEach(function (c) {
      c.channel(key);
    });
  }

  /* A radio group drawn as a row of labels that wraps: every label on show, the chosen one filled and ticked. */
  function group(legend, name, kind, options, checked, onChange) {
    var box = el("fieldset", "kb-pick__group kb-pick__group--" + kind);
    box.appendChild(el("legend", "kb-pick__legend", legend));
    var list = el("div", "kb-pick__options");
    options.forEach(function (option, i) {
      var input = el("input", "kb-pick__input");
      input.type = "radio";
      input.name = name;
      input.id = name + "-" + (i + 1);
      input.value = option.value;
      input.checked = option.value === checked;
      input.setAttribute("data-kb-pick", kind);
      var chip = el("label", "kb-pick__chip", option.label);
      chip.htmlFor = input.id;
      input.addEventListener("change", function () {
        if (input.checked) onChange(option.value);
      });
      list.appendChild(input);
      list.appendChild(chip);
    });
    box.appendChild(list);
    return box;
  }

  /* Show one reply of its set, build it if it is not yet, and mark it chosen. */
  function choose(box) {
    var set = box.closest(".kb-replies");
    if (!set) return;
    Array.prototype.forEach.call(set.querySelectorAll(":scope > .kb-reply"), function (other) {
      var hide = other !== box;
      if (other.hidden !== hide) other.hidden = hide;
    });
    var radio = set.querySelector(".kb-pick__input[data-kb-pick=reply][value='" + box.id + "']");
    if (radio && !radio.checked) radio.checked = true;
    buildOpen();
  }

  /* The reply set's choices, above its replies: the channel, then the reply (the first one chosen). */
  function chooser(set, number) {
    if (set.classList.contains("kb-replies--ready")) return;
    var boxes = Array.prototype.slice.call(set.querySelectorAll(":scope > .kb-reply"));
    if (!boxes.length) return;
    var picks = el("div", "kb-pick");
    picks.appendChild(
      group("Channel", "kb-channel-" + number, "channel", CHANNELS.map(function (c) { return { value: c.key, label: c.name }; }), channel, setChannel)
    );
    picks.appendChild(
      group(
        "Reply",
        "kb-pick-" + number,
        "reply",
        boxes.map(function (box) { return { value: box.id, label: box.getAttribute("data-kb-label") || box.id }; }),
        boxes[0].id,
        function (id) {
          choose(document.getElementById(id));
        }
      )
    );
    set.insertBefore(picks, set.firstChild);
    set.classList.add("kb-replies--ready");
    choose(boxes[0]);
  }

  /* A link to #reply-… (or anything inside a reply) chooses that reply. */
  function revealHash(hash) {
    var id = decodeURIComponent((typeof hash === "string" ? hash : window.location.hash).slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var box = target.closest(".kb-reply");
    if (!box) return;
    choose(box);
    window.requestAnimationFrame(function () {
      target.scrollIntoView({ block: "start" });
    });
  }

  /* Only the reply on show is built at load; the others when chosen (or the browser is idle), which keeps a runbook's
     first paint fast. */
  function visible(box) {
    return !box.hidden;
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
    // A new page is a new customer: start with empty fields (remembered ones, like your name, come back), in the
    // channel this browser used last.
    composers = [];
    values = {};
    var kept = remembered("channel");
    channel = CHANNELS.some(function (c) { return c.key === kept; }) ? kept : "email";
    document.querySelectorAll(".kb-replies").forEach(chooser);
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
  // Material handles in-page links itself (no hashchange event), so open the reply on the click, before it scrolls.
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
