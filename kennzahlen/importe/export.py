"""Out: table downloads (XLSX and CSV with German number formats, safe against Excel formulas) and the
full export of the database's content in the import formats, which imports back unchanged.

- ``tabelle_als_csv(df)`` / ``tabelle_als_xlsx(df)``: any DataFrame as a download. CSV: ``;``,
  decimal comma, UTF-8 with BOM (Excel opens it correctly), CRLF. XLSX: real numbers with German-
  readable formats (#.##0,00 in a German Excel), dates as TT.MM.JJJJ.
- Text cells starting with = + - @ tab or CR get an apostrophe in front, so that Excel shows them
  instead of running them as a formula (the import removes that apostrophe again).
- ``export_zip(fabrik)`` / ``export_xlsx(fabrik)`` / ``export_schreiben(fabrik, ziel)``: the full
  export, one table per import format (master data, Sozialräume, Bevölkerung, Kennzahlwerte, Haushalt
  in the long form with stored signs). ``inhalt_fingerabdruck(fabrik)`` hashes the content by natural
  keys (codes instead of ids), so that a round trip can be checked.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import math
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select, true
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen.importe.formate import FORMATE
from kennzahlen.importe.werte import GEFAEHRLICHE_ANFAENGE, schluessel
from kennzahlen.models import (
    ENTWURFSVERSIONEN,
    Base,
    Bevoelkerung,
    Handlungsfeld,
    Haushaltsbetrag,
    HskMassnahme,
    HskMassnahmeKennzahl,
    HskZiel,
    Kennzahl,
    Kennzahlwert,
    Kommune,
    Organisationseinheit,
    Planzeile,
    Produkt,
    ProduktKennzahl,
    Sozialraum,
    Sozialraumgeld,
    Veraenderung,
    Zeilenschema,
    Ziel,
    ZielKennzahl,
    ZielProdukt,
)

XLSX_ZELLE_MAX = 32767
"""Excel's limit of characters per cell."""
_OHNE_TAUSENDER = ("jahr", "periode", "alter", "nummer", "nachkommastellen", "reihenfolge", "id", "code")


# ------------------------------------------------------------------------------- single values
def sicher(text: str) -> str:
    """Escape a text cell for spreadsheets: an apostrophe before = + - @ tab CR (also after apostrophes)."""
    if text.lstrip("'")[:1] in GEFAEHRLICHE_ANFAENGE and text.lstrip("'"):
        return "'" + text
    return text


def _einfach(wert: object) -> object:
    """numpy/pandas scalars → Python values; NaN, NA and NaT → None."""
    if wert is None:
        return None
    if hasattr(wert, "item") and not isinstance(wert, str | bytes | Decimal):
        with contextlib.suppress(ValueError, AttributeError, TypeError):
            wert = wert.item()
    if isinstance(wert, float) and math.isnan(wert):
        return None
    try:
        import pandas as pd

        if wert is pd.NA or wert is pd.NaT:
            return None
        if isinstance(wert, pd.Timestamp):
            return wert.to_pydatetime()
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return wert


def zahl_text(wert: int | float | Decimal) -> str:
    """A number with a decimal comma and no thousands separator: -6135790, 13,1, 0,0005."""
    if isinstance(wert, int):
        return str(wert)
    if isinstance(wert, float):
        if math.isinf(wert):
            return ""
        wert = Decimal(repr(wert))
    wert = wert.normalize() if wert else Decimal(0)
    text = format(wert, "f")
    return text.replace(".", ",")


def zelle_text(wert: object) -> str:
    """A cell as CSV text (German formats, escaped text)."""
    wert = _einfach(wert)
    if wert is None:
        return ""
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, int | float | Decimal):
        return zahl_text(wert)
    if isinstance(wert, dt.datetime):
        return wert.strftime("%d.%m.%Y %H:%M:%S") if wert.time() != dt.time() else wert.strftime("%d.%m.%Y")
    if isinstance(wert, dt.date):
        return wert.strftime("%d.%m.%Y")
    return sicher(str(wert))


