/* Mentorbrug's own script, on top of htmx (the CSP allows only scripts from this site, so no inline code).
   Every page works without it; it only makes htmx swaps accessible:
   - focus lands somewhere sensible after every swap (the first invalid field, the first field of a form
     that was opened, the same control in the new row, the row next to a deleted one, or the status);
   - the one status region (#flashes, role=status, in base.html) receives each action's status text, sent
     by the server as the HX-Trigger-After-Settle event "mb:status" ({text, level}), in the reader's language;
   - aria-busy="true" on the region that is loading;
   - an expired CSRF token ("mb:csrf" {token, text}) is replaced on the page, what was typed stays;
   - the stepper scrolls its current stage into view on narrow screens. */
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled])," +
    " textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";
  var FIELDS = "input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([disabled]), textarea:not([disabled])," +
    " select:not([disabled])";
  var requests = new WeakMap();

  function region() { return document.getElementById("flashes"); }

  function announce(text, level) {
    var box = region();
    if (!box || !text) { return; }
    var line = document.createElement("p");
    line.className = "flash flash-" + (level || "success");
    line.textContent = text;
    // Empty first, then fill on the next frame: screen readers announce a change, not a node that was there.
    box.textContent = "";
    window.setTimeout(function () { box.appendChild(line); }, 50);
  }

  function visible(el) {
    return !!(el && el.isConnected && (el.offsetWidth || el.offsetHeight || el.getClientRects().length));
  }

  function focusOn(el) {
    if (!el) { return false; }
    if (!el.matches(FOCUSABLE) && !el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "-1"); }
    el.focus({ preventScroll: false });
    return document.activeElement === el;
  }

  function sameAction(root, url) {
    // The control in the new content that does what the pressed one did (a tick button in the new row,
    // the "Edit" link of a row that was just saved): same URL as a form action, link or htmx attribute.
    if (!url) { return null; }
    var path = url.split("#")[0];
    var candidates = root.querySelectorAll("form, a[href], [data-hx-get], [data-hx-post]");
    for (var i = 0; i < candidates.length; i++) {
      var el = candidates[i];
      var own = el.getAttribute("data-hx-post") || el.getAttribute("data-hx-get") ||
        (el.tagName === "FORM" ? el.getAttribute("action") : el.getAttribute("href"));
      if (own && own.split("#")[0] === path) {
        var control = el.tagName === "FORM" ? el.querySelector("button, input[type=submit]") : el;
        if (visible(control)) { return control; }
      }
    }
    return null;
  }

  function neighbour(ctx) {
    var sibling = [ctx.next, ctx.previous].filter(function (el) { return el && el.isConnected; })[0];
    if (sibling) { return sibling.querySelector(FOCUSABLE) || sibling; }
    return ctx.container && ctx.container.isConnected ? ctx.container : null;
  }

  function placeFocus(ctx) {
    var active = ctx.active;
    if (active && active !== document.body && visible(active) && !ctx.fromScratch) { return; }
    var root = ctx.targetId ? document.getElementById(ctx.targetId) : null;
    var hinted = document.querySelector("[data-mb-focus]");
    if (hinted) { hinted.removeAttribute("data-mb-focus"); }
    var el = hinted ||
      (root && root.querySelector("[aria-invalid=true]")) ||
      (root && ctx.verb === "get" && root.querySelector(FIELDS)) ||
      (root && sameAction(root, ctx.url)) ||
      (root && root.querySelector(".error-box, [role=alert]")) ||
      root || neighbour(ctx) || region();
    if (el && el.matches("[aria-invalid=true]") && el.tagName === "FIELDSET") {
      el = el.querySelector("input") || el;
    }
    focusOn(el);
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var d = event.detail;
    var target = d.target;
    var ctx = {
      active: document.activeElement, url: d.requestConfig && d.requestConfig.path,
      verb: d.requestConfig && d.requestConfig.verb, targetId: target && target.id,
      next: target && target.nextElementSibling, previous: target && target.previousElementSibling,
      container: target && target.parentElement ? target.parentElement.closest("[id]") : null,
      // Only what the person did moves the focus: a region that refreshes itself after an event
      // (hx-trigger "... from:body") leaves it where it is.
      byPerson: !!(d.elt && document.activeElement && d.elt.contains(document.activeElement))
    };
    requests.set(d.xhr, ctx);
    if (target && target !== document.body) { target.setAttribute("aria-busy", "true"); }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var ctx = requests.get(event.detail.xhr);
    // The focused control is about to be replaced (it sits inside the target): focus goes to its stand-in.
    if (ctx && ctx.active && event.detail.target && event.detail.target.contains(ctx.active)) { ctx.fromScratch = true; }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var d = event.detail;
    var ctx = requests.get(d.xhr);
    if (d.target && d.target.isConnected) { d.target.removeAttribute("aria-busy"); }
    if (ctx && ctx.targetId) {
      var fresh = document.getElementById(ctx.targetId);
      if (fresh) { fresh.removeAttribute("aria-busy"); }
    }
    if (!ctx || !d.xhr || d.xhr.getResponseHeader("HX-Redirect") || d.xhr.getResponseHeader("HX-Refresh")) { return; }
    if (!ctx.byPerson) { return; }
    if (d.failed && !d.successful) {
      var box = region();
      if (d.xhr.status === 0 || d.xhr.status >= 500 || d.xhr.status === 400) {
        announce(box && box.getAttribute("data-failed-text"), "error");
      }
    }
    // After the swap has settled (htmx settles 20 ms later; attributes such as class change then).
    window.setTimeout(function () { placeFocus(ctx); }, 30);
  });

  document.addEventListener("htmx:sendError", function () {
    var box = region();
    announce(box && box.getAttribute("data-offline-text"), "error");
  });

  document.addEventListener("mb:status", function (event) {
    var d = event.detail || {};
    announce(d.text || d.value, d.level);
  });

  document.addEventListener("mb:csrf", function (event) {
    var d = event.detail || {};
    if (d.token) {
      var body = document.body;
      var headers = {};
      try { headers = JSON.parse(body.getAttribute("data-hx-headers") || "{}"); } catch (e) { headers = {}; }
      headers["X-CSRFToken"] = d.token;
      body.setAttribute("data-hx-headers", JSON.stringify(headers));
      var inputs = document.querySelectorAll("input[name=csrf_token]");
      for (var i = 0; i < inputs.length; i++) { inputs[i].value = d.token; }
    }
    announce(d.text, "warning");
  });

  function showCurrentStage() {
    var current = document.querySelector(".stepper [aria-current=step]");
    var scroller = current && current.closest(".stepper-nav");
    if (!scroller || scroller.scrollWidth <= scroller.clientWidth) { return; }
    var delta = current.getBoundingClientRect().left - scroller.getBoundingClientRect().left;
    scroller.scrollLeft = Math.max(0, scroller.scrollLeft + delta - (scroller.clientWidth - current.offsetWidth) / 2);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showCurrentStage);
  } else {
    showCurrentStage();
  }
}());
