"""The pages Mengen- und Preiseffekt and Wirkung und Kosten, and the one cost per case on Ziel and Produkt page."""

import io
import json

import pandas as pd
import pytest

from dashboard.seiten.effekte import IDs as EffekteIDs
from dashboard.seiten.portfolio import IDs as PortfolioIDs
from tests.dashboard.test_komponentenbudget import BUDGET, grossstadt, grossstadt_vorlage, komponenten, seite

__all__ = ["grossstadt", "grossstadt_vorlage"]  # fixtures used below

Q3 = "?jahr=2026&quartal=3"


def _finden(knoten, id_: str):
    """The component with this id in a layout answer (depth first), or None."""
    if isinstance(knoten, list):
        for k in knoten:
            if (treffer := _finden(k, id_)) is not None:
                return treffer
        return None
    if not isinstance(knoten, dict):
        return None
    if knoten.get("props", {}).get("id") == id_:
        return knoten
    for wert in knoten.values():
        if (treffer := _finden(wert, id_)) is not None:
            return treffer
    return None


def _zeilen(inhalt, grid_id: str) -> list[dict]:
    return _finden(inhalt, grid_id)["props"]["rowData"]


def test_eps001_effekte_seite_mit_wasserfall_formel_und_tabelle(app):
    """The URL's product and Stände: a waterfall with its five steps, the split in words, the formula, every
    product with a Fallzahl in the grid; within the component budget."""
    c = app.server.test_client()
    inhalt = seite(c, "/haushalt/effekte", "?produkt=060503&basis=2025-ergebnis&vergleich=2026-prognose")
    text = json.dumps(inhalt, ensure_ascii=False)
    figur = _finden(inhalt, EffekteIDs.WASSERFALL)["props"]["figure"]
    assert figur["data"][0]["type"] == "waterfall"
    assert figur["data"][0]["x"] == ["Ergebnis 2025", "Mengeneffekt", "Preiseffekt", "Rest (Wechselwirkung)",
                                     "Prognose 2026"]
    satz = _finden(inhalt, EffekteIDs.TEXT)["props"]["children"]
    assert satz.startswith("060503 Heimerziehung") and "Transferaufwand steigt" in satz and "Mengeneffekt" in satz
    assert "(m₁ − m₀) · p₀" in text and "Mengeneffekt ist die Veränderung der Fälle" in text
    zeilen = _zeilen(inhalt, EffekteIDs.TABELLE)
    assert len(zeilen) >= 10 and any(z["produkt"].startswith("060503") for z in zeilen)
    for z in zeilen:
        if z["veraenderung"] is not None:  # the three parts add up (whole euros, each rounded)
            assert abs(z["menge"] + z["preis"] + z["rest"] - z["veraenderung"]) <= 2
    assert komponenten(inhalt) <= BUDGET


def test_eps002_effekte_falsche_adresse_und_download(app):
    """A bad Stand or product gives a German hint and a default view; the table downloads as XLSX."""
    c = app.server.test_client()
    text = json.dumps(seite(c, "/haushalt/effekte", "?basis=2025-soll&produkt=999999"), ensure_ascii=False)
    assert "kein gültiger Stand" in text and "„999999“ hat keine Fallzahl" in text
    antwort = c.get("/download/tabelle/mengen_preis_effekt.xlsx?basis=2025-ergebnis&vergleich=2026-ansatz")
    assert antwort.status_code == 200
    df = pd.read_excel(io.BytesIO(antwort.data))
    assert {"Mengeneffekt", "Preiseffekt", "Rest (Wechselwirkung)", "je Fall Ansatz 2026"} <= set(df.columns)
    assert "060503" in set(df["Produkt"].astype(str).str.zfill(6))


