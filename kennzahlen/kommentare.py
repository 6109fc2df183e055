"""Abweichungsbegründungen, Maßnahmen and Hinweise: validate and store them, list them per object."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen.models import PERIODEN_JE_JAHR, Kennzahl, Kommentar, Massnahmenverlauf, Produkt, Ziel
from kennzahlen.perioden import Periode

KOMMENTARARTEN = {
    "abweichungsbegruendung": "Abweichungsbegründung",
    "massnahme": "Maßnahme",
    "hinweis": "Hinweis",
}
STATUSNAMEN = {"offen": "offen", "in_umsetzung": "in Umsetzung", "umgesetzt": "umgesetzt", "verworfen": "verworfen"}
MODELLE = {"kennzahl": Kennzahl, "ziel": Ziel, "produkt": Produkt}
JAHRE = range(1990, 2101)
"""Years a comment may refer to (the form's period comes from the browser and is checked here)."""


@dataclass(frozen=True)
class Kommentarentwurf:
    """A validated comment ready to be stored."""

    objektart: str
    code: str
    jahr: int
    periodenart: str
    periode: int
    art: str
    text: str
    verantwortlich: str | None
    frist: dt.date | None
    massnahmenstatus: str | None
    schluessel: str | None = None
    """The form's idempotency key: the same key saved twice stores one comment."""

    @classmethod
    def aus_formular(cls, objekt: dict, art: str | None, text: str | None, verantwortlich: str | None,
                     frist: str | None, status: str | None, schluessel: str | None = None) -> Kommentarentwurf:
        """Validate form input; ValueError with a German message naming the field."""
        if objekt.get("art") not in MODELLE or not objekt.get("code"):
            raise ValueError("Unbekanntes Objekt.")
        if art not in KOMMENTARARTEN:
            raise ValueError("Feld „Art“: bitte Abweichungsbegründung, Maßnahme oder Hinweis wählen.")
        text = (text or "").strip()
        if not text:
            raise ValueError("Feld „Text“: bitte einen Text eingeben.")
        if len(text) > 4000:
            raise ValueError("Feld „Text“: höchstens 4.000 Zeichen.")
        periodenart = objekt.get("periodenart")
        if periodenart not in PERIODEN_JE_JAHR:
            raise ValueError("Unbekannte Periode.")
        try:
            jahr, periode = int(objekt["jahr"]), int(objekt["periode"])
        except (KeyError, TypeError, ValueError):
            raise ValueError("Unbekannte Periode.") from None
        if not 1 <= periode <= PERIODEN_JE_JAHR[periodenart]:
            raise ValueError("Unbekannte Periode.")
        if not JAHRE.start <= jahr < JAHRE.stop:
            raise ValueError(f"Jahr {jahr}: erwartet ein Jahr von {JAHRE.start} bis {JAHRE.stop - 1}.")
        fristdatum = None
        if frist:
            try:
                fristdatum = dt.date.fromisoformat(frist)
            except ValueError:
                raise ValueError(f"Feld „Frist“: „{frist}“ ist kein Datum (erwartet: TT.MM.JJJJ).") from None
        massnahme = art == "massnahme"
        if massnahme and not (verantwortlich or "").strip():
            raise ValueError("Feld „Verantwortlich“: eine Maßnahme braucht eine verantwortliche Stelle.")
        if massnahme and fristdatum is None:
            raise ValueError("Feld „Frist“: eine Maßnahme braucht eine Frist.")
        if massnahme and status not in STATUSNAMEN:
            raise ValueError("Feld „Status“: bitte einen Status wählen.")
        if schluessel is not None and (not isinstance(schluessel, str) or not 8 <= len(schluessel) <= 64):
            raise ValueError("Das Formular ist veraltet; bitte die Seite neu laden.")
        return cls(objekt["art"], str(objekt["code"]), jahr, periodenart, periode, art, text,
                   (verantwortlich or "").strip()[:200] or None, fristdatum, status if massnahme else None,
                   schluessel)


def gespeichert(session: Session, schluessel: str | None) -> Kommentar | None:
    """The comment already stored under this form key (a repeated click), else None."""
    if not schluessel:
        return None
    return session.scalar(select(Kommentar).where(Kommentar.schluessel == schluessel))


def text_gesperrt(fabrik: sessionmaker[Session], periode: Periode) -> str | None:
    """Why texts of ``periode`` cannot be written (German; the period is frozen), else None."""
    from kennzahlen.berichtsstand import text_gesperrt as gesperrt

    with fabrik() as session:
        return gesperrt(session, periode)


def kommentar_anlegen(session: Session, entwurf: Kommentarentwurf, autor: str) -> Kommentar:
    """Store the comment on its object (inside the caller's transaction); a Maßnahme gets its first history
    entry. With a form key already used, the stored comment is returned and nothing new is written. A frozen
    period takes no new texts (ValueError with the reason)."""
    from kennzahlen.berichtsstand import text_gesperrt as gesperrt

    if (vorhanden := gespeichert(session, entwurf.schluessel)) is not None:
        return vorhanden
    if grund := gesperrt(session, Periode(entwurf.jahr, entwurf.periodenart, entwurf.periode)):
        raise ValueError(grund)
    modell = MODELLE[entwurf.objektart]
    objekt_id = session.scalar(select(modell.id).where(modell.code == entwurf.code))
    if objekt_id is None:
        raise ValueError(f"{entwurf.objektart} {entwurf.code} gibt es nicht.")
    kommentar = Kommentar(
        **{f"{entwurf.objektart}_id": objekt_id}, jahr=entwurf.jahr, periodenart=entwurf.periodenart,
        periode=entwurf.periode, art=entwurf.art, text=entwurf.text, verantwortlich=entwurf.verantwortlich,
        frist=entwurf.frist, massnahmenstatus=entwurf.massnahmenstatus, autor=autor[:100],
        schluessel=entwurf.schluessel,
    )
    session.add(kommentar)
    session.flush()
    if kommentar.art == "massnahme":
        session.add(Massnahmenverlauf(kommentar_id=kommentar.id, alter_status=None,
                                      neuer_status=kommentar.massnahmenstatus, bemerkung="angelegt",
                                      geaendert_von=autor[:100]))
        session.flush()
    return kommentar


def kommentare(fabrik: sessionmaker[Session], objektart: str, code: str) -> pd.DataFrame | None:
    """Comments of one object, newest first (None when the object does not exist).

    Columns: id, art, text, verantwortlich, frist, massnahmenstatus, autor, erstellt_am, jahr, periodenart, periode.
    """
    modell = MODELLE[objektart]
    spalte = getattr(Kommentar, f"{objektart}_id")
    with fabrik() as s:
        objekt_id = s.scalar(select(modell.id).where(modell.code == code))
        if objekt_id is None:
            return None
        zeilen = s.execute(
            select(Kommentar.id, Kommentar.art, Kommentar.text, Kommentar.verantwortlich, Kommentar.frist,
                   Kommentar.massnahmenstatus, Kommentar.autor, Kommentar.erstellt_am, Kommentar.jahr,
                   Kommentar.periodenart, Kommentar.periode)
            .where(spalte == objekt_id).order_by(Kommentar.erstellt_am.desc(), Kommentar.id.desc())
        ).all()
    return pd.DataFrame(zeilen, columns=["id", "art", "text", "verantwortlich", "frist", "massnahmenstatus", "autor",
                                         "erstellt_am", "jahr", "periodenart", "periode"])
