"""The Kennzahl and Produkt views without a browser: router, layouts, numbers against the DB, wrong links."""

import json
import math
from itertools import pairwise

import pandas as pd
import plotly.graph_objects as go
import pytest
from sqlalchemy import text

from dashboard import URL_ID
from dashboard.figuren import kennzahl as fig_kennzahl
from dashboard.figuren import produkt as fig_produkt
from dashboard.seiten import kennzahl as seite_kennzahl
from dashboard.seiten import produkt as seite_produkt
from kennzahlen import formate as fmt
from tests.dashboard.grid import gridwerte

HERKUNFT = {"Origin": "http://localhost"}  # the test client's own origin


def _skalar(db, sql: str, **parameter):
    with db.connect() as conn:
        return conn.execute(text(sql), parameter).scalar()


def _post(client, output: str, inputs: list[dict], state: list[dict] | None = None):
    ziel_id = output.split("@")[0].split(".")[0]
    body = {"output": output, "outputs": {"id": ziel_id, "property": output.split(".", 1)[1]}, "inputs": inputs,
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"], "state": state or []}
    return client.post("/_dash-update-component", json=body, headers=HERKUNFT)


def _seite(client, pfad: str, suche: str = "") -> str:
    antwort = _post(client, "seite.children", [{"id": URL_ID, "property": "pathname", "value": pfad},
                                               {"id": URL_ID, "property": "search", "value": suche}])
    assert antwort.status_code == 200, antwort.data[:800]
    return json.dumps(antwort.get_json()["response"]["seite"]["children"], ensure_ascii=False)


# ---------------------------------------------------------------------------------------------------
# Kennzahl view
# ---------------------------------------------------------------------------------------------------


def test_kp001_kinderarmut_im_hafenviertel(app, db):
    """K511 with Sozialraum 103: district value as stored, map and bars, Kontext shown but never rated."""
    inhalt = _seite(app.server.test_client(), "/kennzahl/K511", "?sozialraum=103&jahr=2026&quartal=3")
    wert = _skalar(db, "SELECT w.wert FROM kennzahlwert w JOIN kennzahl k ON k.id = w.kennzahl_id JOIN sozialraum s "
                       "ON s.id = w.sozialraum_id WHERE k.code = 'K511' AND s.code = '103' AND w.jahr = 2026 "
                       "AND w.periodenart = 'quartal' AND w.periode = 3 AND w.wertart = 'ist'")
    stadt = _skalar(db, "SELECT w.wert FROM kennzahlwert w JOIN kennzahl k ON k.id = w.kennzahl_id WHERE k.code = "
                        "'K511' AND w.sozialraum_id IS NULL AND w.jahr = 2026 AND w.periode = 3 AND w.wertart = 'ist'")
    assert fmt.wert_mit_einheit(wert, "%", 1) in inhalt and fmt.wert_mit_einheit(stadt, "%", 1) in inhalt
    assert "Ist 103 Hafenviertel Q3 2026" in inhalt and "Rang 1 von 25" in inhalt
    assert "Kontextkennzahl" in inhalt and "keine Bewertung" in inhalt
    for id_ in (seite_kennzahl.IDs.ZEITREIHE, seite_kennzahl.IDs.KARTE, seite_kennzahl.IDs.BALKEN,
                seite_kennzahl.IDs.SOZIALRAUM, seite_kennzahl.IDs.STECKBRIEF):
        assert f'"{id_}"' in inhalt
    # Zeitreihe and Karte have a table view; the ranking table is shown openly (no second copy of it)
    assert inhalt.count("Tabelle anzeigen") == 2 and "Statistik der Bundesagentur für Arbeit" in inhalt
    assert '"/handlungsfeld/HF5?jahr=2026&quartal=3"' in inhalt  # breadcrumb
    assert '"/kennzahl/K511?jahr=2026&quartal=3&sozialraum=104"' in inhalt  # district links keep the period


def test_kp002_status_je_periode_und_fehlende_lieferung(app):
    """K103 says its newest Ist is missing; K108 is 'nicht erreicht' and links to its goal and product."""
    client = app.server.test_client()
    k103 = _seite(client, "/kennzahl/K103")
    assert "Ist nicht geliefert" in k103 and "nicht geliefert" in k103 and "Status Q3 2026" in k103
    k108 = _seite(client, "/kennzahl/K108", "?jahr=2026&quartal=3")
    assert "▼" in k108 and "nicht erreicht" in k108 and "Status der letzten 8 Perioden" in k108
    assert '"/ziel/Z1.2?jahr=2026&quartal=3"' in k108 and '"/produkt/050105?jahr=2026&quartal=3"' in k108
    assert "Zielerreichungsgrad" in k108 and "Abweichungsbegründung" in k108
    korridor = _seite(client, "/kennzahl/K504")
    assert "45,0–60,0\u00a0%" in korridor and "Zielkorridor" in korridor


def test_kp003_unbekannte_kennzahl(app):
    """An unknown or hostile code opens the not-found page that names it and links back."""
    client = app.server.test_client()
    inhalt = _seite(client, "/kennzahl/K999")
    assert "Kennzahl nicht gefunden" in inhalt and "K999" in inhalt and "Zurück zum Cockpit" in inhalt
    boese = _seite(client, "/kennzahl/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert "Kennzahl nicht gefunden" in boese


def test_kp004_falsche_parameter_geben_deutsche_hinweise(app):
    """Malformed sozialraum and jahr parameters are named in German hints; the page still renders."""
    client = app.server.test_client()
    inhalt = _seite(client, "/kennzahl/K511", "?sozialraum=abc&jahr=zwanzig&quartal=9")
    assert "„abc“ ist kein Sozialraum" in inhalt and "„zwanzig“ ist kein gültiges Jahr" in inhalt
    assert "„9“ ist kein gültiges Quartal" in inhalt and "Ist Gesamtstadt Q3 2026" in inhalt
    ohne_raum = _seite(client, "/kennzahl/K108", "?sozialraum=103")
    assert "nicht je Sozialraum erhoben" in ohne_raum
    lang = _seite(client, "/kennzahl/K511", "?sozialraum=" + "x" * 500)
    assert "x" * 100 not in lang and "ist kein Sozialraum" in lang
    zukunft = _seite(client, "/kennzahl/K101", "?jahr=2031&quartal=1")
    assert "Für 1. Quartal 2031 liegen noch keine Ist-Werte vor." in zukunft


def test_kp005_sozialraum_wechsel_schreibt_url(app):
    """Choosing a district writes ?sozialraum= and keeps the period; choosing Gesamtstadt removes it."""
    client = app.server.test_client()
    ausgabe = next(k for k, cb in app.callback_map.items()
                   if any(i["id"] == seite_kennzahl.IDs.SOZIALRAUM for i in cb["inputs"]))
    assert ausgabe.startswith(f"{URL_ID}.search")

    def waehlen(wert, bisher):
        return _post(client, ausgabe, [{"id": seite_kennzahl.IDs.SOZIALRAUM, "property": "value", "value": wert},
                                      {"id": seite_kennzahl.IDs.SOZIALRAUM, "property": "id", "value": "x"}],
                     [{"id": URL_ID, "property": "search", "value": bisher}])

    antwort = waehlen("104", "?jahr=2025&quartal=2&sozialraum=103")
    assert antwort.get_json()["response"][URL_ID]["search"] == "?jahr=2025&quartal=2&sozialraum=104"
    antwort = waehlen(seite_kennzahl.GESAMTSTADT, "?jahr=2025&quartal=2&sozialraum=103")
    assert antwort.get_json()["response"][URL_ID]["search"] == "?jahr=2025&quartal=2"
    unveraendert = waehlen("103", "?sozialraum=103")  # the URL already shows 103: nothing is redrawn
    assert unveraendert.status_code == 204 or URL_ID not in (unveraendert.get_json() or {}).get("response", {})


def test_kp006_url_parameter_funktionen():
    """Sozialraum from the URL, the query written back, signed differences and target texts."""
    raeume = pd.DataFrame({"code": ["101", "103"], "name": ["Altstadt", "Hafenviertel"]})
    assert seite_kennzahl.sozialraum_aus_parametern({"sozialraum": "103"}, raeume, True) == ("103", [])
    assert seite_kennzahl.sozialraum_aus_parametern({"sozialraum": " "}, raeume, True) == (None, [])
    code, hinweise = seite_kennzahl.sozialraum_aus_parametern({"sozialraum": "B1"}, raeume, True)
    assert code is None and "„B1“ ist kein Sozialraum" in hinweise[0]
    assert seite_kennzahl.sozialraum_suchtext("?jahr=2026&quartal=3", "103") == "?jahr=2026&quartal=3&sozialraum=103"
    assert seite_kennzahl.sozialraum_suchtext("?sozialraum=103", "") == ""
    assert seite_kennzahl.sozialraum_suchtext("", "") is None
    assert seite_kennzahl.sozialraum_suchtext("?jahr=2026", seite_kennzahl.GESAMTSTADT) is None
    assert seite_kennzahl.sozialraum_aus_parametern({"sozialraum": "gesamtstadt"}, raeume, True) == (None, [])
    assert seite_kennzahl.differenz_text(0.44, "%", 1) == "+0,4\u00a0Prozentpunkte"
    assert seite_kennzahl.differenz_text(-1234.0, "€", 0) == "−1.234\u00a0€"
    assert seite_kennzahl.differenz_text(math.nan, "%", 1) == fmt.LEER
    steckbrief = {"nachkommastellen": 1, "richtung": "zielkorridor", "korridor_unten": 60.0, "korridor_oben": 45.0,
                  "einheit": "%"}
    assert seite_kennzahl.zieltext(steckbrief, 50.0) == "45,0–60,0\u00a0%"


# ---------------------------------------------------------------------------------------------------
# Produkt view
# ---------------------------------------------------------------------------------------------------


def _zuschuss(db, codes: tuple[str, ...], bedingung: str) -> float:
    liste = ", ".join(f"'{c}'" for c in codes)  # fixed test codes, not user input
    return float(_skalar(db, "SELECT -SUM(h.betrag) FROM haushaltsbetrag h JOIN produkt p ON p.id = h.produkt_id "
                             f"WHERE p.code IN ({liste}) AND h.version = 'beschluss' AND {bedingung}"))


def test_kp007_heimerziehung_zahlen_wie_in_der_datenbank(app, db):
    """060503: Ansatz, Ist to date, Prognose and every Ergebnis shown equal the database's −SUM."""
    inhalt = _seite(app.server.test_client(), "/produkt/060503", "?jahr=2026&quartal=3")
    ansatz = _zuschuss(db, ("060503",), "h.jahr = 2026 AND h.betragsart = 'ansatz' AND h.periodenart = 'jahr'")
    ist = _zuschuss(db, ("060503",), "h.jahr = 2026 AND h.betragsart = 'ist_unterjaehrig' AND h.periode <= 3 "
                                     "AND h.periodenart = 'quartal'")
    prognose = _zuschuss(db, ("060503",), "h.jahr = 2026 AND h.betragsart = 'prognose'")
    assert fmt.euro(ansatz) in inhalt and fmt.euro_kompakt(ansatz) in inhalt
    assert fmt.euro(ist) in inhalt and fmt.euro_kompakt(prognose) in inhalt
    for jahr in range(2019, 2026):
        assert fmt.euro(_zuschuss(db, ("060503",), f"h.jahr = {jahr} AND h.betragsart = 'ergebnis'")) in inhalt
    assert "über Ansatz" in inhalt and "Pflichtaufgabe" in inhalt
    assert '"/produkt/0605?jahr=2026&quartal=3"' in inhalt and '"/produkt/06?jahr=2026&quartal=3"' in inhalt
    assert '"/ziel/Z5.1?jahr=2026&quartal=3"' in inhalt and '"/kennzahl/K506?jahr=2026&quartal=3"' in inhalt
    assert 50 in gridwerte(inhalt)  # the Anteil, "50 %" in the browser
    assert "Fallzahl" in inhalt and "Maßnahme" in inhalt
    assert f'"{seite_produkt.IDs.VERLAUF}"' in inhalt and "Tabelle anzeigen" in inhalt


def test_kp008_produktgruppe_summiert_und_freiwillig(app, db):
    """0605 sums its three products; 050105 is marked as a voluntary service, its Kennzahl K108 as not met."""
    client = app.server.test_client()
    gruppe = _seite(client, "/produkt/0605")
    ansatz = _zuschuss(db, ("060501", "060502", "060503"), "h.jahr = 2026 AND h.betragsart = 'ansatz'")
    assert fmt.euro(ansatz) in gruppe and "enthält 3 × Pflicht" in gruppe and "Enthaltene Produkte" in gruppe
    assert '"/produkt/060502?jahr=2026&quartal=3"' in gruppe
    freiwillig = _seite(client, "/produkt/050105")
    assert "freiwillige Leistung" in freiwillig and "nicht erreicht" in freiwillig
    bereich = _seite(client, "/produkt/05", "?jahr=2025&quartal=4")
    assert "Produktbereich" in bereich and "Ergebnis 2025" in bereich


def test_kp009_unbekanntes_produkt_und_falsche_parameter(app):
    """An unknown product code gives a grammatical not-found page; a malformed year a German hint."""
    client = app.server.test_client()
    inhalt = _seite(client, "/produkt/999999")
    assert "Produkt nicht gefunden" in inhalt and "Ein Produkt mit dem Code" in inhalt and "999999" in inhalt
    hinweis = _seite(client, "/produkt/060503", "?jahr=abc&quartal=7")
    assert "„abc“ ist kein gültiges Jahr" in hinweis and "„7“ ist kein gültiges Quartal" in hinweis
    assert "Ist bis Q3 2026" in hinweis


def test_kp010_seitenvertrag(app):
    """Both pages keep the contract: path, title, the selector in the validation layout, IDs prefixed."""
    assert seite_kennzahl.PFAD == "/kennzahl/{code}" and seite_produkt.PFAD == "/produkt/{code}"
    i = seite_kennzahl.IDs
    assert [k.id for k in seite_kennzahl.validierungslayout()] == [i.SOZIALRAUM, i.RANG, i.SPANNE, i.KARTE]
    assert seite_produkt.validierungslayout() == []
    for modul, praefix in ((seite_kennzahl, "kennzahl-"), (seite_produkt, "produkt-")):
        werte = [v for k, v in vars(modul.IDs).items() if not k.startswith("_")]
        assert werte and all(v.startswith(praefix) for v in werte)


# ---------------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------------


def _reihe() -> pd.DataFrame:
    import datetime as dt

    return pd.DataFrame({
        "ende": [dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30)],
        "kurz": ["Q1 2026", "Q2 2026", "Q3 2026"], "lang": ["1. Quartal 2026", "2. Quartal 2026", "3. Quartal 2026"],
        "jahr": [2026] * 3, "periode": [1, 2, 3],
        "ist": [10.0, 12.0, math.nan], "ist_status": ["endgueltig", "vorlaeufig", None],
        "zielwert": [11.0] * 3, "ausgangswert": [9.0] * 3, "vergleichswert": [math.nan] * 3,
        "status_symbol": ["◆", "▲", "○"], "status_text": ["gefährdet", "erreicht", "keine Bewertung"],
        "status_farbe": ["#8a5a00", "#1a7f37", "#595959"], "nicht_geliefert": [False, False, True],
    })


def test_kp011_zeitreihe_figur_ehrlich_und_deutsch():
    """Axis titles carry the unit; each status has its own marker shape and word; the gap is labelled."""
    fig = fig_kennzahl.zeitreihe(_reihe(), einheit="%", stellen=1, korridor=(10.0, 12.0), gewaehlt="Q3 2026")
    assert fig.layout.yaxis.title.text == "Wert in %" and "Berichtsperiode" in fig.layout.xaxis.title.text
    namen = {t.name: t for t in fig.data}
    assert namen["gefährdet"].marker.symbol == "diamond" and namen["erreicht"].marker.symbol == "triangle-up"
    assert "Zielkorridor 10,0–12,0\u00a0%" in namen and "Ausgangswert (9,0\u00a0%)" in namen
    assert "12,0\u00a0% (vorläufig)" in list(namen["erreicht"].customdata[0])
    texte = [a.text for a in fig.layout.annotations]
    assert "Ist fehlt" in texte and "gewählt: Q3 2026" in texte
    assert fig.layout.separators == ",." or fig.layout.template.layout.separators == ",."
    leer = fig_kennzahl.zeitreihe(_reihe().iloc[0:0], einheit="%")
    assert leer.layout.annotations[0].text == "Keine Werte vorhanden"


def test_kp012_karte_ohne_kacheln_und_balken():
    """The map is an SVG choropleth of the districts' own shapes (no tiles, no world map, no WebGL), fitted to
    them; bars mark the selection in words."""
    quadrat = '{"type": "Polygon", "coordinates": [[[7.1, 51.4], [7.2, 51.4], [7.2, 51.5], [7.1, 51.5], [7.1, 51.4]]]}'
    df = pd.DataFrame({"code": ["101", "102"], "name": ["Altstadt", "Hafen"], "bezirk_name": ["Mitte"] * 2,
                       "geometrie": [quadrat, quadrat], "wert": [10.0, math.nan], "stadtwert": [12.0] * 2})
    karte = fig_kennzahl.sozialraumkarte(df, einheit="%", gewaehlt="101")
    assert karte.layout.geo.visible is False and karte.layout.geo.fitbounds == "locations"
    assert not any(t.type.endswith("map") for t in karte.data)  # nothing drawn by MapLibre (WebGL)
    assert any(isinstance(t, go.Choropleth) and list(t.locations) == ["101"] for t in karte.data)
    assert {t.name for t in karte.data} >= {"kein Wert", "gewählt: 101 Altstadt"}
    balken = fig_kennzahl.sozialraumbalken(df, einheit="%", gewaehlt="101")
    assert list(balken.data[0].y) == ["▶ 101 Altstadt (gewählt)"] and balken.layout.xaxis.title.text == "Wert in %"
    assert "Gesamtstadt 12,0\u00a0%" in [a.text for a in balken.layout.annotations]


def test_kp015_karte_ringe_im_uhrzeigersinn():
    """GeoJSON's outer rings run counter-clockwise, the SVG map's (d3-geo) clockwise: every outer ring of the map
    is clockwise and every hole counter-clockwise, whichever way the file had them; nothing else changes."""
    gegen = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]  # counter-clockwise (RFC 7946 outer ring)
    mit = gegen[::-1]
    loch = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.4], [0.2, 0.2]]

    def flaeche(ring):
        return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring))

    for aussen in (gegen, mit):
        for innen in (loch, loch[::-1]):
            poly = fig_kennzahl.svg_umlauf({"type": "Polygon", "coordinates": [aussen, innen]})["coordinates"]
            assert flaeche(poly[0]) < 0 < flaeche(poly[1]) and sorted(poly[0]) == sorted(aussen)
    multi = fig_kennzahl.svg_umlauf({"type": "MultiPolygon", "coordinates": [[gegen], [mit]]})["coordinates"]
    assert all(flaeche(p[0]) < 0 for p in multi)
    assert fig_kennzahl.svg_umlauf({"type": "Point", "coordinates": [1, 2]}) == {"type": "Point", "coordinates": [1, 2]}
    df = pd.DataFrame({"code": ["101"], "name": ["Altstadt"], "bezirk_name": ["Mitte"], "wert": [1.0],
                       "geometrie": [json.dumps({"type": "Polygon", "coordinates": [gegen]})]})
    karte = fig_kennzahl.sozialraumkarte(df, einheit="%")
    assert flaeche(karte.data[0].geojson["features"][0]["geometry"]["coordinates"][0]) < 0


