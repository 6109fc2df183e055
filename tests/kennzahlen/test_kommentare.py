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