# ---------------------------------------------------------------------------------- writers
def zeilen_als_csv(kopf: Sequence[str], zeilen: Iterable[Sequence[object]], vorspann: Sequence[str] = ()) -> bytes:
    """Rows as CSV: ``;``, UTF-8 with BOM, CRLF, German numbers, escaped text; ``vorspann``: lines of one
    cell each above the header (a template's explanation)."""
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    for zeile in vorspann:
        schreiber.writerow([zeile])
    schreiber.writerow([sicher(str(k)) for k in kopf])
    for zeile in zeilen:
        schreiber.writerow([zelle_text(w) for w in zeile])
    return b"\xef\xbb\xbf" + puffer.getvalue().encode("utf-8")


def _zahlenformat(spalte: str, werte: list[object]) -> str | None:
    zahlen = [w for w in werte if isinstance(w, int | float | Decimal) and not isinstance(w, bool)]
    if not zahlen:
        return None
    stellen = 0
    for w in zahlen:
        d = Decimal(repr(w)) if isinstance(w, float) else Decimal(w)
        if d.is_finite():
            stellen = max(stellen, -min(d.normalize().as_tuple().exponent, 0))
    stellen = min(stellen, 6)
    k = schluessel(spalte)
    gruppiert = not any(t in k.split("_") or k.startswith(t) for t in _OHNE_TAUSENDER)
    return ("#,##0" if gruppiert else "0") + ("." + "0" * stellen if stellen else "")