def test_kp013_zuschussbedarf_figur_in_mio_euro():
    """The budget chart picks Mio. € or T€ for its axis and draws only the kinds that exist."""
    df = pd.DataFrame({"jahr": [2025, 2026, 2027], "ergebnis": [2.5e6, math.nan, math.nan],
                       "ansatz": [2.4e6, 2.7e6, math.nan], "fortgeschriebener_ansatz": [math.nan] * 3,
                       "ist_bis": [1.7e6, 1.8e6, math.nan], "prognose": [math.nan, 2.7e6, math.nan],
                       "planung": [math.nan, math.nan, 2.8e6]})
    fig = fig_produkt.zuschussbedarf_verlauf(df, 2026, "Ist bis Q3 2026")
    assert fig.layout.yaxis.title.text == "Zuschussbedarf in Mio. €"
    assert [t.name for t in fig.data] == ["Ergebnis (Ist)", "Ist bis Q3 2026", "Ansatz", "Prognose",
                                          "Planung (mittelfristig)"]
    ist_2025, ist_2026 = fig.data[1].y[0], fig.data[1].y[1]
    assert math.isnan(ist_2025) and ist_2026 == pytest.approx(1.8)  # only the chosen year's in-year Ist is drawn
    assert fig_produkt.geldeinheit([850_000.0]) == (1_000.0, "T€")


