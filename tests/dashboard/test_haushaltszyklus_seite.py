"""The versions page of the Haushaltsberatung: the 2027 story, the right to enter a change, the committee's XLSX."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from dashboard import create_app
from dashboard.seiten import haushaltszyklus as seite
from dashboard.seiten.haushaltszyklus import IDs
from kennzahlen.models import Auditeintrag, Veraenderung
from tests.dashboard.sitzung import anmelden, antworttext, aufruf, knoten, senden
from tests.dashboard.sitzung import seite as seite_laden

SUCHE = "?jahr=2027&code=06"


@pytest.fixture
def app(anmelde_einstellungen):
    """The app on a private demo city with the demo accounts."""
    return create_app(anmelde_einstellungen)


def _audits(url: str, aktion: str) -> int:
    """How many audit entries of ``aktion`` the database holds."""
    engine = create_engine(url)
    with Session(engine) as s:
        anzahl = s.scalar(select(func.count()).select_from(Auditeintrag).where(Auditeintrag.aktion == aktion))
    engine.dispose()
    return anzahl


def _veraenderungen(url: str) -> list[tuple]:
    engine = create_engine(url)
    with Session(engine) as s:
        zeilen = s.execute(select(Veraenderung.nummer, Veraenderung.jahr, Veraenderung.betrag, Veraenderung.status)
                           .where(Veraenderung.haushaltsjahr == 2027)).all()
    engine.dispose()
    return sorted(tuple(z) for z in zeilen)


def test_hzs001_geschichte_2027_fuer_controlling(app):
    """Controlling sees every stage of 2027, the numbered list, the HSK measure with target and achieved, and
    stays within the component budget."""
    inhalt = seite_laden(anmelden(app, "controlling"), seite.PFAD, SUCHE)
    for wort in ("Anmeldung 2027", "Eckwert 2027", "Entwurf 2027", "Beschlussvorschlag", "Beschluss 2027",
                 "Veränderungsliste zum Entwurf 2027", "Mehrbedarf Heimerziehung", "HSK-06-01",
                 "Einsparziel und erreichte Einsparung", "Veränderung erfassen", "✓ beschlossen", "✗ abgelehnt"):
        assert wort in inhalt, wort
    from tests.dashboard.test_komponentenbudget import BUDGET, komponenten

    assert komponenten(json.loads(inhalt)) <= BUDGET


def test_hzs002_fachbereich_darf_nicht_erfassen(app, anmelde_einstellungen):
    """A department account gets no form, and a forged save request is refused on the server: nothing stored."""
    jana = anmelden(app, "jugendamt")
    assert "Veränderung erfassen" not in seite_laden(jana, seite.PFAD, SUCHE)
    vorher = _veraenderungen(anmelde_einstellungen.datenbank_url)
    werte = {IDs.FORM_JAHR: "2027", IDs.NUMMER: "9", IDs.BEZEICHNUNG: "Versuch", IDs.PRODUKT: "060503",
             IDs.ZEILE: "15", IDs.BETRAGSJAHR: "2027", IDs.BETRAG: "-1.000", IDs.STATUS: "vorgeschlagen"}
    antwort = senden(jana, aufruf(app, IDs.SPEICHERN, werte))
    assert antwort.status_code == 403
    assert _veraenderungen(anmelde_einstellungen.datenbank_url) == vorher


def test_hzs003_controlling_erfasst_mit_audit_und_fehlertext(app, anmelde_einstellungen):
    """Controlling saves a change (audited, visible in the view's Beschlussvorschlag); a wrong amount is
    refused in German and stores nothing."""
    carl = anmelden(app, "controlling")
    url = anmelde_einstellungen.datenbank_url
    werte = {IDs.FORM_JAHR: "2027", IDs.NUMMER: "6", IDs.BEZEICHNUNG: "Familienzentrum Nord", IDs.PRODUKT: "060403",
             IDs.ZEILE: "15", IDs.BETRAGSJAHR: "2027", IDs.BETRAG: "abc", IDs.STATUS: "vorgeschlagen"}
    falsch = antworttext(senden(carl, aufruf(app, IDs.SPEICHERN, werte)))
    assert "Betrag" in falsch and "erwartet" in falsch
    assert ("6", 2027, Decimal("-45000.00"), "vorgeschlagen") not in _veraenderungen(url)
    werte[IDs.BETRAG] = "-45.000"
    assert "gespeichert" in antworttext(senden(carl, aufruf(app, IDs.SPEICHERN, werte)))
    assert ("6", 2027, Decimal("-45000.00"), "vorgeschlagen") in _veraenderungen(url)
    assert _audits(url, "veraenderung_erfasst") == 1


def test_hzs004_xlsx_gleich_dem_erfassten(app, anmelde_einstellungen):
    """The committee's XLSX holds, per number and product, exactly the stored amount of every year and its sum."""
    antwort = anmelden(app, "leitung").get("/download/tabelle/veraenderungsliste.xlsx" + SUCHE)
    assert antwort.status_code == 200
    blatt = openpyxl.load_workbook(io.BytesIO(antwort.data)).active
    zeilen = list(blatt.iter_rows(values_only=True))
    kopf = list(zeilen[0])
    assert kopf[:3] == ["Nr.", "Produkt", "Produktbezeichnung"] and kopf[-1] == "Summe (€)"
    gelesen = {}
    for z in zeilen[1:]:
        eintrag = dict(zip(kopf, z, strict=True))
        for spalte, wert in eintrag.items():
            if spalte.endswith("(€)") and spalte != "Summe (€)" and wert is not None:
                gelesen[(str(eintrag["Nr."]), int(spalte[:4]))] = Decimal(str(wert))
        jahre = [w for s, w in eintrag.items() if s.endswith("(€)") and s != "Summe (€)" and w is not None]
        assert Decimal(str(eintrag["Summe (€)"])) == sum(Decimal(str(w)) for w in jahre)
    gespeichert = {(n, j): b for n, j, b, _s in _veraenderungen(anmelde_einstellungen.datenbank_url)}
    assert gelesen == gespeichert and len(gelesen) >= 5


def test_hzs005_ohne_entwurfsrecht_keine_entwurfsstaende(anmelde_einstellungen):
    """With drafts restricted, a department account sees Beschluss and HSK but no Anmeldung, Entwurf or list, and
    the list download is empty."""
    import dataclasses

    app = create_app(dataclasses.replace(anmelde_einstellungen, entwurf_eingeschraenkt=True))
    jana = anmelden(app, "jugendamt")
    inhalt = seite_laden(jana, seite.PFAD, SUCHE)
    assert "Beschluss 2027" in inhalt and "HSK-06-01" in inhalt
    assert "Anmeldung 2027" not in inhalt and "Mehrbedarf Heimerziehung" not in inhalt
    csv = jana.get("/download/tabelle/veraenderungsliste.csv" + SUCHE).get_data(as_text=True)
    assert "Heimerziehung" not in csv


def _hsk(url: str, code: str) -> tuple:
    from kennzahlen.models import HskMassnahme, HskZiel

    engine = create_engine(url)
    with Session(engine) as s:
        m = s.scalar(select(HskMassnahme).where(HskMassnahme.code == code))
        erreicht = dict(s.execute(select(HskZiel.jahr, HskZiel.erreicht).where(HskZiel.massnahme_id == m.id)).all())
        stand = (m.status, m.umsetzungsgrad, erreicht)
    engine.dispose()
    return stand


def test_hzs006_hsk_fortschreiben_nur_controlling(app, anmelde_einstellungen):
    """Controlling updates the Umsetzungsgrad and the savings reached in 2027 (audited); the department account gets
    no form and a forged request is refused on the server with nothing changed; a bad percentage is explained."""
    url = anmelde_einstellungen.datenbank_url
    werte = {IDs.HSK_MASSNAHME: "HSK-06-01", IDs.HSK_STATUS: "in_umsetzung", IDs.HSK_GRAD: "70",
             IDs.HSK_JAHR: "2027", IDs.HSK_ERREICHT: "650.000"}
    vorher = _hsk(url, "HSK-06-01")
    jana = anmelden(app, "jugendamt")
    assert "Umsetzungsstand fortschreiben" not in seite_laden(jana, seite.PFAD, SUCHE)
    assert senden(jana, aufruf(app, IDs.HSK_SPEICHERN, werte)).status_code == 403
    assert _hsk(url, "HSK-06-01") == vorher
    carl = anmelden(app, "controlling")
    assert "Umsetzungsstand fortschreiben" in seite_laden(carl, seite.PFAD, SUCHE)
    falsch = antworttext(senden(carl, aufruf(app, IDs.HSK_SPEICHERN, {**werte, IDs.HSK_GRAD: "170"})))
    assert "Umsetzungsgrad" in falsch and "0 bis 100" in falsch and _hsk(url, "HSK-06-01") == vorher
    antwort = antworttext(senden(carl, aufruf(app, IDs.HSK_SPEICHERN, werte)))
    assert "gespeichert" in antwort and "Umsetzungsgrad 70\u00a0%" in antwort
    status, grad, erreicht = _hsk(url, "HSK-06-01")
    assert (status, grad, erreicht[2027]) == ("in_umsetzung", Decimal("0.7"), Decimal("650000.00"))
    assert erreicht[2025] == vorher[2][2025]
    assert _audits(url, "hsk_fortgeschrieben") == 1


def test_hzs007_formular_schlaegt_naechste_nummer_vor(app, anmelde_einstellungen):
    """The entry form proposes the number after the highest one of the stored list."""
    from kennzahlen import haushaltszyklus as hz

    nummern = sorted({n for n, _j, _b, _s in _veraenderungen(anmelde_einstellungen.datenbank_url)},
                     key=hz.nummer_sortierung)
    inhalt = json.loads(seite_laden(anmelden(app, "controlling"), seite.PFAD, SUCHE))
    assert knoten(inhalt, IDs.NUMMER)["props"]["value"] == str(int(nummern[-1]) + 1)
