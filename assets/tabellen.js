/* Cells of the data grids (dash-ag-grid, dashboard/komponenten.py datentabelle): German numbers with
   toLocaleString('de-DE'), links that navigate inside the app like dcc.Link, status as symbol and word.
   Loaded from assets/ (the CSP allows only the app's own scripts; the grid evaluates the function
   strings of its column definitions with its own parser, never with eval). */
(function () {
  "use strict";
  var funktionen = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
  var komponenten = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});
  var LEER = "\u2013";
  var NBSP = "\u00a0";

  function zahl(wert, stellen) {
    return wert.toLocaleString("de-DE", {minimumFractionDigits: stellen, maximumFractionDigits: stellen});
  }

  function fehlt(wert) {
    return wert === null || wert === undefined || wert === "" || (typeof wert === "number" && isNaN(wert));
  }

  /* The cell text: a word from <feld>_text wins ("nicht geliefert"); <feld>_zusatz is appended. */
  funktionen.wkZahl = function (params, art, stellen, vorzeichen) {
    var daten = params.data || {};
    var feld = params.colDef.field;
    if (daten[feld + "_text"]) return daten[feld + "_text"];
    var wert = params.value;
    if (fehlt(wert)) return LEER;
    var s = daten[feld + "_stellen"] !== undefined ? daten[feld + "_stellen"] :
      (daten.stellen !== undefined && (art === "wert" || art === "differenz") ? daten.stellen : stellen);
    var text;
    if (art === "euro") {
      text = zahl(wert, 0) + NBSP + "\u20ac";
    } else if (art === "prozent") {
      text = (wert < 0 ? "-" : (vorzeichen ? "+" : "")) + zahl(Math.abs(wert), stellen) + NBSP + "%";
    } else if (art === "wert" || art === "differenz") {
      var einheit = art === "differenz" ? (daten.einheit_diff || "") : (daten.einheit || "");
      var betrag = art === "differenz" ? Math.abs(wert) : wert;
      text = einheit === "\u20ac" ? zahl(Math.round(betrag), 0) + NBSP + "\u20ac" :
        (zahl(betrag, s) + NBSP + einheit).trim();
      if (art === "differenz") text = (wert > 0 ? "+" : wert < 0 ? "\u2212" : "\u00b1") + text;
    } else {
      text = zahl(wert, s);
    }
    return text + (daten[feld + "_zusatz"] || "");
  };

  /* Status columns sort by rank (best first when ascending), not alphabetically. */
  funktionen.wkStatusVergleich = function (a, b, knotenA, knotenB) {
    var ra = knotenA && knotenA.data ? knotenA.data.status_rang : null;
    var rb = knotenB && knotenB.data ? knotenB.data.status_rang : null;
    if (ra === rb) return String(a || "").localeCompare(String(b || ""), "de");
    if (ra === null || ra === undefined) return -1;
    if (rb === null || rb === undefined) return 1;
    return ra - rb;
  };

  /* A link inside the app: a plain click changes the address without reloading (as dcc.Link). */
  komponenten.Verweis = function (props) {
    var daten = props.data || {};
    var href = daten[props.colDef.field + "_href"];
    var text = props.valueFormatted !== undefined && props.valueFormatted !== null ? props.valueFormatted : props.value;
    var vor = daten[props.colDef.field + "_vor"] || "";
    var nach = daten[props.colDef.field + "_nach"] || "";
    if (!href) return vor + (fehlt(text) ? "" : String(text)) + nach;
    var link = React.createElement("a", {
      href: href,
      onClick: function (e) {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        window.history.pushState({}, "", href);
        window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
        window.scrollTo(0, 0);
      },
    }, text);
    return React.createElement("span", {className: daten[props.colDef.field + "_klasse"] || null}, vor, link, nach);
  };

  /* Status as symbol and word (never colour alone), as komponenten.statusbadge. */
  komponenten.Status = function (props) {
    var d = props.data || {};
    if (!d.status_text) return LEER;
    return React.createElement("span", {
      className: "statusbadge status-" + (d.status_code || ""),
      style: {color: d.status_farbe, borderColor: d.status_farbe},
      title: "Status: " + d.status_text,
      "data-symbol": d.status_symbol,
    }, d.status_text);
  };
})();