def test_eps003_portfolio_seite_filter_und_liste(app):
    """Scatter with one trace per quadrant (named in plain German), the freiwillig filter from the URL, the
    list 'Geld ohne Wirkungsmessung' with the share no goal accounts for; within the component budget."""
    c = app.server.test_client()
    inhalt = seite(c, "/portfolio", "?von=2022&bis=2025&aufgabe=freiwillig")
    figur = _finden(inhalt, PortfolioIDs.STREUUNG)["props"]["figure"]
    namen = {d["name"] for d in figur["data"]}
    assert "teurer, ohne messbare Wirkung" in namen and all(d["type"] == "scatter" for d in figur["data"])
    zeilen = _zeilen(inhalt, PortfolioIDs.TABELLE)
    assert zeilen and all(z["aufgabe"] == "freiwillig" for z in zeilen)
    perspektive = next(z for z in zeilen if z["produkt"].startswith("050105"))
    assert perspektive["einordnung"] == "teurer, ohne messbare Wirkung"
    ohne = _zeilen(inhalt, PortfolioIDs.OHNE)
    assert ohne and all(z["aufgabe"] == "freiwillig" for z in ohne)
    assert "ist keinem Ziel zugeordnet" in _finden(inhalt, PortfolioIDs.ANTEIL)["props"]["children"]
    assert komponenten(inhalt) <= BUDGET
    jugend = seite(c, "/portfolio", "?handlungsfeld=HF5")
    assert all("Heim" in z["produkt"] or z["produkt"][:4] in ("0604", "0605", "0606", "0607")
               for z in _zeilen(jugend, PortfolioIDs.TABELLE))
    falsch = json.dumps(seite(c, "/portfolio", "?von=2025&bis=2020&aufgabe=irgendwas"), ensure_ascii=False)
    assert "läuft nicht vorwärts" in falsch and "keine Aufgabenart" in falsch


def test_eps004_portfolio_download(app):
    """The portfolio downloads as CSV, filtered as the URL says."""
    antwort = app.server.test_client().get("/download/tabelle/portfolio.csv?von=2022&bis=2025&aufgabe=pflicht")
    assert antwort.status_code == 200
    text = antwort.data.decode("utf-8-sig")
    assert "Einordnung" in text and "Wirkungssaldo in %" in text and "freiwillig" not in text


def test_eps005_kosten_je_fall_auf_ziel_und_produktseite_gleich(app):
    """060503: the Ziel page (Z5.2, Ansatz 2026) and the Produkt page show the same cost per case from the one
    definition, both named 'Transferaufwand je Fall'; the reported Kennzahl K505 is named as a Stichtag value."""
    c = app.server.test_client()
    ziel = seite(c, "/ziel/Z5.2", Q3 + "&betrag=ansatz")
    zielzeile = next(z for z in _zeilen(ziel, "ziel-kosten") if z["produkt"].startswith("060503"))
    produkt = seite(c, "/produkt/060503", Q3)
    produktzeile = next(z for z in _zeilen(produkt, "produkt-fallkosten") if z["stand"] == "Ansatz 2026")
    assert zielzeile["je_fall"] == produktzeile["je_fall"] == pytest.approx(89_132, abs=1)
    assert zielzeile["grundlage"] == produktzeile["grundlage"] == "Transferaufwand je Fall"
    assert "geplant" in zielzeile["faelle"] and "geplant" in produktzeile["faelle"]
    text = json.dumps(produkt, ensure_ascii=False)
    assert "K505 „Aufwand je Fall Heimerziehung (§ 34 SGB VIII)“ sind Werte der Fachstelle zum Stichtag" in text
    ist = seite(c, "/ziel/Z5.2", Q3 + "&betrag=ist")
    istzeile = next(z for z in _zeilen(ist, "ziel-kosten") if z["produkt"].startswith("060503"))
    ist_produkt = next(z for z in _zeilen(produkt, "produkt-fallkosten") if z["stand"].startswith("Ist bis Q3"))
    assert istzeile["je_fall"] == ist_produkt["je_fall"]


def test_eps006_grossstadt_im_komponentenbudget(grossstadt):
    """At Großstadt size both pages and the largest Produktbereich (with its cost-per-case grid) stay within
    the component budget."""
    client, engine = grossstadt
    from sqlalchemy import text

    with engine.connect() as conn:
        bereich = conn.execute(text("SELECT substr(code, 1, 2) AS b FROM produkt GROUP BY b "
                                    "ORDER BY count(*) DESC, b LIMIT 1")).scalar_one()
    for pfad, suche in (("/haushalt/effekte", ""), ("/portfolio", ""), (f"/produkt/{bereich}", "")):
        assert komponenten(seite(client, pfad, suche)) <= BUDGET, pfad
