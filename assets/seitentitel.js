// Every view names itself in the browser tab ("Ziel Z5.1: … – Wirkungscockpit"), so ten open views can
// be told apart and screen readers announce the page (WCAG 2.4.2). The title follows the page's <h1>;
// while Dash shows "Wird aktualisiert …" it is left alone, and Dash's restore afterwards is corrected.
(function () {
  var LADEN = "Wird aktualisiert …";
  function setzen() {
    var ueberschrift = document.querySelector("#seite h1");
    if (!ueberschrift || document.title === LADEN) {
      return;
    }
    var text = ueberschrift.textContent.replace(/\s+/g, " ").trim();
    var titel = (text ? text + " – " : "") + "Wirkungscockpit";
    if (document.title !== titel) {
      document.title = titel;
    }
  }
  new MutationObserver(setzen).observe(document.documentElement, {childList: true, subtree: true,
                                                                  characterData: true});
  setzen();
})();
