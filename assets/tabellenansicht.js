// Table views under charts (dashboard/komponenten.py tabellenansicht) are built only when they are opened.
// A click on "Tabelle anzeigen" raises the summary's n_clicks, which the clientside callback answers; a
// <details> opened any other way (keyboard, "open" set by a script, find-in-page) gets the same signal here,
// from its "toggle" event. The callback builds each table once; closing and opening again only folds it.
(function () {
  "use strict";
  document.addEventListener("toggle", function (ereignis) {
    var details = ereignis.target;
    if (!details.open || !details.classList || !details.classList.contains("tabellenansicht") ||
        !window.dash_clientside || !window.dash_clientside.set_props) {
      return;
    }
    var zusammenfassung = details.querySelector(":scope > summary[id]");
    var inhalt = details.querySelector(":scope > div");
    if (!zusammenfassung || (inhalt && inhalt.childElementCount)) {  // already built (React may reuse nodes)
      return;
    }
    window.dash_clientside.set_props(JSON.parse(zusammenfassung.id), {n_clicks: Date.now()});
  }, true);
})();
