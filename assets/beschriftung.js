// dcc.Upload renders its <input type="file"> without a label (axe: "label", critical).
// Give every upload field's input the accessible name "Datei zum Import auswählen" as soon as it appears.
(function () {
  function beschriften() {
    document.querySelectorAll('.upload-feld input[type="file"]:not([aria-label])').forEach(function (feld) {
      feld.setAttribute("aria-label", "Datei zum Import auswählen");
    });
  }
  new MutationObserver(beschriften).observe(document.documentElement, {childList: true, subtree: true});
  beschriften();
})();
