"""Nicht gemeldete Kennzahlen: which Ist values are due for a reporting period, which owner unit has not
delivered them yet, and the file each unit fills in to deliver them (it imports back unchanged).

Due rule (one rule for every pairing of frequency and reporting period): a Kennzahl of frequency ``f``
owes its Ist for every period of kind ``f`` whose END lies within the reporting period. So

- quarterly Kennzahl, quarterly report: the quarter itself;
- yearly Kennzahl: only in the report whose period ends on 31.12. (Q4, T3, December, the year), and
  then the Ist of the whole year (Periodenart jahr);
- Tertial Kennzahl in a quarterly report: T1 (ends 30.4.) in Q2, T2 (31.8.) in Q3, T3 in Q4, none in Q1;
- monthly Kennzahl in a quarterly report: the three months of the quarter;
- a yearly report (Periodenart jahr) owes every period of the year of every frequency.

Kontext-Kennzahlen are due like all others: they are delivered data, even though they are never rated.

What counts as delivered: a city value (Sozialraum empty) with Wertart ist for every due period, and for
Kennzahlen with Raumebene sozialraum additionally one Ist per Sozialraum (areas of the level
„sozialraum“, not the Bezirke). A Kennzahl with the city value but gaps in single Sozialräume is still
missing (``fehlende_raeume`` says how many). Kennzahlen without an owner unit appear under the unit code
"" („ohne zuständige Organisationseinheit“); they have no delivery file.

The delivery file is exactly the Kennzahlwerte import format (``FORMATE["kennzahlwerte"]``): one row per
Kennzahl, due period and (for sozialraum Kennzahlen) Sozialraum, Wertart ist, Wert empty. Four help
columns follow (name, unit, name of the Sozialraum, Ist of the period before); the importer does not map
them and ignores them. A Wert cell left empty is an import error („Wert fehlt“), so rows without a value
must be deleted before the upload: the file's „Erläuterung“ sheet says so.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from kennzahlen import kleine_zahlen
from kennzahlen.abfragen import tabelle_lesen
from kennzahlen.cache import zwischenspeichern
from kennzahlen.importe import export
from kennzahlen.importe.formate import ERLAEUTERUNG, FORMATE
from kennzahlen.models import FREQUENZEN, Handlungsfeld, Kennzahl, Kennzahlwert, Organisationseinheit, Sozialraum
from kennzahlen.perioden import Periode, perioden_des_jahres

OHNE_EINHEIT = "ohne zuständige Organisationseinheit"
"""Name shown for Kennzahlen without an owner unit (their einheit_code is "")."""
GESAMTSTADT = "Gesamtstadt"
ENDUNGEN = ("xlsx", "csv")

FEHLEND_SPALTEN = [
    "organisationseinheit_id", "organisationseinheit", "einheit_code", "kennzahl_id", "code", "name",
    "handlungsfeld_id", "handlungsfeld", "typ", "einheit", "frequenz", "raumebene", "perioden", "stadtwert_fehlt",
    "fehlende_raeume", "vorperiode_geliefert",
]
"""Columns of ``fehlende_lieferungen``."""
UEBERSICHT_SPALTEN = ["einheit_code", "organisationseinheit", "faellig", "geliefert", "fehlend", "quote"]
"""Columns of ``lieferuebersicht``."""

FORMAT = FORMATE["kennzahlwerte"]
IMPORTSPALTEN = [s.name for s in FORMAT.spalten]
"""The columns of the Kennzahlwerte import format, in its order (Kennzahl … Status)."""
HILFSSPALTEN = ["Kennzahlname", "Maßeinheit", "Sozialraumname", "Ist der Vorperiode"]
"""Help columns after the import columns; no import format knows these headers, so the importer skips them."""


class UnbekannteEinheit(LookupError):
    """No Organisationseinheit has this code."""


# ------------------------------------------------------------------------------------- due rule
def faellige_perioden(frequenz: str, periode: Periode) -> list[Periode]:
    """The periods of kind ``frequenz`` whose end lies within ``periode`` (the Ist values due in that report)."""
    if frequenz not in FREQUENZEN:
        raise ValueError(f"Unbekannte Frequenz „{frequenz}“ (erwartet: {', '.join(FREQUENZEN)})")
    return [p for p in perioden_des_jahres(periode.jahr, frequenz) if periode.anfang <= p.ende <= periode.ende]


def faellige_kennzahlen(kennzahlen: pd.DataFrame, periode: Periode) -> pd.DataFrame:
    """One row per Kennzahl (needs column ``frequenz``) and due period: its columns plus jahr, periodenart,
    periode; Kennzahlen with nothing due in ``periode`` are left out (Kontext-Kennzahlen are due as well)."""
    zeilen = []
    faellig = {f: faellige_perioden(f, periode) for f in kennzahlen["frequenz"].unique()}
    for i, frequenz in enumerate(kennzahlen["frequenz"]):
        zeilen += [(i, p.jahr, p.art, p.nummer) for p in faellig[frequenz]]
    perioden = pd.DataFrame(zeilen, columns=["_zeile", "jahr", "periodenart", "periode"])
    spalten = [c for c in kennzahlen.columns if c not in ("jahr", "periodenart", "periode")]
    ergebnis = kennzahlen[spalten].iloc[perioden["_zeile"].to_numpy(dtype=int)].reset_index(drop=True)
    for c in ("jahr", "periodenart", "periode"):
        ergebnis[c] = perioden[c].to_numpy()
    return ergebnis


# -------------------------------------------------------------------------------------- queries
def _kennzahlen(fabrik: sessionmaker[Session]) -> pd.DataFrame:
    k, oe, hf = Kennzahl, Organisationseinheit, Handlungsfeld
    df = tabelle_lesen(fabrik, select(
        k.id.label("kennzahl_id"), k.code, k.name, k.einheit, k.typ, k.frequenz, k.raumebene, k.fallzahl,
        k.handlungsfeld_id, hf.name.label("handlungsfeld"), k.organisationseinheit_id,
        oe.name.label("organisationseinheit"), oe.code.label("einheit_code"),
    ).outerjoin(oe, oe.id == k.organisationseinheit_id).outerjoin(hf, hf.id == k.handlungsfeld_id).order_by(k.code))
    df["organisationseinheit_id"] = df["organisationseinheit_id"].astype("Int64")
    df["handlungsfeld_id"] = df["handlungsfeld_id"].astype("Int64")
    ohne = df["einheit_code"].isna()
    df.loc[ohne, "einheit_code"] = ""
    df.loc[ohne, "organisationseinheit"] = OHNE_EINHEIT
    return df


def _raeume(fabrik: sessionmaker[Session]) -> pd.DataFrame:
    s, bezirk = Sozialraum, aliased(Sozialraum)
    return tabelle_lesen(fabrik, select(s.id, s.code, s.name, bezirk.code).outerjoin(bezirk, bezirk.id == s.parent_id)
                         .where(s.ebene == "sozialraum").order_by(s.code),
                         ["raum", "sozialraum", "sozialraumname", "bezirk_code"])


def vorwerte_schuetzen(soll: pd.DataFrame, minimum: int = kleine_zahlen.MINDESTFALLZAHL) -> pd.DataFrame:
    """``sollzeilen`` with the previous period's Ist of Fallzahlen per Sozialraum blanked where the small-number
    rule hides it (primary and secondary, per Kennzahl and period, Sozialräume grouped by Bezirk)."""
    ergebnis = soll.copy()
    je_raum = ergebnis[(ergebnis["raum"] != 0) & ergebnis["fallzahl"].astype(bool)]
    for _, tabelle in je_raum.groupby(["kennzahl_id", "vor_jahr", "periodenart", "vor_periode"], sort=False):
        werte = pd.to_numeric(tabelle["vorwert"], errors="coerce").astype(float).to_numpy()
        maske = kleine_zahlen.unterdrueckungsmaske(werte, list(tabelle["bezirk_code"]), minimum)
        ergebnis.loc[tabelle.index[maske], "vorwert"] = None
    return ergebnis


def _ist_werte(fabrik: sessionmaker[Session], perioden: set[tuple[int, str, int]]) -> pd.DataFrame:
    """Ist values of these periods: kennzahl_id, jahr, periodenart, periode, raum (0 = city), wert (Decimal), status."""
    w = Kennzahlwert
    spalten = ["kennzahl_id", "jahr", "periodenart", "periode", "raum", "wert", "status"]
    if not perioden:
        return pd.DataFrame(columns=spalten)
    bedingung = or_(*(and_(w.jahr == j, w.periodenart == a, w.periode == n) for j, a, n in sorted(perioden)))
    return tabelle_lesen(fabrik, select(w.kennzahl_id, w.jahr, w.periodenart, w.periode,
                                        func.coalesce(w.sozialraum_id, 0), w.wert, w.status)
                         .where(w.wertart == "ist", bedingung), spalten)


@zwischenspeichern
def sollzeilen(fabrik: sessionmaker[Session], periode: Periode) -> pd.DataFrame:
    """Every Ist value due for ``periode``: one row per Kennzahl, due period and place (raum 0 = city,
    else a Sozialraum), with the Kennzahl's columns, sozialraum (code), sozialraumname, wert (Decimal or
    None), status (of the stored value), geliefert (bool), vorwert (Ist of the period before at the same place) and
    vorperiode_geliefert (the Kennzahl has any Ist in the period before its first due period)."""
    kz = _kennzahlen(fabrik)
    faellig = faellige_kennzahlen(kz, periode)
    raeume = _raeume(fabrik)
    stadt = faellig.assign(raum=0, sozialraum="", sozialraumname=GESAMTSTADT)
    je_raum = faellig[faellig["raumebene"] == "sozialraum"].merge(raeume, how="cross")
    soll = pd.concat([stadt, je_raum], ignore_index=True)
    vor = [Periode(int(j), a, int(n)).vorige() for j, a, n in
           zip(soll["jahr"], soll["periodenart"], soll["periode"], strict=True)]
    soll["vor_jahr"] = [p.jahr for p in vor]
    soll["vor_periode"] = [p.nummer for p in vor]
    schluessel = ["kennzahl_id", "jahr", "periodenart", "periode", "raum"]
    perioden = {(int(j), a, int(n)) for j, a, n in zip(soll["jahr"], soll["periodenart"], soll["periode"],
                                                        strict=True)}
    perioden |= {(int(j), a, int(n)) for j, a, n in zip(soll["vor_jahr"], soll["periodenart"], soll["vor_periode"],
                                                         strict=True)}
    ist = _ist_werte(fabrik, perioden)
    for c in ("kennzahl_id", "jahr", "periode", "raum"):
        ist[c] = ist[c].astype("int64")
        soll[c] = soll[c].astype("int64")
    soll = soll.merge(ist, on=schluessel, how="left")
    soll["geliefert"] = soll["wert"].notna()
    vorwerte = ist.drop(columns="status").rename(columns={"jahr": "vor_jahr", "periode": "vor_periode",
                                                          "wert": "vorwert"})
    soll = soll.merge(vorwerte, on=["kennzahl_id", "vor_jahr", "periodenart", "vor_periode", "raum"], how="left")
    erste = soll.sort_values(["jahr", "periode"]).groupby("kennzahl_id", sort=False)[
        ["vor_jahr", "periodenart", "vor_periode"]].first()
    vorhanden = set(zip(ist["kennzahl_id"], ist["jahr"], ist["periodenart"], ist["periode"], strict=True))
    vorperiode = {kid: (kid, int(e.vor_jahr), e.periodenart, int(e.vor_periode)) in vorhanden
                  for kid, e in zip(erste.index, erste.itertuples(index=False), strict=True)}
    soll["vorperiode_geliefert"] = soll["kennzahl_id"].map(vorperiode).astype(bool)
    soll["wert"] = soll["wert"].astype(object).where(soll["geliefert"], None)
    soll["status"] = soll["status"].astype(object).where(soll["geliefert"], None)
    soll["vorwert"] = soll["vorwert"].astype(object).where(soll["vorwert"].notna(), None)
    return soll.sort_values(["code", "jahr", "periode", "sozialraum"], ignore_index=True)  # city ("") first


def _kurz(jahr: int, art: str, nummer: int) -> str:
    return Periode(int(jahr), art, int(nummer)).kurz


def fehlende_lieferungen(fabrik: sessionmaker[Session], periode: Periode) -> pd.DataFrame:
    """Due Kennzahlen without a complete Ist for ``periode``, one row each (``FEHLEND_SPALTEN``), by unit and code."""
    soll = sollzeilen(fabrik, periode)
    offen = soll[~soll["geliefert"]]
    if offen.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in FEHLEND_SPALTEN})
    zeilen = []
    for _kid, g in offen.groupby("kennzahl_id", sort=False):
        erste = g.iloc[0]
        perioden = dict.fromkeys(_kurz(j, a, n) for j, a, n in zip(g["jahr"], g["periodenart"], g["periode"],
                                                                    strict=True))
        zeilen.append({
            **{c: erste[c] for c in ("organisationseinheit_id", "organisationseinheit", "einheit_code", "kennzahl_id",
                                     "code", "name", "handlungsfeld_id", "handlungsfeld", "typ", "einheit",
                                     "frequenz", "raumebene", "vorperiode_geliefert")},
            "perioden": ", ".join(perioden),
            "stadtwert_fehlt": bool((g["raum"] == 0).any()),
            "fehlende_raeume": int(g.loc[g["raum"] != 0, "raum"].nunique()),
        })
    df = pd.DataFrame(zeilen, columns=FEHLEND_SPALTEN)
    df["organisationseinheit_id"] = df["organisationseinheit_id"].astype("Int64")
    df["handlungsfeld_id"] = df["handlungsfeld_id"].astype("Int64")
    df["kennzahl_id"] = df["kennzahl_id"].astype("int64")
    df["vorperiode_geliefert"] = df["vorperiode_geliefert"].astype(bool)
    return df.sort_values(["einheit_code", "code"], ignore_index=True)


def lieferuebersicht(fabrik: sessionmaker[Session], periode: Periode) -> pd.DataFrame:
    """Per owner unit with due Kennzahlen: einheit_code, organisationseinheit, faellig, geliefert, fehlend and
    quote (geliefert / faellig, 0–1), by unit code; Kennzahlen without owner under einheit_code ""."""
    soll = sollzeilen(fabrik, periode)
    if soll.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in UEBERSICHT_SPALTEN})
    je_kennzahl = soll.groupby("kennzahl_id", sort=False).agg(
        einheit_code=("einheit_code", "first"), organisationseinheit=("organisationseinheit", "first"),
        vollstaendig=("geliefert", "all"))
    df = je_kennzahl.groupby(["einheit_code", "organisationseinheit"], sort=True).agg(
        faellig=("vollstaendig", "size"), geliefert=("vollstaendig", "sum")).reset_index()
    df["faellig"] = df["faellig"].astype("int64")
    df["geliefert"] = df["geliefert"].astype("int64")
    df["fehlend"] = df["faellig"] - df["geliefert"]
    df["quote"] = df["geliefert"] / df["faellig"]
    return df[UEBERSICHT_SPALTEN]


# -------------------------------------------------------------------------------- delivery file
def einheit_name(fabrik: sessionmaker[Session], einheit_code: str) -> str:
    """The name of the Organisationseinheit with this code; ``UnbekannteEinheit`` when there is none."""
    with fabrik() as s:
        name = s.scalar(select(Organisationseinheit.name).where(Organisationseinheit.code == einheit_code))
    if name is None:
        raise UnbekannteEinheit(f"Eine Organisationseinheit mit dem Code „{einheit_code}“ gibt es nicht.")
    return name


def lieferzeilen(fabrik: sessionmaker[Session], periode: Periode, einheit_code: str,
                 nur_fehlende: bool = True, mindestfallzahl: int = kleine_zahlen.MINDESTFALLZAHL,
                 ) -> tuple[list[str], list[list[object]]]:
    """(header, rows) of a unit's delivery file: the import columns (``IMPORTSPALTEN``) and ``HILFSSPALTEN``;
    one row per due Kennzahl, period and place, only the missing ones unless ``nur_fehlende`` is False
    (then delivered rows carry their stored value and status, so a re-upload changes nothing). The previous
    period's value is a reading aid and follows the small-number rule (``vorwerte_schuetzen``)."""
    einheit_name(fabrik, einheit_code)
    soll = vorwerte_schuetzen(sollzeilen(fabrik, periode), mindestfallzahl)
    soll = soll[soll["einheit_code"] == einheit_code]
    if nur_fehlende:
        soll = soll[~soll["geliefert"]]
    zeilen = []
    for z in soll.itertuples(index=False):
        werte = {"Kennzahl": z.code, "Jahr": int(z.jahr), "Periodenart": z.periodenart, "Periode": int(z.periode),
                 "Sozialraum": z.sozialraum or None, "Wertart": "ist", "Wert": _zahl(z.wert), "Status": z.status}
        zeilen.append([werte.get(s) for s in IMPORTSPALTEN]
                      + [z.name, z.einheit, z.sozialraumname, _zahl(z.vorwert)])
    return IMPORTSPALTEN + HILFSSPALTEN, zeilen