def blaetter_als_xlsx(blaetter: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]]]]) -> bytes:
    """Sheets (name, header, rows) as an XLSX workbook: bold frozen header, number formats per column,
    dates TT.MM.JJJJ, escaped text, column widths. Cells longer than Excel allows raise ValueError."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    mappe = Workbook(write_only=True)
    fett = Font(bold=True)
    for name, kopf, zeilen in blaetter:
        blatt = mappe.create_sheet(title=name[:31])
        zeilen = [[_einfach(w) for w in z] for z in zeilen]
        formate = [_zahlenformat(k, [z[i] for z in zeilen if i < len(z)]) for i, k in enumerate(kopf)]
        breiten = [min(max([len(str(k))] + [len(zelle_text(z[i])) for z in zeilen[:200] if i < len(z)]) + 2, 60)
                   for i, k in enumerate(kopf)]
        for i, breite in enumerate(breiten):
            blatt.column_dimensions[get_column_letter(i + 1)].width = breite
        blatt.freeze_panes = "A2"
        kopfzellen = []
        for k in kopf:
            zelle = WriteOnlyCell(blatt, value=sicher(str(k)))
            zelle.font = fett
            kopfzellen.append(zelle)
        blatt.append(kopfzellen)
        for zeile in zeilen:
            ausgabe = []
            for i, wert in enumerate(zeile):
                if isinstance(wert, str):
                    if len(wert) > XLSX_ZELLE_MAX:
                        raise ValueError(f"Zelle in Spalte „{kopf[i]}“ ist länger als {XLSX_ZELLE_MAX} Zeichen")
                    ausgabe.append(sicher(wert))
                elif isinstance(wert, bool) or wert is None:
                    ausgabe.append(("ja" if wert else "nein") if isinstance(wert, bool) else None)
                elif isinstance(wert, int | float | Decimal):
                    zelle = WriteOnlyCell(blatt, value=wert if not isinstance(wert, float) or math.isfinite(wert)
                                          else None)
                    if formate[i]:
                        zelle.number_format = formate[i]
                    ausgabe.append(zelle)
                elif isinstance(wert, dt.datetime | dt.date):
                    if isinstance(wert, dt.datetime) and wert.tzinfo is not None:
                        wert = wert.astimezone(dt.UTC).replace(tzinfo=None)
                    zelle = WriteOnlyCell(blatt, value=wert)
                    mit_zeit = isinstance(wert, dt.datetime) and wert.time() != dt.time()
                    zelle.number_format = "DD.MM.YYYY HH:MM:SS" if mit_zeit else "DD.MM.YYYY"
                    ausgabe.append(zelle)
                else:
                    ausgabe.append(sicher(str(wert)))
            blatt.append(ausgabe)
    if not blaetter:
        mappe.create_sheet("Tabelle")
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def _df_zeilen(df) -> tuple[list[str], list[list[object]]]:
    kopf = [str(c) for c in df.columns]
    zeilen = [list(z) for z in df.itertuples(index=False, name=None)]
    return kopf, zeilen


def tabelle_als_csv(df) -> bytes:
    """A DataFrame as a CSV download (``;``, decimal comma, UTF-8 with BOM, escaped text)."""
    return zeilen_als_csv(*_df_zeilen(df))


def tabelle_als_xlsx(df, blatt: str = "Tabelle") -> bytes:
    """A DataFrame as an XLSX download (numbers as numbers with German formats, escaped text)."""
    kopf, zeilen = _df_zeilen(df)
    return blaetter_als_xlsx([(blatt, kopf, zeilen)])


# -------------------------------------------------------------------------------- full export
def _codes(session: Session, modell: type) -> dict[int, str]:
    return dict(session.execute(select(modell.id, modell.code)).all())


def daten_exportieren(fabrik: sessionmaker[Session], mit_entwurf: bool = True
                      ) -> list[tuple[str, list[str], list[list[object]]]]:
    """The database's content as (art, header, rows), one entry per import format, in import order.

    ``mit_entwurf=False`` leaves out budget amounts of the version Entwurf (for readers without the
    right ``entwurf_lesen`` while WK_ENTWURF_EINGESCHRAENKT is set)."""
    with fabrik() as s:
        oe, hf, zi = _codes(s, Organisationseinheit), _codes(s, Handlungsfeld), _codes(s, Ziel)
        kz, pr, sr = _codes(s, Kennzahl), _codes(s, Produkt), _codes(s, Sozialraum)
        sch = _codes(s, Zeilenschema)
        pz = {i: (sch[sid], n) for i, sid, n in s.execute(select(Planzeile.id, Planzeile.schema_id, Planzeile.nummer))}
        g = oe.get
        ergebnis: list[tuple[str, list[str], list[list[object]]]] = []

        def tabelle(art: str, spalten: list[str], zeilen: Iterable[Sequence[object]]) -> None:
            ergebnis.append((art, spalten, [list(z) for z in zeilen]))

        q = s.execute
        tabelle("kommune", [x.name for x in FORMATE["kommune"].spalten],
                [(r.name, r.gemeindeschluessel, r.einwohner) for r in q(select(Kommune).order_by(Kommune.id)
                                                                         .limit(1)).scalars()])
        tabelle("organisationseinheiten", ["Organisationseinheit", "Name", "Übergeordnete Organisationseinheit"],
                [(r.code, r.name, g(r.parent_id)) for r in q(select(Organisationseinheit).order_by(
                    Organisationseinheit.code)).scalars()])
        tabelle("handlungsfelder", ["Handlungsfeld", "Name", "Beschreibung", "Reihenfolge"],
                [(r.code, r.name, r.beschreibung, r.reihenfolge) for r in q(select(Handlungsfeld).order_by(
                    Handlungsfeld.code)).scalars()])
        tabelle("ziele", [x.name for x in FORMATE["ziele"].spalten],
                [(r.code, r.name, r.beschreibung, r.ebene, r.zielfeld, hf.get(r.handlungsfeld_id), zi.get(r.parent_id),
                  g(r.organisationseinheit_id), r.gueltig_von, r.gueltig_bis, r.zieltext, r.leichte_sprache)
                 for r in q(select(Ziel).order_by(Ziel.code)).scalars()])
        tabelle("kennzahlen", [x.name for x in FORMATE["kennzahlen"].spalten],
                [(r.code, r.name, r.beschreibung, r.einheit, r.zaehler, r.nenner, r.quelle, r.frequenz, r.typ,
                  r.richtung, r.korridor_unten, r.korridor_oben, r.steuerbar, r.raumebene, r.fallzahl,
                  r.nachkommastellen, hf.get(r.handlungsfeld_id), g(r.organisationseinheit_id), r.leichte_sprache,
                  r.rate_alter_von, r.rate_alter_bis)
                 for r in q(select(Kennzahl).order_by(Kennzahl.code)).scalars()])
        tabelle("produkte", [x.name for x in FORMATE["produkte"].spalten],
                [(r.code, r.name, r.ebene, pr.get(r.parent_id), g(r.organisationseinheit_id), r.aufgabenart,
                  r.beschreibung) for r in q(select(Produkt).order_by(Produkt.code)).scalars()])
        schemata = {i: n for i, n in q(select(Zeilenschema.id, Zeilenschema.name))}
        tabelle("zeilenschemata", [x.name for x in FORMATE["zeilenschemata"].spalten],
                [(sch[r.schema_id], schemata[r.schema_id], r.nummer, r.bezeichnung, r.art, r.summe_aus)
                 for r in q(select(Planzeile).order_by(Planzeile.schema_id, Planzeile.nummer)).scalars()])
        tabelle("ziel_produkt", ["Ziel", "Produkt", "Anteil"],
                sorted((zi[r.ziel_id], pr[r.produkt_id], r.anteil) for r in q(select(ZielProdukt)).scalars()))
        tabelle("ziel_kennzahl", ["Ziel", "Kennzahl", "Gewicht"],
                sorted((zi[r.ziel_id], kz[r.kennzahl_id], r.gewicht) for r in q(select(ZielKennzahl)).scalars()))
        tabelle("produkt_kennzahl", ["Produkt", "Kennzahl", "Rolle"],
                sorted((pr[r.produkt_id], kz[r.kennzahl_id], r.rolle) for r in q(select(ProduktKennzahl)).scalars()))
        tabelle("sozialraeume", [x.name for x in FORMATE["sozialraeume"].spalten],
                [(r.code, r.name, r.ebene, sr.get(r.parent_id), r.flaeche_km2, r.geometrie)
                 for r in q(select(Sozialraum).order_by(Sozialraum.code)).scalars()])
        tabelle("bevoelkerung", [x.name for x in FORMATE["bevoelkerung"].spalten],
                sorted(((sr[r.sozialraum_id], r.jahr, r.alter_von, r.alter_bis, r.anzahl)
                        for r in q(select(Bevoelkerung.sozialraum_id, Bevoelkerung.jahr, Bevoelkerung.alter_von,
                                          Bevoelkerung.alter_bis, Bevoelkerung.anzahl))),
                       key=lambda t: (t[0], t[1], t[2])))
        tabelle("kennzahlwerte", [x.name for x in FORMATE["kennzahlwerte"].spalten],
                sorted(((kz[r.kennzahl_id], r.jahr, r.periodenart, r.periode, sr.get(r.sozialraum_id), r.wertart,
                         r.wert, r.status)
                        for r in q(select(Kennzahlwert.kennzahl_id, Kennzahlwert.jahr, Kennzahlwert.periodenart,
                                          Kennzahlwert.periode, Kennzahlwert.sozialraum_id, Kennzahlwert.wertart,
                                          Kennzahlwert.wert, Kennzahlwert.status))),
                       key=lambda t: (t[0], t[1], t[2], t[3], t[4] or "", t[5])))
        tabelle("raumgeld", *_raumgeld_breit(s, sr))
        tabelle("haushalt_lang", ["Produkt", "Jahr", "Periodenart", "Periode", "Zeilenschema", "Zeile", "Betragsart",
                                  "Version", "Betrag"],
                sorted(((pr[r.produkt_id], r.jahr, r.periodenart, r.periode, *pz[r.planzeile_id], r.betragsart,
                         r.version, r.betrag)
                        for r in q(select(Haushaltsbetrag.produkt_id, Haushaltsbetrag.jahr, Haushaltsbetrag.periodenart,
                                          Haushaltsbetrag.periode, Haushaltsbetrag.planzeile_id,
                                          Haushaltsbetrag.betragsart, Haushaltsbetrag.version,
                                          Haushaltsbetrag.betrag)
                           .where(Haushaltsbetrag.version.not_in(ENTWURFSVERSIONEN) if not mit_entwurf
                                  else true()))),
                       key=lambda t: t[:8]))
        nummern = {i: n for i, n in q(select(Planzeile.id, Planzeile.nummer))}
        tabelle("veraenderungsliste", [x.name for x in FORMATE["veraenderungsliste"].spalten],
                sorted(((r.haushaltsjahr, r.nummer, r.bezeichnung, pr[r.produkt_id], nummern[r.planzeile_id], r.jahr,
                         r.betrag, r.begruendung, r.antragsteller, r.status)
                        for r in q(select(Veraenderung)).scalars()), key=lambda t: t[:2] + t[3:6])
                if mit_entwurf else [])  # the list changes a draft: draft material
        massnahmen = _codes(s, HskMassnahme)
        verknuepft: dict[int, list[str]] = {}
        for massnahme_id, kennzahl_id in q(select(HskMassnahmeKennzahl.massnahme_id, HskMassnahmeKennzahl.kennzahl_id)):
            verknuepft.setdefault(massnahme_id, []).append(kz[kennzahl_id])
        tabelle("hsk_massnahmen", [x.name for x in FORMATE["hsk_massnahmen"].spalten],
                [(r.code, r.bezeichnung, r.beschreibung, pr.get(r.produkt_id), r.status, r.umsetzungsgrad,
                  r.verantwortlich, ", ".join(sorted(verknuepft.get(r.id, []))))
                 for r in q(select(HskMassnahme).order_by(HskMassnahme.code)).scalars()])
        tabelle("hsk_ziele", [x.name for x in FORMATE["hsk_ziele"].spalten],
                sorted((massnahmen[r.massnahme_id], r.jahr, r.einsparziel, r.erreicht)
                       for r in q(select(HskZiel)).scalars()))
    return ergebnis


_RAUMGELD_SPALTEN = {"ergebnis": "Ergebnis", "ansatz": "Ansatz", "fortgeschriebener_ansatz": "Fortgeschriebener Ansatz",
                     "planung": "Planung"}


def _raumgeld_breit(session: Session, sr: dict[int, str]) -> tuple[list[str], list[list[object]]]:
    """Money per district in the wide import form: one row per district, Produktgruppe and line, one column per
    Betragsart and year, amounts as stored (Erträge +, Aufwendungen −; the import detects that convention)."""
    g = Sozialraumgeld
    zeilen = session.execute(select(g.sozialraum_id, g.produkt_code, g.produkt_name, g.zeile, g.zeile_name, g.jahr,
                                    g.betragsart, g.betrag)).all()
    spalten = sorted({(r.betragsart, r.jahr) for r in zeilen},
                     key=lambda a: (a[1], list(_RAUMGELD_SPALTEN).index(a[0])))
    gruppen: dict[tuple, dict] = {}
    for r in zeilen:
        eintrag = gruppen.setdefault((sr[r.sozialraum_id], r.produkt_code, r.zeile), {
            "name": r.produkt_name, "zeile": f"{r.zeile} - {r.zeile_name}" if r.zeile_name else r.zeile})
        eintrag[(r.betragsart, r.jahr)] = r.betrag
    kopf = ["Sozialraum", "Produktgruppe", "Produktgruppenbezeichnung", "Zeile",
            *(f"{_RAUMGELD_SPALTEN[a]} {j}" for a, j in spalten)]
    return kopf, [[raum, pg, e["name"], e["zeile"], *(e.get(s) for s in spalten)]
                  for (raum, pg, _z), e in sorted(gruppen.items())]


def _dateiname(art: str) -> str:
    return FORMATE[art].dateiname or art


def export_dateien(fabrik: sessionmaker[Session], mit_entwurf: bool = True) -> dict[str, bytes]:
    """The full export as CSV files: file name → bytes (empty tables are left out)."""
    return {f"{_dateiname(art)}.csv": zeilen_als_csv(kopf, zeilen)
            for art, kopf, zeilen in daten_exportieren(fabrik, mit_entwurf) if zeilen}


def export_zip(fabrik: sessionmaker[Session], mit_entwurf: bool = True) -> bytes:
    """The full export as one ZIP of CSV files (imports back with ``importieren`` as one file)."""
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, inhalt in export_dateien(fabrik, mit_entwurf).items():
            z.writestr(name, inhalt)
    return puffer.getvalue()


def export_xlsx(fabrik: sessionmaker[Session]) -> tuple[bytes, list[str]]:
    """The full export as one workbook (one sheet per format) and notes on what XLSX cannot hold
    (geometries longer than an Excel cell: then the column Geometrie is left out)."""
    blaetter, hinweise = [], []
    for art, kopf, zeilen in daten_exportieren(fabrik):
        if not zeilen:
            continue
        if "Geometrie" in kopf:
            i = kopf.index("Geometrie")
            if any(isinstance(z[i], str) and len(z[i]) > XLSX_ZELLE_MAX for z in zeilen):
                kopf = kopf[:i] + kopf[i + 1:]
                zeilen = [z[:i] + z[i + 1:] for z in zeilen]
                hinweise.append("Geometrien sind länger als eine Excel-Zelle erlaubt und fehlen im XLSX-Export; "
                                "der CSV/ZIP-Export enthält sie.")
        blaetter.append((FORMATE[art].blatt or FORMATE[art].titel, kopf, zeilen))
    return blaetter_als_xlsx(blaetter), hinweise


def export_schreiben(fabrik: sessionmaker[Session], ziel: Path, format: str = "csv") -> tuple[list[Path], list[str]]:
    """Write the full export: ``ziel`` ending in .zip → ZIP of CSVs; .xlsx → workbook; else a folder
    of CSV files (or of one workbook with ``format="xlsx"``). Returns the files written and notes."""
    ziel = Path(ziel)
    if ziel.suffix.lower() == ".zip":
        ziel.parent.mkdir(parents=True, exist_ok=True)
        ziel.write_bytes(export_zip(fabrik))
        return [ziel], []
    if ziel.suffix.lower() == ".xlsx" or format == "xlsx":
        datei = ziel if ziel.suffix.lower() == ".xlsx" else ziel / "wirkungscockpit_export.xlsx"
        datei.parent.mkdir(parents=True, exist_ok=True)
        inhalt, hinweise = export_xlsx(fabrik)
        datei.write_bytes(inhalt)
        return [datei], hinweise
    ziel.mkdir(parents=True, exist_ok=True)
    geschrieben = []
    for name, inhalt in export_dateien(fabrik).items():
        (ziel / name).write_bytes(inhalt)
        geschrieben.append(ziel / name)
    return geschrieben, []


# --------------------------------------------------------------------------------- fingerprint
INHALT_MODELLE = (
    Organisationseinheit, Handlungsfeld, Ziel, Kennzahl, Produkt, Zeilenschema, Planzeile, ZielProdukt, ZielKennzahl,
    ProduktKennzahl, Sozialraum, Bevoelkerung, Kennzahlwert, Haushaltsbetrag, Veraenderung, HskMassnahme, HskZiel,
    HskMassnahmeKennzahl, Sozialraumgeld,
)
"""The tables the import formats cover (Kommune, Kommentare, users, logs are not part of them)."""
_TECHNISCH = {"id", "geaendert_am", "import_id", "erfasst_von"}  # provenance, not content


def _normal(wert: object) -> object:
    if isinstance(wert, Decimal):
        return "D" + format(wert.normalize() if wert else Decimal(0), "f")
    if isinstance(wert, float):
        return "D" + format(Decimal(repr(wert)).normalize(), "f")
    if isinstance(wert, dt.date):
        return wert.isoformat()
    return wert


def inhalt_fingerabdruck(fabrik: sessionmaker[Session]) -> str:
    """SHA-256 over the content of ``INHALT_MODELLE`` with references as codes, without ids, change
    times and import ids – equal for two databases holding the same data, however it got there."""
    with fabrik() as s:
        codes = {m.__tablename__: _codes(s, m) for m in (Organisationseinheit, Handlungsfeld, Ziel, Kennzahl, Produkt,
                                                          Sozialraum, Zeilenschema, HskMassnahme)}
        planzeile = {i: f"{codes['zeilenschema'][sid]}/{n}"
                     for i, sid, n in s.execute(select(Planzeile.id, Planzeile.schema_id, Planzeile.nummer))}
        bezug = {"organisationseinheit_id": codes["organisationseinheit"], "handlungsfeld_id": codes["handlungsfeld"],
                 "ziel_id": codes["ziel"], "kennzahl_id": codes["kennzahl"], "produkt_id": codes["produkt"],
                 "sozialraum_id": codes["sozialraum"], "schema_id": codes["zeilenschema"], "planzeile_id": planzeile,
                 "massnahme_id": codes["hsk_massnahme"]}
        pruefsumme = hashlib.sha256()
        for modell in INHALT_MODELLE:
            tabelle = Base.metadata.tables[modell.__tablename__]
            spalten = sorted((c for c in tabelle.columns if c.name not in _TECHNISCH), key=lambda c: c.name)
            eigene = codes.get(tabelle.name, {})
            zeilen = []
            for zeile in s.execute(select(*spalten)):
                werte = []
                for spalte, wert in zip(spalten, zeile, strict=True):
                    if spalte.name == "parent_id":
                        wert = eigene.get(wert)
                    elif spalte.name in bezug:
                        wert = bezug[spalte.name].get(wert)
                    werte.append(_normal(wert))
                zeilen.append(json.dumps(werte, ensure_ascii=False, default=str))
            zeilen.sort()
            pruefsumme.update(f"#{tabelle.name}|{len(zeilen)}|{','.join(c.name for c in spalten)}\n".encode())
            for z in zeilen:
                pruefsumme.update(z.encode() + b"\n")
    return pruefsumme.hexdigest()
