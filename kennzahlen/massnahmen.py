"""Maßnahmen followed up: change a measure's status with history, list them per period, and say what
became of the measures promised the period before.

A Maßnahme is a Kommentar of art "massnahme" (owner, deadline, status). Every status change is kept in
Massnahmenverlauf (old → new, who, when, remark); the first entry ("angelegt", alter_status None) is
written when the measure is created. Decisions made here:

- Saving the status a measure already has stores nothing (idempotent) – also when the caller expected
  another status: a second click of the same change is no conflict.
- A different stored status than the caller expected (someone else changed it meanwhile) is refused.
- "Status damals" in the follow-up is the status at the start of the chosen period (= end of the
  previous one, local midnight); a measure written after that moment counts with the status it was
  created with. "Status jetzt" is the stored status. Changes in between are the history entries after
  that moment (the creation entry is no change).
- Carried over ("übertragen") are measures of periods before the previous one that were still open
  (offen, in Umsetzung) at the start of the chosen period. Periods of another kind (month, Tertial,
  year) are placed by their end date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen.abfragen import tabelle_lesen
from kennzahlen.kommentare import KOMMENTARARTEN, STATUSNAMEN
from kennzahlen.models import (
    Handlungsfeld,
    Kennzahl,
    Kommentar,
    Massnahmenverlauf,
    Produkt,
    Ziel,
    ZielKennzahl,
    ZielProdukt,
)
from kennzahlen.perioden import Periode

try:
    from zoneinfo import ZoneInfo

    ORTSZEIT: dt.tzinfo = ZoneInfo("Europe/Berlin")
except Exception:  # no time zone database on this system: period boundaries in UTC
    ORTSZEIT = dt.UTC

OFFEN = ("offen", "in_umsetzung")
"""Statuses of a measure that still has to be done."""
BEMERKUNG_MAX = 2000
"""Longest remark on a status change (characters)."""
OBJEKTARTEN = ("kennzahl", "produkt", "ziel")

SPALTEN = ["id", "objektart", "objekt_code", "objekt_name", "handlungsfeld_id", "handlungsfeld_ids",
           "handlungsfeld", "organisationseinheit_id", "text", "verantwortlich", "frist", "massnahmenstatus",
           "status_text", "jahr", "periodenart", "periode", "angelegt_in", "ueberfaellig", "faellig_in_periode",
           "offen", "autor", "erstellt_am", "letzte_aenderung", "letzte_aenderung_von"]
NACHVERFOLGUNG_SPALTEN = ["id", "objektart", "objekt_code", "objekt_name", "handlungsfeld_id", "handlungsfeld_ids",
                          "handlungsfeld", "organisationseinheit_id", "text", "verantwortlich", "frist", "jahr",
                          "periodenart", "periode", "angelegt_in", "uebertragen", "status_damals",
                          "status_damals_text", "status_jetzt", "status_jetzt_text", "veraendert",
                          "anzahl_aenderungen", "aenderungen"]
VERLAUF_SPALTEN = ["alter_status", "neuer_status", "bemerkung", "geaendert_am", "geaendert_von"]


def _utc(zeit: dt.datetime | None) -> dt.datetime | None:
    """A stored time as aware UTC (SQLite returns naive UTC times)."""
    if zeit is None or pd.isna(zeit):
        return None
    return zeit.replace(tzinfo=dt.UTC) if zeit.tzinfo is None else zeit.astimezone(dt.UTC)


def periodenbeginn(periode: Periode) -> dt.datetime:
    """Midnight (local time) of the first day of ``periode``, as UTC: the cut-off of the follow-up."""
    return dt.datetime.combine(periode.anfang, dt.time(), ORTSZEIT).astimezone(dt.UTC)


def statustext(status: str | None) -> str:
    """The German word of a measure status ('in Umsetzung'); '–' for none."""
    return STATUSNAMEN.get(status or "", "–")


def zeitpunkt_text(zeit: dt.datetime | None) -> str:
    """'05.03.2026, 14:03' in local time; '–' for none."""
    zeit = _utc(zeit)
    return "–" if zeit is None else zeit.astimezone(ORTSZEIT).strftime("%d.%m.%Y, %H:%M")


# --- writing -----------------------------------------------------------------------------------------


def status_aendern(session: Session, kommentar_id, neuer_status: str | None, bemerkung: str | None, durch: str,
                   erwarteter_status: str | None = None, zeitpunkt: dt.datetime | None = None) -> bool:
    """Set a Maßnahme's status and record old → new, who and when (in the caller's transaction).

    Returns False (and stores nothing) when the measure already has ``neuer_status``; raises ValueError
    with a German message naming the field for an unknown status, a missing or non-Maßnahme entry, a too
    long remark, or when ``erwarteter_status`` is given and someone changed the status meanwhile.
    """
    if neuer_status not in STATUSNAMEN:
        erlaubt = ", ".join(f"„{t}“" for t in STATUSNAMEN.values())
        raise ValueError(f"Feld „Status“: „{neuer_status or ''}“ ist kein Status einer Maßnahme "
                         f"(erwartet: {erlaubt}).")
    if erwarteter_status is not None and erwarteter_status not in STATUSNAMEN:
        raise ValueError(f"Bisheriger Status „{erwarteter_status}“ ist unbekannt; bitte die Seite neu laden.")
    try:
        nummer = int(kommentar_id)
    except (TypeError, ValueError):
        raise ValueError("Feld „Maßnahme“: bitte eine Maßnahme auswählen.") from None
    bemerkung = (bemerkung or "").strip() or None
    if bemerkung is not None and len(bemerkung) > BEMERKUNG_MAX:
        raise ValueError(f"Feld „Bemerkung“: höchstens {BEMERKUNG_MAX:,} Zeichen (eingegeben: "
                         f"{len(bemerkung):,}).".replace(",", "."))
    kommentar = session.get(Kommentar, nummer, with_for_update=True)  # concurrent changes wait on PostgreSQL
    if kommentar is None:
        raise ValueError(f"Feld „Maßnahme“: eine Maßnahme Nr. {nummer} gibt es nicht.")
    if kommentar.art != "massnahme":
        raise ValueError(f"Feld „Maßnahme“: Nr. {nummer} ist keine Maßnahme, sondern eine "
                         f"{KOMMENTARARTEN.get(kommentar.art, kommentar.art)}.")
    bisher = kommentar.massnahmenstatus
    if bisher == neuer_status:
        return False
    if erwarteter_status is not None and bisher != erwarteter_status:
        raise ValueError(f"Die Maßnahme Nr. {nummer} wurde inzwischen von „{statustext(erwarteter_status)}“ auf "
                         f"„{statustext(bisher)}“ geändert. Bitte den aktuellen Stand prüfen und erneut "
                         "entscheiden.")
    jetzt = _utc(zeitpunkt) or dt.datetime.now(dt.UTC)
    session.add(Massnahmenverlauf(kommentar_id=nummer, alter_status=bisher, neuer_status=neuer_status,
                                  bemerkung=bemerkung, geaendert_am=jetzt, geaendert_von=(durch or "?")[:100]))
    kommentar.massnahmenstatus = neuer_status
    kommentar.geaendert_am = jetzt
    session.flush()
    return True


# --- reading -----------------------------------------------------------------------------------------


def objekt_von(fabrik: sessionmaker[Session], kommentar_id) -> tuple[str, str] | None:
    """(objektart, code) of the Maßnahme ``kommentar_id`` for the permission check; None if there is none."""
    try:
        nummer = int(kommentar_id)
    except (TypeError, ValueError):
        return None
    k = Kommentar
    with fabrik() as s:
        zeile = s.execute(
            select(Kennzahl.code, Produkt.code, Ziel.code).select_from(k)
            .outerjoin(Kennzahl, Kennzahl.id == k.kennzahl_id).outerjoin(Produkt, Produkt.id == k.produkt_id)
            .outerjoin(Ziel, Ziel.id == k.ziel_id).where(k.id == nummer, k.art == "massnahme")
        ).first()
    if zeile is None:
        return None
    return next((art, code) for art, code in zip(OBJEKTARTEN, zeile, strict=True) if code is not None)


def _verlaeufe(s: Session, ids: list[int]) -> dict[int, list[dict]]:
    """History entries per measure, oldest first (times as aware UTC)."""
    v = Massnahmenverlauf
    ergebnis: dict[int, list[dict]] = defaultdict(list)
    for i in range(0, len(ids), 500):
        zeilen = s.execute(
            select(v.kommentar_id, v.alter_status, v.neuer_status, v.bemerkung, v.geaendert_am, v.geaendert_von)
            .where(v.kommentar_id.in_(ids[i:i + 500])).order_by(v.kommentar_id, v.geaendert_am, v.id)
        ).all()
        for z in zeilen:
            ergebnis[z[0]].append({"alter_status": z[1], "neuer_status": z[2], "bemerkung": z[3],
                                   "geaendert_am": _utc(z[4]), "geaendert_von": z[5]})
    return ergebnis


def _laden(fabrik: sessionmaker[Session]) -> tuple[list[dict], dict[int, list[dict]]]:
    """Every Maßnahme with its object and scope (fields as in ``zugang.bereich_von``), and its history."""
    k = Kommentar
    with fabrik() as s:
        zeilen = s.execute(
            select(k.id, k.kennzahl_id, k.produkt_id, k.ziel_id, k.text, k.verantwortlich, k.frist,
                   k.massnahmenstatus, k.jahr, k.periodenart, k.periode, k.autor, k.erstellt_am,
                   Kennzahl.code, Kennzahl.name, Kennzahl.handlungsfeld_id, Kennzahl.organisationseinheit_id,
                   Produkt.code, Produkt.name, Produkt.organisationseinheit_id,
                   Ziel.code, Ziel.name, Ziel.handlungsfeld_id, Ziel.organisationseinheit_id)
            .select_from(k)
            .outerjoin(Kennzahl, Kennzahl.id == k.kennzahl_id).outerjoin(Produkt, Produkt.id == k.produkt_id)
            .outerjoin(Ziel, Ziel.id == k.ziel_id)
            .where(k.art == "massnahme").order_by(k.id)
        ).all()
        kennzahl_ids = sorted({z[1] for z in zeilen if z[1] is not None})
        produkt_ids = sorted({z[2] for z in zeilen if z[2] is not None})
        felder_kz: dict[int, set[int]] = defaultdict(set)
        felder_pr: dict[int, set[int]] = defaultdict(set)
        if kennzahl_ids:
            for kz, hf in s.execute(select(ZielKennzahl.kennzahl_id, Ziel.handlungsfeld_id)
                                    .join(Ziel, Ziel.id == ZielKennzahl.ziel_id)
                                    .where(ZielKennzahl.kennzahl_id.in_(kennzahl_ids))):
                felder_kz[kz].add(hf)
        if produkt_ids:
            for pr, hf in s.execute(select(ZielProdukt.produkt_id, Ziel.handlungsfeld_id)
                                    .join(Ziel, Ziel.id == ZielProdukt.ziel_id)
                                    .where(ZielProdukt.produkt_id.in_(produkt_ids))):
                felder_pr[pr].add(hf)
        namen = dict(s.execute(select(Handlungsfeld.id, Handlungsfeld.name)).all())
        verlaeufe = _verlaeufe(s, [z[0] for z in zeilen])
    massnahmen = []
    for z in zeilen:
        (nr, kz_id, pr_id, _ziel_id, text, verantwortlich, frist, status, jahr, art, periode, autor, erstellt,
         kz_code, kz_name, kz_hf, kz_oe, pr_code, pr_name, pr_oe, zi_code, zi_name, zi_hf, zi_oe) = z
        if kz_id is not None:
            objektart, code, name, eigenes, einheit = "kennzahl", kz_code, kz_name, kz_hf, kz_oe
            felder = felder_kz[kz_id] | ({kz_hf} if kz_hf is not None else set())
        elif pr_id is not None:
            objektart, code, name, eigenes, einheit = "produkt", pr_code, pr_name, None, pr_oe
            felder = set(felder_pr[pr_id])
        else:
            objektart, code, name, eigenes, einheit = "ziel", zi_code, zi_name, zi_hf, zi_oe
            felder = {zi_hf}
        haupt = eigenes if eigenes is not None else (min(felder) if felder else None)
        massnahmen.append({
            "id": nr, "objektart": objektart, "objekt_code": code, "objekt_name": name,
            "handlungsfeld_id": haupt, "handlungsfeld_ids": tuple(sorted(felder)),
            "handlungsfeld": namen.get(haupt), "organisationseinheit_id": einheit, "text": text,
            "verantwortlich": verantwortlich, "frist": frist, "massnahmenstatus": status, "jahr": jahr,
            "periodenart": art, "periode": periode, "autor": autor, "erstellt_am": _utc(erstellt),
        })
    return massnahmen, verlaeufe


def _rahmen(zeilen: list[dict], spalten: list[str]) -> pd.DataFrame:
    """A DataFrame that keeps None for missing text, dates and ids (pandas would make them NaN), with
    real bool and int columns for flags, counts and period numbers."""
    df = pd.DataFrame(zeilen, columns=spalten, dtype=object)
    for spalte in spalten:
        if spalte in ("id", "jahr", "periode", "anzahl_aenderungen"):
            df[spalte] = df[spalte].astype(int)
        elif spalte in ("ueberfaellig", "faellig_in_periode", "offen", "uebertragen", "veraendert"):
            df[spalte] = df[spalte].astype(bool)
    return df


def _periode_von(m: dict) -> Periode:
    return Periode(int(m["jahr"]), m["periodenart"], int(m["periode"]))


def massnahmen(fabrik: sessionmaker[Session], periode: Periode, heute: dt.date | None = None) -> pd.DataFrame:
    """Every Maßnahme with its object, scope, status and flags for ``periode`` (sorted by deadline).

    Columns: id, objektart, objekt_code, objekt_name, handlungsfeld_id (the object's own field, for a
    Produkt the first field of the goals it serves), handlungsfeld_ids (all fields, as the permission
    check sees them), handlungsfeld (name), organisationseinheit_id, text, verantwortlich, frist (date),
    massnahmenstatus, status_text, jahr, periodenart, periode, angelegt_in ("Q3 2026"), ueberfaellig
    (deadline before ``heute`` and still open), faellig_in_periode (deadline within ``periode``), offen
    (offen or in Umsetzung), autor, erstellt_am, letzte_aenderung, letzte_aenderung_von (the newest
    history entry; without history the creation).
    """
    heute = heute or dt.date.today()
    liste, verlaeufe = _laden(fabrik)
    zeilen = []
    for m in liste:
        verlauf = verlaeufe.get(m["id"], [])
        letzte = verlauf[-1] if verlauf else None
        frist, status = m["frist"], m["massnahmenstatus"]
        offen = status in OFFEN
        zeilen.append({
            **m, "status_text": statustext(status), "angelegt_in": _periode_von(m).kurz,
            "ueberfaellig": bool(offen and frist is not None and frist < heute),
            "faellig_in_periode": bool(frist is not None and periode.anfang <= frist <= periode.ende),
            "offen": offen,
            "letzte_aenderung": letzte["geaendert_am"] if letzte else m["erstellt_am"],
            "letzte_aenderung_von": letzte["geaendert_von"] if letzte else m["autor"],
        })
    df = _rahmen(zeilen, SPALTEN)
    if df.empty:
        return df
    df["_ohne_frist"] = df["frist"].isna()
    df = df.sort_values(["_ohne_frist", "frist", "id"], kind="stable").drop(columns="_ohne_frist")
    return df.reset_index(drop=True)


def _status_am(verlauf: list[dict], stichtag: dt.datetime, jetzt: str | None) -> str | None:
    """The status at ``stichtag`` from the history; created later → the status it was created with."""
    if not verlauf:
        return jetzt
    vorher = [e for e in verlauf if e["geaendert_am"] is not None and e["geaendert_am"] <= stichtag]
    return (vorher[-1] if vorher else verlauf[0])["neuer_status"]


def status_zum_zeitpunkt(fabrik: sessionmaker[Session], ids: list[int], zeitpunkt: dt.datetime) -> dict[int, str]:
    """The status each of these Maßnahmen had at ``zeitpunkt`` (its latest history entry up to then); a measure
    without such an entry is left out."""
    grenze = zeitpunkt.astimezone(dt.UTC)
    with fabrik() as s:
        verlaeufe = _verlaeufe(s, [int(i) for i in ids])
    damals: dict[int, str] = {}
    for kid, verlauf in verlaeufe.items():
        vorher = [e for e in verlauf if e["geaendert_am"] is not None and e["geaendert_am"] <= grenze]
        if vorher:
            damals[int(kid)] = vorher[-1]["neuer_status"]
    return damals


def aenderungstext(eintrag: dict) -> str:
    """'15.08.2026, 10:00: offen → umgesetzt (Jana Jugend) – Bemerkung' for one history entry."""
    text = (f"{zeitpunkt_text(eintrag['geaendert_am'])}: {statustext(eintrag['alter_status'])} → "
            f"{statustext(eintrag['neuer_status'])} ({eintrag['geaendert_von']})")
    return text + (f" – {eintrag['bemerkung']}" if eintrag.get("bemerkung") else "")


def nachverfolgung(fabrik: sessionmaker[Session], periode: Periode) -> pd.DataFrame:
    """What became of the measures promised in ``periode.vorige()``, plus older ones still open at the
    start of ``periode`` (carried over, ``uebertragen`` True).

    Columns: id, objektart, objekt_code, objekt_name, handlungsfeld_id, handlungsfeld_ids, handlungsfeld,
    organisationseinheit_id, text, verantwortlich, frist, jahr, periodenart, periode, angelegt_in,
    uebertragen, status_damals (at the start of ``periode``, or at creation if written later),
    status_damals_text, status_jetzt, status_jetzt_text, veraendert (status differs), anzahl_aenderungen,
    aenderungen (the changes since then in words, "; "-separated, oldest first). Promised ones first,
    then carried-over ones, each by deadline.
    """
    vorige = periode.vorige()
    stichtag = periodenbeginn(periode)
    liste, verlaeufe = _laden(fabrik)
    zeilen = []
    for m in liste:
        ende = _periode_von(m).ende
        if ende > vorige.ende:
            continue
        verlauf = verlaeufe.get(m["id"], [])
        damals = _status_am(verlauf, stichtag, m["massnahmenstatus"])
        zugesagt = ende >= vorige.anfang
        if not zugesagt and damals not in OFFEN:
            continue
        aenderungen = [e for e in verlauf
                       if e["alter_status"] is not None and e["geaendert_am"] is not None
                       and e["geaendert_am"] > stichtag]
        jetzt = m["massnahmenstatus"]
        zeilen.append({
            **{k: m[k] for k in ("id", "objektart", "objekt_code", "objekt_name", "handlungsfeld_id",
                                 "handlungsfeld_ids", "handlungsfeld", "organisationseinheit_id", "text",
                                 "verantwortlich", "frist", "jahr", "periodenart", "periode")},
            "angelegt_in": _periode_von(m).kurz, "uebertragen": not zugesagt,
            "status_damals": damals, "status_damals_text": statustext(damals),
            "status_jetzt": jetzt, "status_jetzt_text": statustext(jetzt), "veraendert": damals != jetzt,
            "anzahl_aenderungen": len(aenderungen), "aenderungen": "; ".join(aenderungstext(e) for e in aenderungen),
        })
    df = _rahmen(zeilen, NACHVERFOLGUNG_SPALTEN)
    if df.empty:
        return df
    df["_ohne_frist"] = df["frist"].isna()
    df = df.sort_values(["uebertragen", "_ohne_frist", "frist", "id"], kind="stable").drop(columns="_ohne_frist")
    return df.reset_index(drop=True)


def verlauf(fabrik: sessionmaker[Session], kommentar_id: int) -> pd.DataFrame:
    """The status history of one Maßnahme, oldest first.

    Columns: alter_status (None for the creation), neuer_status, bemerkung, geaendert_am (aware UTC),
    geaendert_von.
    """
    v = Massnahmenverlauf
    df = tabelle_lesen(fabrik, select(v.alter_status, v.neuer_status, v.bemerkung, v.geaendert_am, v.geaendert_von)
                       .where(v.kommentar_id == int(kommentar_id)).order_by(v.geaendert_am, v.id), VERLAUF_SPALTEN)
    df["geaendert_am"] = pd.Series([_utc(z) for z in df["geaendert_am"]], dtype=object)
    for spalte in ("alter_status", "bemerkung"):  # missing text stays None (pandas would make it NaN)
        df[spalte] = pd.Series([w if isinstance(w, str) else None for w in df[spalte]], dtype=object)
    return df