def _zahl(wert: object) -> Decimal | None:
    if wert is None or (isinstance(wert, float) and pd.isna(wert)):
        return None
    return wert if isinstance(wert, Decimal) else Decimal(str(wert))


def _erlaeuterung(periode: Periode, einheit_code: str, name: str, anzahl: int) -> list[list[str]]:
    zeilen = [
        ["Lieferung", f"Ist-Werte {periode.lang} der Organisationseinheit {einheit_code} – {name}: "
                      f"{anzahl} Zeile(n), eine je Kennzahl, Periode und (bei Kennzahlen je Sozialraum) Sozialraum; "
                      "Sozialraum leer = Gesamtstadt."],
        ["Ausfüllen", "Tragen Sie in der Spalte „Wert“ den Ist-Wert ein (Zahl, höchstens 6 Nachkommastellen, "
                      "z. B. 12,3). Vorläufige Werte kennzeichnen Sie in der Spalte „Status“ mit „vorlaeufig“."],
        ["Fehlende Werte", "Zeilen, für die Sie noch keinen Wert haben, löschen Sie vor dem Hochladen: Eine leere "
                           "Zelle „Wert“ ist ein Fehler, und dann wird nichts gespeichert."],
        ["Nicht ändern", "Die Spalten Kennzahl, Jahr, Periodenart, Periode, Sozialraum und Wertart bestimmen, wohin "
                         "der Wert gehört; lassen Sie sie unverändert."],
        ["Hilfsspalten", ", ".join(f"„{s}“" for s in HILFSSPALTEN) + " dienen nur zur Orientierung; der Import "
                         "liest sie nicht."],
        ["Hochladen", "Im Wirkungscockpit unter „Import“ (Adresse /import) die Datei hochladen, die Vorschau prüfen "
                      "und bestätigen. Das Blatt „Erläuterung“ wird beim Import übersprungen."],
    ]
    zeilen += [[f"Spalte „{s.name}“", s.beschreibung + (" (Pflicht)" if s.pflicht else "")] for s in FORMAT.spalten]
    return zeilen