def test_kp014_balken_viele_sozialraeume_nur_die_enden():
    """Many districts: the 10 highest and lowest bars and the selected one; gap rows count the rest, so the
    chart still accounts for every district; up to 30 districts (Musterstadt has 25) every one gets a bar."""
    n = 86
    df = pd.DataFrame({"code": [f"{i:03d}" for i in range(n)], "name": [f"Raum {i}" for i in range(n)],
                       "wert": [float(i) for i in range(n)], "stadtwert": [40.0] * n})
    balken = fig_kennzahl.sozialraumbalken(df, einheit="%", gewaehlt="040")
    beschriftung = list(balken.data[0].y)
    luecken = [b for b in beschriftung if b.startswith("…")]
    mit_balken = [b for b in beschriftung if not b.startswith("…")]
    assert len(mit_balken) == 21 and "▶ 040 Raum 40 (gewählt)" in mit_balken
    assert mit_balken[-1] == "085 Raum 85" and mit_balken[0] == "000 Raum 0"  # highest on top (last category)
    assert len(set(beschriftung)) == len(beschriftung)
    assert sum(int(b.split()[1]) for b in luecken) + len(mit_balken) == n
    assert fig_kennzahl.BALKEN_ALLE_BIS == 30
    alle = fig_kennzahl.sozialraumbalken(df.head(30), einheit="%")
    assert len(alle.data[0].y) == 30 and not any(str(b).startswith("…") for b in alle.data[0].y)
