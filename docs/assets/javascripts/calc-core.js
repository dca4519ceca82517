/* The calculators' arithmetic in the browser: a line-for-line mirror of macros/calculators.py and the pure
   modules it calls (proration, refund, lifecycle, dunning, transfer). Money is whole cents, dates are day
   numbers (days since 1970-01-01, UTC), so nothing depends on the browser's time zone or floating point.
   tests/test_calculator_parity.py runs generated cases through both and requires identical results.
   No DOM here: calculators.js draws the forms. */
(function (root) {
  "use strict";

  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
  var AMOUNT = /^\d{1,9}(?:\.\d{1,2})?$/;
  var CYCLES = ["monthly", "annual"];
  var DAY_MS = 86400000;

  function Invalid(field, code) {
    this.field = field;
    this.code = code;
  }

  /* Dates ------------------------------------------------------------------------------------------ */

  function parseDay(text) {
    var m = ISO.exec(text);
    if (!m) return null;
    var y = +m[1], mo = +m[2], d = +m[3];
    if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
    return Date.UTC(y, mo - 1, d) / DAY_MS;
  }

  function parts(day) {
    var dt = new Date(day * DAY_MS);
    return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
  }

  function iso(day) {
    var p = parts(day);
    return p.y + "-" + (p.m < 10 ? "0" : "") + p.m + "-" + (p.d < 10 ? "0" : "") + p.d;
  }

  function daysInMonth(y, m) {
    return new Date(Date.UTC(y, m, 0)).getUTCDate();
  }

  function dayOf(y, m, d) {
    return Date.UTC(y, m - 1, d) / DAY_MS;
  }

  /* macros/dates.py anchored(): the anchor day, clamped to the month's last day. */
  function anchored(y, m, anchor) {
    return dayOf(y, m, Math.min(anchor, daysInMonth(y, m)));
  }

  /* macros/dates.py add_months(). */
  function addMonths(day, months, anchor) {
    var p = parts(day);
    var index = p.y * 12 + (p.m - 1) + months;
    var year = Math.floor(index / 12);
    var month = index - year * 12;
    return anchored(year, month + 1, anchor || p.d);
  }

  /* Money ------------------------------------------------------------------------------------------ */

  function cents(text) {
    var m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
    return +m[1] * 100 + (m[2] ? +(m[2] + "0").slice(0, 2) : 0);
  }

  /* a / b rounded to a whole cent, halves away from zero (ROUND_HALF_UP); a >= 0, b > 0, both whole. */
  function halfUp(a, b) {
    return Math.floor((2 * a + b) / (2 * b));
  }

  function money(c) {
    var sign = c < 0 ? "-" : "";
    var abs = Math.abs(c);
    var rest = abs % 100;
    return sign + Math.floor(abs / 100) + "." + (rest < 10 ? "0" : "") + rest;
  }

  /* Inputs ----------------------------------------------------------------------------------------- */

  function inDate(inputs, name, required) {
    var raw = String(inputs[name] == null ? "" : inputs[name]).trim();
    if (!raw) {
      if (required === false) return null;
      throw new Invalid(name, "missing_date");
    }
    var day = parseDay(raw);
    if (day === null) throw new Invalid(name, "bad_date");
    return day;
  }

  function inAmount(raw, name) {
    var text = String(raw == null ? "" : raw).replace(/[\s,$]/g, "");
    if (!AMOUNT.test(text)) throw new Invalid(name, "bad_amount");
    return cents(text);
  }

  function inPlan(cfg, inputs, name) {
    for (var i = 0; i < cfg.plans.length; i++) if (cfg.plans[i].key === inputs[name]) return cfg.plans[i];
    throw new Invalid(name, "unknown_plan");
  }

  function inCycle(inputs) {
    if (CYCLES.indexOf(inputs.cycle) === -1) throw new Invalid("cycle", "unknown_cycle");
    return inputs.cycle;
  }

  function inWhole(inputs, name, low, high) {
    var raw = String(inputs[name] == null ? "" : inputs[name]).trim();
    if (!/^\d{1,3}$/.test(raw) || +raw < low || +raw > high) throw new Invalid(name, "out_of_range");
    return +raw;
  }

  function inTld(cfg, inputs) {
    for (var i = 0; i < cfg.tlds.length; i++) if (cfg.tlds[i].key === inputs.tld) return cfg.tlds[i];
    throw new Invalid("tld", "unknown_tld");
  }

  /* Billing periods by convention: macros/periods.py ------------------------------------------------- */

  var FIXED_DAYS = { monthly: 30, annual: 365 };

  function periodFrom(start, cycle, convention) {
    if (convention === "thirty_day") return { start: start, end: start + FIXED_DAYS[cycle] };
    return { start: start, end: addMonths(start, cycle === "monthly" ? 1 : 12, parts(start).d) };
  }

  function periodContaining(day, cycle, convention, billingDay, billingMonth, anchor) {
    if (convention === "thirty_day") {
      var length = FIXED_DAYS[cycle];
      var start = anchor + Math.floor((day - anchor) / length) * length;
      return { start: start, end: start + length };
    }
    return billingPeriod(day, cycle, billingDay, billingMonth);
  }

  /* Refund: macros/refund.py partial_refund(), approver_for(), refund_decision() ----------------------- */

  function partialRefund(price, cycle, paidOn, refundOn, windowDays, convention) {
    var end = periodFrom(paidOn, cycle, convention).end;
    if (!(paidOn <= refundOn && refundOn < end)) return null;
    var days = end - paidOn;
    var used = refundOn - paidOn + 1;
    var unused = days - used;
    return {
      end: end, days: days, used: used, unused: unused,
      value: halfUp(price * unused, days),
      since: refundOn - paidOn,
      inside: refundOn - paidOn <= windowDays
    };
  }

  function approverFor(amount, limits) {
    for (var i = 0; i < limits.length; i++) if (amount <= cents(limits[i].refund)) return limits[i].title;
    return null;
  }

  function refund(cfg, inputs) {
    var plan = inPlan(cfg, inputs, "plan");
    var cycle = inCycle(inputs);
    var reason = inputs.reason || "goodwill";
    if (reason !== "goodwill" && reason !== "error") throw new Invalid("reason", "unknown_reason");
    var paid = inAmount(inputs.paid || plan[cycle], "paid");
    var paidOn = inDate(inputs, "paid_on");
    var refundOn = inDate(inputs, "refund_on");
    if (refundOn < paidOn) throw new Invalid("refund_on", "before_payment");
    var since = refundOn - paidOn;
    var inside = since <= cfg.window_days;
    var unused = null, outcome, amount;
    if (reason === "error") {
      outcome = "full";
      amount = paid;
    } else {
      unused = partialRefund(paid, cycle, paidOn, refundOn, cfg.window_days, cfg.convention || "calendar");
      if (unused === null) throw new Invalid("refund_on", "after_period");
      outcome = inside ? "partial" : "none";
      amount = inside ? unused.value : 0;
    }
    var approver = amount > 0 ? approverFor(amount, cfg.limits) : null;
    return {
      outcome: outcome,
      amount: money(amount),
      paid: money(paid),
      days_since_charge: since,
      inside_window: inside,
      period_end: unused ? iso(unused.end) : null,
      days: unused ? unused.days : null,
      used_days: unused ? unused.used : null,
      unused_days: unused ? unused.unused : null,
      unused_value: unused ? money(unused.value) : null,
      approver: approver,
      above_all_limits: amount > 0 && approver === null
    };
  }

  /* Plan change: macros/proration.py billing_period(), prorate() -------------------------------------- */

  function billingPeriod(change, cycle, day, month) {
    var p = parts(change), start;
    if (cycle === "monthly") {
      start = anchored(p.y, p.m, day);
      if (start > change) start = addMonths(start, -1, day);
      return { start: start, end: addMonths(start, 1, day) };
    }
    start = anchored(p.y, month, day);
    if (start > change) start = anchored(p.y - 1, month, day);
    return { start: start, end: anchored(parts(start).y + 1, month, day) };
  }

  function proration(cfg, inputs) {
    var from = inPlan(cfg, inputs, "from_plan");
    var to = inPlan(cfg, inputs, "to_plan");
    if (from.key === to.key) throw new Invalid("to_plan", "same_plan");
    var cycle = inCycle(inputs);
    var rule = cfg.convention || "calendar";
    /* Under thirty_day the form asks for the last billing date instead of a billing day and month: both default to 1. */
    var asked = function (name) { return rule !== "thirty_day" || String(inputs[name] == null ? "" : inputs[name]).trim() !== ""; };
    var day = asked("billing_day") ? inWhole(inputs, "billing_day", 1, 31) : 1;
    var month = cycle === "annual" && asked("billing_month") ? inWhole(inputs, "billing_month", 1, 12) : 1;
    var when = inDate(inputs, "change_date");
    var hour = rule === "hourly" && String(inputs.hour == null ? "" : inputs.hour).trim() ? inWhole(inputs, "hour", 0, 23) : 0;
    var anchor = rule === "thirty_day" ? inDate(inputs, "last_billed", false) : null;
    if (anchor !== null && anchor > when) throw new Invalid("last_billed", "after_change");
    if (anchor === null) anchor = billingPeriod(when, cycle, day, month).start;
    var period = periodContaining(when, cycle, rule, day, month, anchor);
    var days = period.end - period.start;
    var daysLeft = period.end - when;
    var total = rule === "hourly" ? days * 24 : days;
    var remaining = rule === "hourly" ? daysLeft * 24 - hour : daysLeft;
    var oldPrice = cents(from[cycle]), newPrice = cents(to[cycle]);
    var upgrade = newPrice > oldPrice;
    var credit = upgrade ? halfUp(oldPrice * remaining, total) : 0;
    var charge = upgrade ? halfUp(newPrice * remaining, total) : 0;
    return {
      kind: upgrade ? "upgrade" : "downgrade",
      period_start: iso(period.start),
      period_end: iso(period.end),
      period_days: days,
      remaining_days: daysLeft,
      remaining_units: remaining,
      total_units: total,
      unit: rule === "hourly" ? "hours" : "days",
      credit: money(credit),
      charge: money(charge),
      net: money(charge - credit),
      effective: iso(upgrade ? when : period.end),
      next_invoice_date: iso(period.end),
      next_invoice_amount: money(newPrice)
    };
  }

  /* Domain: macros/lifecycle.py domain_status() ---------------------------------------------------- */

  function domain(cfg, inputs) {
    var tld = inTld(cfg, inputs);
    var expiry = inDate(inputs, "expiry");
    var today = inDate(inputs, "today");
    var phases = cfg.phases, current = null, renewBy = null, restoreBy = null, i;
    for (i = 0; i < phases.length; i++) {
      var start = expiry + phases[i].first_day, end = expiry + phases[i].last_day;
      if (today > expiry && start <= today && today <= end) current = { key: phases[i].key, start: start, end: end, fee: phases[i].fee };
      if (phases[i].fee === "renewal") renewBy = end;
      if (phases[i].fee === "restore") restoreBy = end;
    }
    var phase = today <= expiry ? "active" : current ? current.key : "released";
    return {
      phase: phase,
      day: today - expiry,
      phase_start: current ? iso(current.start) : null,
      phase_end: current ? iso(current.end) : null,
      renew_by: iso(renewBy === null ? expiry : renewBy),
      restore_by: restoreBy === null ? null : iso(restoreBy),
      released_from: iso(expiry + phases[phases.length - 1].last_day + 1),
      fee: phase === "active" ? "renewal" : phase === "released" ? "register" : current.fee,
      restore_in_dashboard: !!tld.restore_in_dashboard
    };
  }

  /* Dunning: macros/dunning.py dunning_dates() ------------------------------------------------------ */

  function dunning(cfg, inputs) {
    var failed = inDate(inputs, "failed_on");
    var today = inDate(inputs, "today", false);
    if (today !== null && today < failed) throw new Invalid("today", "before_failure");
    var retries = cfg.retry_days.slice().sort(function (a, b) { return a - b; }).map(function (d) { return iso(failed + d); });
    var graceEnds = failed + cfg.grace_days;
    var status = null;
    if (today !== null) status = today >= graceEnds + 1 ? "downgraded" : today > failed ? "grace" : "failed_today";
    return {
      retries: retries,
      grace_ends: iso(graceEnds),
      downgrade_on: iso(graceEnds + 1),
      day: today === null ? null : today - failed,
      status: status
    };
  }

  /* Transfer: macros/transfer.py transfer_timeline() ----------------------------------------------- */

  function transfer(cfg, inputs) {
    var rules = inTld(cfg, inputs);
    var requested = inDate(inputs, "requested_on");
    var expiry = inDate(inputs, "expiry");
    var change = inDate(inputs, "last_change_on", false);
    if (change !== null && change > requested) throw new Invalid("last_change_on", "after_request");
    var allowed = requested;
    if (change !== null) allowed = Math.max(requested, change + rules.lock_before_transfer_days);
    var windowDays = rules.losing_registrar_days || rules.auto_cancel_days;
    var latest = allowed + windowDays;
    var newExpiry = expiry, added = false, capped = false;
    if (rules.transfer_adds_year) {
      var candidate = addMonths(expiry, 12, parts(expiry).d);
      var cap = addMonths(latest, 12 * rules.max_years, parts(latest).d);
      if (candidate <= cap) {
        newExpiry = candidate;
        added = true;
      } else {
        capped = true;
      }
    }
    return {
      allowed_from: iso(allowed),
      waits_for_lock: allowed > requested,
      latest_completion: iso(latest),
      new_expiry: iso(newExpiry),
      year_added: added,
      capped: capped,
      next_transfer_from: iso(latest + rules.lock_after_transfer_days),
      renew_first: expiry - requested <= rules.renew_first_within_days,
      cancels_on: rules.auto_cancel_days ? iso(allowed + rules.auto_cancel_days) : null
    };
  }

  var KINDS = { refund: refund, proration: proration, domain: domain, dunning: dunning, transfer: transfer };

  function compute(kind, cfg, inputs) {
    try {
      return KINDS[kind](cfg, inputs || {});
    } catch (err) {
      if (err instanceof Invalid) return { error: err.code, field: err.field };
      throw err;
    }
  }

  root.KBCalc = {
    compute: compute,
    kinds: Object.keys(KINDS),
    parseDay: parseDay,
    iso: iso,
    cents: cents,
    money: money
  };
})(window);
