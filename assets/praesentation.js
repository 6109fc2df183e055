/* Presentation mode (dashboard/seiten/praesentation.py): keyboard control and the screen reader announcement.
   Acts only while the presentation page is shown (element #praesentation) and focus is not in a form field or
   a data grid. → / PageDown / Space: next slide, ← / PageUp / Shift+Space: previous, Home / End: first / last,
   Escape: end (back to the Handlungsfeld page). The addresses come from the page root's data attributes; the
   address changes the Dash way (history.pushState + the event dcc.Location listens to), as in tabellen.js.
   Loaded from assets/: the CSP allows only the app's own scripts, no inline ones. */
(function () {
  "use strict";
  var TASTEN = {
    ArrowRight: "data-weiter", PageDown: "data-weiter", " ": "data-weiter", Spacebar: "data-weiter",
    ArrowLeft: "data-zurueck", PageUp: "data-zurueck", Home: "data-erste", End: "data-letzte",
    Escape: "data-ende",
  };
  var STEUERUNG = ["praesentation-zurueck", "praesentation-weiter", "praesentation-ende"];
  var ansage = null;
  var zuletzt = null;
  var fokusZiel = null;

  function wurzel() {
    return document.getElementById("praesentation");
  }

  function imFormular(el) {
    if (!el || el === document.body || !el.closest) return false;
    return el.isContentEditable || !!el.closest(
      "input, textarea, select, [contenteditable='true'], [role='combobox'], [role='listbox'], .ag-root-wrapper");
  }

  function gehe(href) {
    if (!href || href === window.location.pathname + window.location.search) return;
    window.history.pushState({}, "", href);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    window.scrollTo(0, 0);
  }

  document.addEventListener("keydown", function (e) {
    var w = wurzel();
    if (!w || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
    if (imFormular(e.target)) return;
    var attribut = TASTEN[e.key];
    if (!attribut) return;
    var leertaste = e.key === " " || e.key === "Spacebar";
    // Space activates a focused button or summary ("Tabelle anzeigen"): leave that to the browser.
    if (leertaste && e.target.closest && e.target.closest("button, summary, [role='button']")) return;
    if (leertaste && e.shiftKey) attribut = "data-zurueck";
    e.preventDefault();
    gehe(w.getAttribute(attribut));
  });

  // A click on a control remembers it, so that keyboard users keep their place after the slide changed.
  document.addEventListener("click", function (e) {
    var el = e.target && e.target.closest ? e.target.closest("a, .btn") : null;
    fokusZiel = el && STEUERUNG.indexOf(el.id) >= 0 ? el.id : null;
  }, true);

  function region() {
    var main = document.getElementById("inhalt") || document.body;
    if (!ansage || !main.contains(ansage)) {
      ansage = document.createElement("div");
      ansage.id = "praesentation-ansage";
      ansage.setAttribute("role", "status");
      ansage.setAttribute("aria-live", "polite");
      ansage.setAttribute("aria-atomic", "true");
      main.appendChild(ansage);
    }
    return ansage;
  }

  function pruefen() {
    var w = wurzel();
    if (!w) {
      zuletzt = null;
      if (ansage) ansage.textContent = "";
      return;
    }
    var text = w.getAttribute("data-ansage") || "";
    var schluessel = window.location.search + "|" + text;
    if (schluessel === zuletzt) return;
    var erstmals = zuletzt === null;
    zuletzt = schluessel;
    var r = region();
    // The region exists before its text changes, so that screen readers announce the new slide.
    window.setTimeout(function () { r.textContent = erstmals ? "" : text; }, 60);
    if (fokusZiel && (!document.activeElement || document.activeElement === document.body)) {
      var ziel = document.getElementById(fokusZiel);
      if (!ziel || ziel.tagName !== "A") ziel = document.getElementById("praesentation-weiter");
      if (ziel && ziel.tagName === "A") ziel.focus();
    }
  }

  new MutationObserver(pruefen).observe(document.documentElement, {childList: true, subtree: true});
  pruefen();
})();