def lieferdatei(fabrik: sessionmaker[Session], periode: Periode, einheit_code: str, endung: str = "xlsx",
                nur_fehlende: bool = True, mindestfallzahl: int = kleine_zahlen.MINDESTFALLZAHL) -> bytes:
    """The file a unit fills in to deliver its due Ist values for ``periode`` (Kennzahlwerte import format, XLSX
    with a sheet „Erläuterung“, or CSV); ``UnbekannteEinheit`` for an unknown code."""
    if endung not in ENDUNGEN:
        raise ValueError(f"Unbekanntes Format „{endung}“ (erwartet: {' oder '.join(ENDUNGEN)})")
    kopf, zeilen = lieferzeilen(fabrik, periode, einheit_code, nur_fehlende, mindestfallzahl)
    if endung == "csv":
        return export.zeilen_als_csv(kopf, zeilen)
    name = einheit_name(fabrik, einheit_code)
    return export.blaetter_als_xlsx([
        (FORMAT.blatt, kopf, zeilen),
        (ERLAEUTERUNG, ["Thema", "Erläuterung"], _erlaeuterung(periode, einheit_code, name, len(zeilen))),
    ])


def dateiname(periode: Periode, einheit_code: str, endung: str = "xlsx") -> str:
    """'lieferung_51_Q3_2026.xlsx': the download name (unit code with characters unsafe in file names replaced)."""
    sicher = "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "-" for c in einheit_code) or "ohne"
    return f"lieferung_{sicher}_{periode.kurz.replace(' ', '_').replace('/', '-')}.{endung}"
