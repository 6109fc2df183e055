"""The import's own error: every problem of a file as ``Fehler(zeile, spalte, wert, erwartet)`` in German."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

MAX_ANGEZEIGT = 100
"""How many errors ``ImportFehler.__str__`` lists (the object keeps all of them)."""


_UNSICHTBAR = {"Cf", "Cc", "Co", "Cs", "Cn", "Zl", "Zp"}


def sichtbar(text: str) -> str:
    """Invisible characters made visible: 'K101\u200b' → 'K101⟨U+200B⟩', a no-break space → '⟨U+00A0⟩',
    line breaks and tabs as \\n, \\r, \\t."""
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    if text.isascii() and text.isprintable():
        return text
    return "".join(f"⟨U+{ord(c):04X}⟩" if (c != " " and unicodedata.category(c) == "Zs")
                   or unicodedata.category(c) in _UNSICHTBAR else c for c in text)


def _kurz(wert: object, laenge: int = 60) -> str:
    text = sichtbar(str(wert)[: laenge * 2])
    return text if len(text) <= laenge else text[: laenge - 1] + "…"


@dataclass(frozen=True)
class Fehler:
    """One problem: where (row, column, sheet), which value, what was wrong and what was expected.

    ``zeile`` is the row number as a spreadsheet shows it (header = 1) or None for the whole file;
    ``weitere`` counts further rows with the same problem and value (reported once).
    """

    zeile: int | None
    spalte: str | None
    wert: str | None
    erwartet: str
    problem: str = "ist ungültig"
    blatt: str | None = None
    weitere: int = 0
    datei: str | None = None
    """The file of a package (folder, ZIP, several uploads) the problem is in."""

    @property
    def ort(self) -> str:
        """'Datei „03_ziele.csv“, Blatt „Ziele“, Zeile 12, Spalte „Wert“' – as much as is known."""
        teile = []
        if self.datei:
            teile.append(f"Datei „{self.datei}“")
        if self.blatt and self.blatt != self.datei:
            teile.append(f"Blatt „{self.blatt}“")
        if self.zeile is not None:
            teile.append(f"Zeile {self.zeile}")
        if self.spalte:
            teile.append(f"Spalte „{self.spalte}“")
        return ", ".join(teile) or "Datei"

    def text(self) -> str:
        """'Zeile 12, Spalte „Wert“: „12,3x“ ist keine Zahl (erwartet: Dezimalzahl wie 1.234,56)'."""
        was = self.problem if self.wert is None or self.wert == "" else f"„{_kurz(self.wert)}“ {self.problem}"
        text = f"{self.ort}: {was}"
        if self.erwartet:
            text += f" (erwartet: {self.erwartet})"
        if self.weitere:
            text += f"; ebenso in {self.weitere} weiteren Zeile{'n' if self.weitere > 1 else ''}"
        return text

    def __str__(self) -> str:
        return self.text()


def mit_datei(fehler: ImportFehler, datei: str) -> ImportFehler:
    """The same errors, each naming ``datei`` (when it names no file yet)."""
    return ImportFehler([f if f.datei else dataclasses.replace(f, datei=datei) for f in fehler.fehler],
                        fehler.kandidaten)


class ImportFehler(Exception):
    """A file cannot be imported; ``fehler`` lists every problem found (nothing was written).

    ``kandidaten`` is set when the kind of import could not be recognised: the kinds that would fit,
    so that a caller can ask the user and call again with ``art=…``.
    """

    def __init__(self, fehler: Sequence[Fehler] | Fehler | str, kandidaten: Sequence[str] = ()) -> None:
        if isinstance(fehler, str):
            fehler = [Fehler(None, None, None, "", problem=fehler)]
        elif isinstance(fehler, Fehler):
            fehler = [fehler]
        self.fehler: list[Fehler] = list(fehler)
        """Every problem found."""
        self.kandidaten: tuple[str, ...] = tuple(kandidaten)
        super().__init__(self.zusammenfassung())

    def zusammenfassung(self, hoechstens: int = MAX_ANGEZEIGT) -> str:
        """German text: a headline and one line per error (the first ``hoechstens``)."""
        n = len(self.fehler)
        zeilen = [f"Import abgebrochen, nichts gespeichert: {n} Fehler." if n != 1
                  else "Import abgebrochen, nichts gespeichert: 1 Fehler."]
        zeilen += [f"  {f.text()}" for f in self.fehler[:hoechstens]]
        if n > hoechstens:
            zeilen.append(f"  … und {n - hoechstens} weitere Fehler.")
        return "\n".join(zeilen)
