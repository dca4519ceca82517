/* Calculators for the customer's own numbers: the form around each div.kb-calc (rendered by the calculator()
   macro, with its data from data/ in data-kb-config) and the words around KBCalc's results (calc-core.js).
   Date fields start at today's date in this browser; every field can be preset from the page (data-kb-defaults)
   or the address (?paid_on=2026-11-20). Bad input gets a plain message next to its field, never NaN or a blank.
   Only text is ever set, never markup. */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

  var MESSAGES = {
    missing_date: "Enter a date.",
    bad_date: "Enter a real date, like 2026-11-30.",
    bad_amount: "Enter an amount like 240.00 (digits, and at most two decimals).",
    unknown_plan: "This plan is not one of ours: choose a plan from the list.",
    unknown_cycle: "Choose monthly or annual.",
    unknown_reason: "Choose why the customer asks.",
    before_payment: "The request date is before the payment date: check both dates.",
    after_period: "The period this payment covered has already ended: nothing unused is left to refund.",
    same_plan: "Choose two different plans.",
    out_of_range: "Out of range: pick a value from the list.",
    after_change: "The last billing date is after the change: check both dates.",
    unknown_tld: "This TLD is not one we have rules for: choose one from the list.",
    before_failure: "Today's date is before the failed payment: check both dates.",
    after_request: "The last change is after the transfer request: check both dates."
  };

  /* What the billing-period convention (data/billing.yml, emitted in the config) means, under the calculator. */
  var CONVENTION_NOTES = {
    calendar: "Periods: calendar months or years, prorated by whole days. Cloudflare's pages disagree on the period: the invoice is the record.",
    thirty_day: "Periods: 30 days (365 for an annual plan) from the last billing date, prorated by whole days. Cloudflare's pages disagree on the period: the invoice is the record.",
    hourly: "Periods: calendar months or years, prorated by whole hours (UTC). Cloudflare's pages disagree on the period: the invoice is the record."
  };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function today() {
    var d = new Date();
    var m = d.getMonth() + 1, day = d.getDate();
    return d.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (day < 10 ? "0" : "") + day;
  }

  function longDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    return m ? +m[3] + " " + MONTHS[+m[2] - 1] + " " + m[1] : value;
  }

  function cash(cfg, value) {
    var parts = String(value).split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (cfg.currency || "USD") === "USD" ? "$" + whole + "." + parts[1] : whole + "." + parts[1] + " " + cfg.currency;
  }

  function dayBefore(value) {
    var day = window.KBCalc.parseDay(value);
    return day === null ? value : window.KBCalc.iso(day - 1);
  }

  function planOptions(cfg) {
    return cfg.plans.map(function (p) {
      return [p.key, p.name];
    });
  }

  var CYCLE_OPTIONS = [["monthly", "Monthly"], ["annual", "Annual"]];
  var MONTH_OPTIONS = MONTHS.map(function (name, i) {
    return [String(i + 1), name];
  });

  /* Each calculator: its fields, then the words for a result. */
  var FORMS = {
    refund: {
      fields: function (cfg) {
        return [
          { name: "reason", label: "Why the customer asks", type: "select", wide: true, options: [
            ["goodwill", "Goodwill: changed their mind, forgot to cancel, bought by mistake"],
            ["error", "Our billing error: charged after cancelling in time"]
          ] },
          { name: "plan", label: "Plan", type: "select", options: planOptions(cfg) },
          { name: "cycle", label: "Billing cycle", type: "select", options: CYCLE_OPTIONS, value: "annual" },
          { name: "paid", label: "Amount paid for this line", type: "text", help: "From the invoice. Empty: the plan's list price." },
          { name: "paid_on", label: "Charge date", type: "date" },
          { name: "refund_on", label: "Request date", type: "date", today: true }
        ];
      },
      result: function (cfg, r, put, values) {
        var limitOne = cfg.limits.length ? cfg.limits[0] : null;
        if (r.outcome === "none") {
          put("No goodwill refund", "Asked " + r.days_since_charge + " days after the charge; the goodwill window is " + cfg.window_days + " days (team policy).", "no");
          put("Send", "The Not refundable reply, and help the customer cancel.");
          return;
        }
        var what = r.outcome === "full" ? "Full refund (our billing error)" : "Partial refund of the unused time";
        put(what, cash(cfg, r.amount), "yes", r.amount);
        if (r.outcome === "partial") {
          put("How", r.unused_days + " of " + r.days + " days unused × " + cash(cfg, r.paid) + " ÷ " + r.days + "; the request day counts as used; the period ends " + longDate(dayBefore(r.period_end)) + ".");
          put("Window", "Asked " + r.days_since_charge + " days after the charge: inside the " + cfg.window_days + "-day goodwill window (team policy). A favour, not a right.");
        }
        if (r.above_all_limits) {
          put("Who approves", "Above every approval limit (team policy): " + (cfg.above_all_limits || "escalate to Billing Operations with the figures."), "no");
        } else {
          var first = limitOne && r.approver === limitOne.title;
          put("Who approves", r.approver + " (team policy)" + (first ? "." : ". Above the " + limitOne.title + " limit of " + cash(cfg, limitOne.refund) + ": hand the case on."), first ? "yes" : "warn");
        }
      },
      use: [{ name: "amount", value: function (cfg, r) { return r.outcome !== "none" ? cash(cfg, r.amount) : ""; } }]
    },
    proration: {
      fields: function (cfg) {
        var fields = [
          { name: "from_plan", label: "From plan", type: "select", options: planOptions(cfg) },
          { name: "to_plan", label: "To plan", type: "select", options: planOptions(cfg) },
          { name: "cycle", label: "Billing cycle", type: "select", options: CYCLE_OPTIONS }
        ];
        if (cfg.convention === "thirty_day") {
          fields.push({ name: "last_billed", label: "Last billing date", type: "date", help: "From the last invoice: periods are counted in 30 days (365 for annual) from it.", prompt: true });
        } else {
          fields.push({ name: "billing_day", label: "Billing day of the month", type: "number", value: "1", help: "The day the subscription renews (1–31)." });
          fields.push({ name: "billing_month", label: "Renewal month (annual)", type: "select", options: MONTH_OPTIONS, onlyIf: ["cycle", "annual"] });
        }
        fields.push({ name: "change_date", label: "Change date", type: "date", today: true });
        if (cfg.convention === "hourly") fields.push({ name: "hour", label: "Hour of the change (UTC)", type: "number", value: "0", help: "0–23: proration counts whole hours." });
        return fields;
      },
      result: function (cfg, r, put) {
        var period = longDate(r.period_start) + " to " + longDate(dayBefore(r.period_end)) + " (" + r.period_days + " days)";
        if (r.kind === "downgrade") {
          put("Downgrade", "Takes effect at the end of the period, on " + longDate(r.effective) + ". Nothing is charged or credited now.", "yes");
          put("Current period", period);
          put("Next invoice", longDate(r.next_invoice_date) + ": " + cash(cfg, r.next_invoice_amount) + " at the new plan's list price.");
          return;
        }
        var share = r.remaining_units + "/" + r.total_units + " " + r.unit;
        put("Net due now", cash(cfg, r.net), "yes", r.net);
        put("Credit for the old plan", "−" + cash(cfg, r.credit) + " (" + share + ")");
        put("Charge for the new plan", cash(cfg, r.charge) + " (" + share + ", the change date counts)");
        put("Current period", period);
        put("Next full charge", longDate(r.next_invoice_date) + ": " + cash(cfg, r.next_invoice_amount) + " at the new plan's list price (this site's model; the invoice is the record).");
      },
      // The upgrade reply quotes the invoice's amount, not this illustration: the net is offered only to the quote
      // given before an upgrade, which calls it an estimate ({estimate}).
      use: [
        { name: "effective_date", value: function (cfg, r) { return r.effective; } },
        { name: "estimate", what: "estimate", value: function (cfg, r) { return r.kind === "downgrade" ? "" : cash(cfg, r.net); } }
      ]
    },
    domain: {
      fields: function (cfg) {
        return [
          { name: "tld", label: "TLD", type: "select", options: cfg.tlds.map(function (t) { return [t.key, t.name]; }) },
          { name: "expiry", label: "Expiry date", type: "date", help: "From Domain Registration, Manage Domains." },
          { name: "today", label: "Today", type: "date", today: true }
        ];
      },
      result: function (cfg, r, put, values) {
        var phase = null;
        cfg.phases.forEach(function (p) { if (p.key === r.phase) phase = p; });
        var tld = cfg.tlds.filter(function (t) { return t.key === values.tld; })[0];
        if (r.phase === "active") {
          put("Today", "Active: expires in " + (-r.day) + " day" + (r.day === -1 ? "" : "s") + ", on " + longDate(values.expiry) + ".", "yes");
          put("The customer can", "Renew at the normal price any time; auto-renew attempts start about 30 days before expiry.");
        } else if (r.phase === "released") {
          put("Today", "Day " + r.day + " after expiry: released by the registry (from about " + longDate(r.released_from) + ").", "no");
          put("The customer can", cfg.released);
        } else {
          put("Today", phase.name + ": day " + r.day + " after expiry (this phase runs " + longDate(r.phase_start) + " to " + longDate(r.phase_end) + ").", r.fee === "renewal" ? "warn" : "no");
          put("The customer can", phase.customer_can);
          put("You", phase.specialist_does);
        }
        if (r.fee === "renewal") put("Deadline", "Renew at the normal price by " + longDate(r.renew_by) + (r.restore_by ? "; after that only a restore, with a fee, until " + longDate(r.restore_by) + "." : "."));
        if (r.fee === "restore") put("Deadline", "Restore by " + longDate(r.restore_by) + "; the registry deletes the name after that.", "no");
        var fees = {
          renewal: "One year at the normal renewal price (the dashboard shows it at checkout).",
          restore: "The registry's restore fee for this TLD plus one year's renewal; the dashboard shows the amount before the customer confirms. A restore cannot be refunded.",
          none: "None: the name cannot be recovered through Cloudflare.",
          register: "A new registration at the normal price, if nobody else registers it first."
        };
        put("What it costs", fees[r.fee]);
        if (r.fee === "restore" && !r.restore_in_dashboard) put("Note", (tld ? tld.name : "This TLD") + " names are not restored from the dashboard: escalate to Registrar Operations.", "warn");
      },
      use: [
        { name: "expiry_date", value: function (cfg, r, values) { return values.expiry || ""; } },
        { name: "renew_by_date", what: "last day at the normal price", value: function (cfg, r) { return r.fee === "renewal" ? r.renew_by : ""; } }
      ]
    },
    dunning: {
      fields: function () {
        return [
          { name: "failed_on", label: "Date the payment failed", type: "date" },
          { name: "today", label: "Today", type: "date", today: true }
        ];
      },
      result: function (cfg, r, put) {
        if (r.status === "downgraded") put("Today", "Day " + r.day + ": the grace period has ended; the account is downgraded (from " + longDate(r.downgrade_on) + ").", "no");
        else if (r.status === "grace") put("Today", "Day " + r.day + " of a " + cfg.grace_days + "-day grace period: the customer can still pay and keep paid features.", "warn");
        else if (r.status === "failed_today") put("Today", "Day 0: the payment failed today.", "warn");
        put("Automatic retries", r.retries.map(longDate).join(", ") + " (illustrative days; the invoice's payment history is the record).");
        put("Grace period ends", longDate(r.grace_ends) + " (last day to pay before the downgrade, by the team's counting).");
        put("Downgrade", longDate(r.downgrade_on) + ": " + cfg.downgrade);
        put("How the days are counted", cfg.counting);
      },
      use: [
        { name: "charge_date", what: "the failed payment", value: function (cfg, r, values) { return values.failed_on; } },
        { name: "effective_date", what: "end of grace", value: function (cfg, r) { return r.grace_ends; } },
        { name: "effective_date", what: "downgrade", value: function (cfg, r) { return r.downgrade_on; } }
      ]
    },
    transfer: {
      fields: function (cfg) {
        return [
          { name: "tld", label: "TLD", type: "select", options: cfg.tlds.map(function (t) { return [t.key, t.name]; }) },
          { name: "requested_on", label: "Transfer requested on", type: "date", today: true },
          { name: "expiry", label: "Current expiry date", type: "date" },
          { name: "last_change_on", label: "Last registration, transfer or registrant change (if known)", type: "date", optional: true }
        ];
      },
      result: function (cfg, r, put, values) {
        var tld = cfg.tlds.filter(function (t) { return t.key === values.tld; })[0] || {};
        if (r.renew_first) put("First", "The name expires within " + tld.renew_first_within_days + " days of the request: renew it at the current registrar first.", "warn");
        if (r.waits_for_lock) put("Lock", "A " + tld.lock_before_transfer_days + "-day lock after the last change runs until " + longDate(r.allowed_from) + "; the transfer waits and is retried then.", "warn");
        if (r.cancels_on) {
          put("Completes", "When the old registrar changes the IPS tag; the request cancels on " + longDate(r.cancels_on) + " if they have not.", "yes");
        } else {
          put("Completes by", longDate(r.latest_completion) + " at the latest (the losing registrar has " + tld.losing_registrar_days + " days, then it auto-approves).", "yes");
        }
        put("New expiry", longDate(r.new_expiry) + (r.year_added ? ": one year added to the current expiry." : r.capped ? ": no year added, the name would exceed " + tld.max_years + " years." : ": no year added for this TLD."));
        put("Next transfer allowed", "From " + longDate(r.next_transfer_from) + " (a " + tld.lock_after_transfer_days + "-day lock after the transfer, counted from the latest completion).");
        if (tld.note) put("Note", tld.note);
      },
      use: []
    }
  };

  function control(spec, id) {
    var node;
    if (spec.type === "select") {
      node = el("select");
      spec.options.forEach(function (o) {
        node.appendChild(el("option", null, o[1])).value = o[0];
      });
    } else {
      node = el("input");
      node.type = spec.type === "number" ? "text" : spec.type;
      if (spec.type === "number") node.inputMode = "numeric";
      node.autocomplete = "off";
    }
    node.id = id;
    node.name = spec.name;
    node.className = "kb-calc__input";
    return node;
  }

  /* Set a control's value; a select given an unknown value shows it (so the message explains it). */
  function setValue(node, value) {
    if (node.tagName === "SELECT" && value !== "" && !Array.prototype.some.call(node.options, function (o) { return o.value === value; })) {
      node.appendChild(el("option", null, value + " (unknown)")).value = value;
    }
    node.value = value;
  }

  /* Write only what differs: an unchanged text or class is not touched, so assistive technology and the
     DOM see one change per real change. */
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function setClass(node, cls) {
    if (node.className !== cls) node.className = cls;
  }

  /* How long typing must pause before a change is announced (and a new error message shown). */
  var SETTLE_MS = 800;

  function build(box) {
    var kind = box.getAttribute("data-kb-calc");
    var form = FORMS[kind];
    if (!form || !window.KBCalc) return;
    var cfg = JSON.parse(box.getAttribute("data-kb-config"));
    var preset = JSON.parse(box.getAttribute("data-kb-defaults") || "{}");
    var query = new URLSearchParams(window.location.search);
    var specs = form.fields(cfg);
    // The fields are one group named by a legend; the result is a list of term and value, the prompt a paragraph.
    var grid = el("fieldset", "kb-calc__fields");
    // The legend is for screen readers: on screen the heading above already names the form.
    grid.appendChild(el("legend", "kb-sr-only", "The customer's details"));
    var nodes = {}, errors = {}, wraps = {}, touched = {};
    var rejected = {}; // a preset the control refused (a date input drops 2026-02-30): still reported, until edited
    var timer = null;
    specs.forEach(function (spec) {
      var id = "kb-calc-" + kind + "-" + spec.name;
      var wrap = el("div", spec.wide ? "kb-calc__field kb-calc__field--wide" : "kb-calc__field");
      var label = el("label", "kb-calc__label", spec.label + (spec.optional ? " (optional)" : ""));
      label.htmlFor = id;
      var node = control(spec, id);
      var err = el("span", "kb-calc__error");
      err.id = id + "-error";
      err.setAttribute("role", "alert");
      var described = [];
      if (spec.help) {
        var help = el("span", "kb-calc__help", spec.help);
        help.id = id + "-help";
        described.push(help.id);
      }
      described.push(err.id);
      node.setAttribute("aria-describedby", described.join(" "));
      wrap.appendChild(label);
      wrap.appendChild(node);
      if (spec.help) wrap.appendChild(help);
      wrap.appendChild(err);
      grid.appendChild(wrap);
      var start = query.has(spec.name) ? query.get(spec.name) : preset[spec.name] != null ? preset[spec.name] : spec.value != null ? spec.value : spec.today ? today() : node.tagName === "SELECT" ? node.options[0].value : "";
      setValue(node, start);
      if (start && node.value !== start) {
        rejected[spec.name] = start;
        touched[spec.name] = true;
      }
      nodes[spec.name] = node;
      errors[spec.name] = err;
      wraps[spec.name] = wrap;
      var touch = function () {
        touched[spec.name] = true;
        delete rejected[spec.name];
        update();
        // A choice from a list is one settled change; typing (dates too: each digit is a valid date) settles
        // once the specialist pauses.
        window.clearTimeout(timer);
        timer = window.setTimeout(settle, node.tagName === "SELECT" ? 100 : SETTLE_MS);
      };
      node.addEventListener("input", touch);
      node.addEventListener("change", touch);
    });
    var prompt = el("p", "kb-calc__prompt");
    var out = el("dl", "kb-calc__result");
    var rows = []; // [{dt, dd}] drawn in out, reused from one result to the next
    var actions = el("div", "kb-calc__actions");
    // What a screen reader hears: once per settled change, only the lines that changed (visually hidden).
    var status = el("p", "kb-sr-only kb-calc__status");
    status.setAttribute("role", "status");
    box.querySelector(".kb-calc__noscript").remove();
    box.appendChild(grid);
    box.appendChild(prompt);
    box.appendChild(out);
    box.appendChild(actions);
    box.appendChild(status);

    function values() {
      var v = {};
      Object.keys(nodes).forEach(function (name) {
        v[name] = nodes[name].value || rejected[name] || "";
      });
      return v;
    }

    var shown = { lines: [], prompt: "", error: null }; // what the box shows now
    // What the last announcement covered: the kind of state, its prompt, and the last result's lines.
    var heard = { kind: "", prompt: "", lines: [] };

    function showRows(lines) {
      lines.forEach(function (line, i) {
        var row = rows[i];
        if (!row) {
          row = { dt: el("dt"), dd: el("dd") };
          out.appendChild(row.dt);
          out.appendChild(row.dd);
          rows.push(row);
        }
        setText(row.dt, line.term);
        setText(row.dd, line.text);
        setClass(row.dd, line.tone ? "kb-calc__value kb-calc__value--" + line.tone : "kb-calc__value");
      });
      while (rows.length > lines.length) {
        var extra = rows.pop();
        out.removeChild(extra.dt);
        out.removeChild(extra.dd);
      }
      if (out.hidden !== !lines.length) out.hidden = !lines.length;
    }

    function showPrompt(text) {
      setText(prompt, text);
      if (prompt.hidden !== !text) prompt.hidden = !text;
    }

    function showActions(buttons) {
      var existing = Array.prototype.slice.call(actions.children);
      buttons.forEach(function (spec, i) {
        var button = existing[i];
        if (button && button._kbLabel === spec.label) {
          button._kbUse = spec;
          return;
        }
        if (!button) {
          button = el("button", "md-button kb-calc__use");
          button.type = "button";
          button.addEventListener("click", function () {
            var use = button._kbUse;
            if (window.KBComposer) window.KBComposer.set(use.name, use.value);
            setText(button, "Added " + use.label + " to the replies");
          });
          actions.appendChild(button);
        }
        button._kbLabel = spec.label;
        button._kbUse = spec;
        setText(button, "Use " + spec.label + " in the replies");
      });
      existing.slice(buttons.length).forEach(function (button) {
        actions.removeChild(button);
      });
    }

    /* The error message next to its field (an alert), and no other. */
    function showError(error) {
      specs.forEach(function (spec) {
        if (!error || error.field !== spec.name) {
          setText(errors[spec.name], "");
          if (nodes[spec.name].hasAttribute("aria-invalid")) nodes[spec.name].removeAttribute("aria-invalid");
        }
      });
      if (error) {
        setText(errors[error.field], error.text);
        nodes[error.field].setAttribute("aria-invalid", "true");
      }
    }

    function update(now) {
      var v = values();
      specs.forEach(function (spec) {
        if (spec.onlyIf) {
          var hide = v[spec.onlyIf[0]] !== spec.onlyIf[1];
          if (wraps[spec.name].hidden !== hide) wraps[spec.name].hidden = hide;
        }
      });
      var lines = [];
      var text = "";
      var error = null;
      var buttons = [];
      var waiting = specs.filter(function (spec) { return spec.prompt && !v[spec.name]; })[0];
      var r = waiting ? null : window.KBCalc.compute(kind, cfg, v);
      if (waiting) {
        box.setAttribute("data-kb-state", "waiting");
        text = "Enter the " + waiting.label.toLowerCase() + " to see the result.";
      } else if (r.error && r.error === "missing_date" && !touched[r.field]) {
        // A date nobody has typed yet is a prompt, not a mistake.
        box.setAttribute("data-kb-state", "waiting");
        var label = specs.filter(function (spec) { return spec.name === r.field; })[0];
        text = "Enter the " + (label ? label.label.toLowerCase() : "date") + " to see the result.";
      } else if (r.error) {
        box.setAttribute("data-kb-state", "error");
        var target = errors[r.field] ? r.field : specs[0].name;
        error = { field: target, text: MESSAGES[r.error] || "Check this value." };
        // Mid-typing ("120." on the way to "120.00", a year at 0002 on the way to 2026) the last result stays up;
        // the error, its message and the prompt show once typing pauses.
        if (!now) return;
        text = "Fix the highlighted field to see the result.";
      } else {
        box.setAttribute("data-kb-state", "ok");
        form.result(cfg, r, function (term, words, tone) {
          lines.push({ term: term, text: words, tone: tone });
        }, v);
        form.use.forEach(function (use) {
          var value = use.value(cfg, r, v);
          if (!value || !document.querySelector(".kb-reply [name='" + use.name + "'], .kb-reply[data-kb-fields*='\"" + use.name + "\"']")) return;
          var said = use.name.indexOf("date") !== -1 ? longDate(value) : value;
          buttons.push({ name: use.name, value: value, label: said + (use.what ? " (" + use.what + ")" : "") });
        });
      }
      showError(error);
      showPrompt(text);
      showRows(lines);
      showActions(buttons);
      shown = { lines: lines, prompt: text, error: error };
    }

    /* Typing has paused: show an error that waited, and say what changed since the last announcement: a new
       prompt, or the result's lines whose value changed (with the first line, the answer, when a result follows a
       prompt or an error). An error is said by its own alert next to the field. */
    function settle() {
      timer = null;
      update(true);
      var words = [];
      if (shown.error) {
        heard.kind = "error";
      } else if (shown.prompt) {
        if (heard.kind !== "prompt" || heard.prompt !== shown.prompt) words.push(shown.prompt);
        heard.kind = "prompt";
        heard.prompt = shown.prompt;
      } else {
        var before = {};
        heard.lines.forEach(function (line) { before[line.term] = line.text; });
        shown.lines.forEach(function (line, i) {
          if (before[line.term] !== line.text || (i === 0 && heard.kind !== "result")) words.push(line.term + ": " + line.text);
        });
        heard.kind = "result";
        heard.lines = shown.lines;
      }
      if (words.length) setText(status, words.join(". ").replace(/\.\./g, "."));
    }

    if (cfg.convention && CONVENTION_NOTES[cfg.convention]) box.appendChild(el("p", "kb-calc__note", CONVENTION_NOTES[cfg.convention]));
    box.classList.add("kb-calc--ready");
    update(true);
    // The first result is on the page to be read, not news to announce.
    heard = { kind: shown.error ? "error" : shown.prompt ? "prompt" : "result", prompt: shown.prompt, lines: shown.lines };
  }

  function enhance() {
    document.querySelectorAll(".kb-calc").forEach(function (box) {
      if (!box.classList.contains("kb-calc--ready")) build(box);
    });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(enhance);
  else document.addEventListener("DOMContentLoaded", enhance);
})();
