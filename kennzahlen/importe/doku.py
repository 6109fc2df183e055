"""docs/importformate.md, generated from the format definitions (``FORMATE``) so that it cannot drift:
every format with its columns, required or not, type, allowed values, length limits, meaning, how it is
recognised, and an example (the template's own example row).

Write it with ``python -m kennzahlen.importe.doku`` (``make docs``); a test fails when the file in the
repository is not what this module generates.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kennzahlen.importe.formate import FORMATE, TYPEN, VORLAGEN, Importformat, Spalte, vorlage_spalten

ZIEL = Path(__file__).resolve().parents[2] / "docs" / "importformate.md"
"""Where the generated documentation lives in the repository."""

EINLEITUNG = """# Importformate

*Erzeugt aus den Formatdefinitionen (`kennzahlen/importe/formate.py`) mit `make docs`
(`python -m kennzahlen.importe.doku`); nicht von Hand ändern – ein Test vergleicht.*

Jede Datei ist eine CSV-Datei (Trennzeichen `;` oder `,`, UTF-8 oder Windows-1252), eine XLSX-Arbeitsmappe,
eine GeoJSON-Datei oder ein ZIP. Die Importart wird an den Spaltenüberschriften erkannt (Groß-/Kleinschreibung,
Umlaute und Leerzeichen egal; die genannten anderen Namen gelten auch); passt eine Datei zu keinem Format,
nennt die Meldung „Unbekanntes Format“ die nächsten Formate und die Spalten, die ihnen fehlen.

**Pakete.** Mehrere Dateien auf einmal (ein Ordner auf der Kommandozeile, mehrere Dateien in einem Upload,
ein ZIP) **und eine mehrblättrige XLSX-Arbeitsmappe** sind ein Paket: eine Vorschau, ein Import in der
Reihenfolge dieser Seite (Stammdaten vor Sozialräumen, Werten und Haushalt), alles oder nichts; jede Meldung
nennt ihre Datei (und ihr Blatt). Ein Blatt namens „Erläuterung“ (aus den XLSX-Vorlagen) wird übersprungen.

**Neue Stammdaten** (Organisationseinheiten, Handlungsfelder, Ziele, Kennzahlen, Produkte, Sozialräume,
Zeilenschemata), die ein Import anlegen würde, listet die Vorschau auf; gespeichert werden sie nur mit
Bestätigung (Kommandozeile `--neue-stammdaten-anlegen`, Upload-Seite Häkchen „Neue Stammdaten anlegen“).

**Codes** bleiben Text. Hat Excel führende Nullen entfernt (0501 → 501), erkennt der Import das am
gespeicherten Katalog und am Codeschema, ergänzt die Null mit einer Warnung oben im Bericht oder weist einen
mehrdeutigen Code ab.

**Planwerte einer Kennzahl** stehen im Format „Kennzahlwerte“ mit der Wertart `zielwert` (Ist-Werte mit
`ist`, der Ausgangswert mit `ausgangswert`): eine Zeile je Kennzahl, Jahr, Periode und ggf. Sozialraum, z. B.
`K101;2025;jahr;1;;zielwert;8,0`. Eine Jahreskennzahl hat Periodenart `jahr` und Periode 1.

**Haushalt nur mit Summenzeilen.** Liefert eine Datei je Produkt nur Summenzeilen (z. B. 10 Ordentliche
Erträge, 17 Ordentliche Aufwendungen, 18 Ergebnis), werden sie auf dieser Ebene gespeichert (10 und 17, die 18
wird gegen sie geprüft); stehen Einzel- und Summenzeilen nebeneinander, bleiben die Summenzeilen Prüfung.

Vorlagen mit deutscher Kopfzeile und einer Beispielzeile: Upload-Seite `/import` oder
`python -m kennzahlen vorlage alle --format xlsx ORDNER`. Die XLSX-Vorlage erklärt jede Spalte auf dem Blatt
„Erläuterung“, die CSV-Vorlage in Zeilen mit `#` über der Kopfzeile (der Import überspringt sie).
"""


def _zelle(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _spaltenzeile(s: Spalte) -> str:
    namen = f"**{_zelle(s.name)}**" if s.pflicht else _zelle(s.name)
    if s.aliase:
        namen += " (auch: " + ", ".join(_zelle(a) for a in s.aliase) + ")"
    erlaubt = ", ".join(f"`{w}`" for w in s.werte)
    typ = _zelle(TYPEN.get(s.typ, s.typ))
    return (f"| {namen} | {'ja' if s.pflicht else 'nein'} | {typ} | {erlaubt} | {s.grenze} | "
            f"{_zelle(s.beschreibung)} | {_zelle(s.beispiel)} |")


def _beispiel(art: str) -> list[str]:
    spalten = vorlage_spalten(art)
    return ["```csv", ";".join(name for _s, name, _b in spalten), ";".join(b for _s, _n, b in spalten), "```"]


def format_abschnitt(f: Importformat) -> list[str]:
    """The Markdown section of one format."""
    zeilen = [f"## {f.titel} (`{f.art}`)", "", f.beschreibung, ""]
    if f.dateiname:
        zeilen.append(f"Vorlage: `{f.dateiname}.csv` / `{f.dateiname}.xlsx` (Blatt „{f.blatt or f.titel[:31]}“).")
    else:
        zeilen.append("Fremdformat: wird nur gelesen (keine Vorlage).")
    if f.erkennung:
        gruppen = ["„" + "“ oder „".join(g) + "“" for g in f.erkennung]
        zeilen.append("Erkannt an den Spalten " + ", ".join(gruppen)
                      + (" und Jahresspalten wie „Ansatz 2025“" if f.jahresspalten else "") + ".")
    zeilen.append("")
    if f.spalten:
        zeilen += ["| Spalte | Pflicht | Typ | erlaubte Werte | Grenze | Bedeutung | Beispiel |",
                   "|---|---|---|---|---|---|---|"]
        zeilen += [_spaltenzeile(s) for s in f.spalten]
        if f.jahresspalten:
            zeilen.append("| *Betragsart Jahr* (z. B. „Ergebnis 2023“, „Ansatz 2024 (TEUR)“) | ja | Betrag in Euro | "
                          "Ergebnis, Ansatz, Plan, Fortgeschriebener Ansatz, Planung, Prognose | | eine Spalte je "
                          "Betragsart und Jahr; „TEUR“ im Namen rechnet in Euro um | 6.135.790- |")
        zeilen.append("")
    for h in f.hinweise:
        zeilen += [h, ""]
    if f.art in VORLAGEN:
        zeilen += ["Beispiel:", "", *_beispiel(f.art), ""]
    return zeilen


def importformate_markdown() -> str:
    """The whole of docs/importformate.md."""
    zeilen = [EINLEITUNG, "Reihenfolge in einem Paket: " + ", ".join(f.titel for f in FORMATE.values()) + ".", ""]
    for f in FORMATE.values():
        zeilen += format_abschnitt(f)
    return "\n".join(zeilen).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/importformate.md (or the path given)."""
    argumente = sys.argv[1:] if argv is None else argv
    ziel = Path(argumente[0]) if argumente else ZIEL
    ziel.parent.mkdir(parents=True, exist_ok=True)
    ziel.write_text(importformate_markdown(), encoding="utf-8")
    print(f"Importformate beschrieben: {ziel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
