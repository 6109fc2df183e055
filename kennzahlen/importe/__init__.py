"""Getting real data in and out: imports that never lose anything, exports people can use.

The single way in is ``importieren(fabrik, dateiname, inhalt, benutzer, art=None, optionen=None,
nur_vorschau=False) -> Importbericht``; bad input raises ``ImportFehler`` (a list of ``Fehler`` with row,
column, value and expectation in German) and writes nothing. The formats are data in ``FORMATE``
(templates via ``vorlage``); ``export`` writes table downloads and the full export.

Modules: ``lesen`` (bytes → tables, hostile files), ``werte`` (cells), ``formate`` (formats, templates),
``kontext`` (options, row reader, upsert), ``stammdaten``, ``raeume``, ``kennzahlwerte``, ``haushalt``
(the importers), ``ablauf`` (the transaction), ``export``.
"""

from kennzahlen.importe.ablauf import Importbericht, importieren
from kennzahlen.importe.export import (
    export_schreiben,
    export_xlsx,
    export_zip,
    inhalt_fingerabdruck,
    tabelle_als_csv,
    tabelle_als_xlsx,
)
from kennzahlen.importe.fehler import Fehler, ImportFehler
from kennzahlen.importe.formate import FORMATE, VORLAGEN, Importformat, Spalte, art_erkennen, vorlage
from kennzahlen.importe.kontext import VORZEICHEN, Aenderung, Importoptionen, Zaehler
from kennzahlen.importe.lesen import MAX_DATEIGROESSE, MAX_ENTPACKT

__all__ = [
    "FORMATE",
    "MAX_DATEIGROESSE",
    "MAX_ENTPACKT",
    "VORLAGEN",
    "VORZEICHEN",
    "Aenderung",
    "Fehler",
    "ImportFehler",
    "Importbericht",
    "Importformat",
    "Importoptionen",
    "Spalte",
    "Zaehler",
    "art_erkennen",
    "export_schreiben",
    "export_xlsx",
    "export_zip",
    "importieren",
    "inhalt_fingerabdruck",
    "tabelle_als_csv",
    "tabelle_als_xlsx",
    "vorlage",
]
