"""Validation and storage of Abweichungsbegründungen and Maßnahmen."""

import pytest

from kennzahlen.db import transaktion
from kennzahlen.demo import demo_laden
from kennzahlen.kommentare import Kommentarentwurf, kommentar_anlegen, kommentare

OBJEKT = {"art": "kennzahl", "code": "K501", "jahr": 2026, "periodenart": "quartal", "periode": 3}


def test_ko001_massnahme_braucht_verantwortung_und_frist():
    """A Maßnahme without owner or deadline is refused with a German message naming the field."""
    with pytest.raises(ValueError, match="Verantwortlich"):
        Kommentarentwurf.aus_formular(OBJEKT, "massnahme", "Fachcontrolling HzE", None, "2026-12-31", "offen")
    with pytest.raises(ValueError, match="Frist"):
        Kommentarentwurf.aus_formular(OBJEKT, "massnahme", "Fachcontrolling HzE", "Jugendamt", None, "offen")
    with pytest.raises(ValueError, match="kein Datum"):
        Kommentarentwurf.aus_formular(OBJEKT, "hinweis", "x", None, "31.12.", None)
    with pytest.raises(ValueError, match="Text"):
        Kommentarentwurf.aus_formular(OBJEKT, "hinweis", "   ", None, None, None)
    with pytest.raises(ValueError, match="Periode"):
        Kommentarentwurf.aus_formular({**OBJEKT, "periode": 5}, "hinweis", "x", None, None, None)


def test_ko002_speichern_und_lesen(fabrik):
    """A stored comment is listed first for its object; unknown objects give None."""
    demo_laden(fabrik)
    vorher = len(kommentare(fabrik, "kennzahl", "K501"))
    entwurf = Kommentarentwurf.aus_formular(OBJEKT, "massnahme", "Fallkonferenzen vor Heimunterbringung",
                                            "Jugendamt, Abt. 51.2", "2026-12-31", "in_umsetzung")
    with transaktion(fabrik) as s:
        kommentar_anlegen(s, entwurf, "Jana Jugend")
    liste = kommentare(fabrik, "kennzahl", "K501")
    assert len(liste) == vorher + 1
    assert liste.iloc[0]["text"] == "Fallkonferenzen vor Heimunterbringung"
    assert liste.iloc[0]["massnahmenstatus"] == "in_umsetzung"
    assert kommentare(fabrik, "kennzahl", "GIBTS") is None


def test_ko003_gleicher_formularschluessel_speichert_einmal(fabrik_beide):
    """The same form key stored twice gives one comment; a Maßnahme gets its first history entry."""
    from sqlalchemy import func, select

    from kennzahlen.models import Kommentar, Massnahmenverlauf

    demo_laden(fabrik_beide)
    entwurf = Kommentarentwurf.aus_formular(OBJEKT, "massnahme", "Fallkonferenzen vor Heimunterbringung",
                                            "Jugendamt", "2026-12-31", "offen", schluessel="a1b2c3d4e5f60718")
    with transaktion(fabrik_beide) as s:
        vorher = s.scalar(select(func.count()).select_from(Kommentar))
        erster = kommentar_anlegen(s, entwurf, "Jana Jugend").id
    with transaktion(fabrik_beide) as s:
        zweiter = kommentar_anlegen(s, entwurf, "Jana Jugend").id
        assert zweiter == erster
        assert s.scalar(select(func.count()).select_from(Kommentar)) == vorher + 1
        verlauf = s.execute(select(Massnahmenverlauf.alter_status, Massnahmenverlauf.neuer_status,
                                   Massnahmenverlauf.geaendert_von)
                            .where(Massnahmenverlauf.kommentar_id == erster)).all()
    assert [tuple(v) for v in verlauf] == [(None, "offen", "Jana Jugend")]


def test_ko004_formularschluessel_geprueft():
    """A key of the wrong shape (from a tampered request) is refused in German."""
    with pytest.raises(ValueError, match="Formular ist veraltet"):
        Kommentarentwurf.aus_formular(OBJEKT, "hinweis", "x", None, None, None, schluessel="kurz")
    with pytest.raises(ValueError, match="Formular ist veraltet"):
        Kommentarentwurf.aus_formular(OBJEKT, "hinweis", "x", None, None, None, schluessel=["a"] * 9)
