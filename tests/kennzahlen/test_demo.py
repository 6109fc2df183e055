"""The demo city Musterstadt: determinism, sizes, consistency, geometry and the four stories."""

import datetime as dt
import itertools
import json
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik
from kennzahlen.demo import (
    DEMO_TABELLEN,
    GESCHICHTE_FEHLENDE_LIEFERUNG,
    GESCHICHTE_HZE_STATIONAER,
    GESCHICHTE_KINDERARMUT,
    GESCHICHTE_KOSTEN_OHNE_WIRKUNG,
    demo_laden,
    fingerabdruck,
    letzte_periode,
    perioden,
)
from kennzahlen.demo import katalog as kat
from kennzahlen.demo.geometrie import BBOX
from kennzahlen.models import (
    KENNZAHLTYPEN,
    Benutzer,
    Bevoelkerung,
    Handlungsfeld,
    Haushaltsbetrag,
    Kennzahl,
    Kennzahlwert,
    Kommentar,
    Kommune,
    Planzeile,
    Produkt,
    ProduktKennzahl,
    Rollenzuweisung,
    Sozialraum,
    Ziel,
    ZielKennzahl,
    ZielProdukt,
)


@pytest.fixture(scope="module")
def musterstadt(tmp_path_factory):
    """Musterstadt (quartal, seed 2026) loaded once into a SQLite file: (fabrik, anzahl, fingerabdruck)."""
    engine = engine_erstellen(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    aktualisieren(engine)
    fabrik = sessionfabrik(engine)
    anzahl = demo_laden(fabrik)
    yield fabrik, anzahl, fingerabdruck(fabrik)
    engine.dispose()


def _id(s, modell, code):
    return s.scalar(select(modell.id).where(modell.code == code))


def _ist(s, kennzahl, sozialraum=None, periodenart="quartal"):
    """{(jahr, periode): wert} of a Kennzahl's Ist for the city (or one Sozialraum)."""
    abfrage = select(Kennzahlwert.jahr, Kennzahlwert.periode, Kennzahlwert.wert).where(
        Kennzahlwert.kennzahl_id == _id(s, Kennzahl, kennzahl), Kennzahlwert.wertart == "ist",
        Kennzahlwert.periodenart == periodenart)
    if sozialraum is None:
        abfrage = abfrage.where(Kennzahlwert.sozialraum_id.is_(None))
    else:
        abfrage = abfrage.where(Kennzahlwert.sozialraum_id == _id(s, Sozialraum, sozialraum))
    return {(j, p): w for j, p, w in s.execute(abfrage)}


def _jahresmittel(werte):
    jahre = defaultdict(list)
    for (jahr, _p), wert in werte.items():
        jahre[jahr].append(float(wert))
    return {jahr: sum(w) / len(w) for jahr, w in sorted(jahre.items())}


def _betraege(s, produkt, betragsart, version="beschluss", periodenart="jahr"):
    """{jahr: Σ betrag over all lines} of a product (Ist unterjährig: summed over the periods)."""
    zeilen = s.execute(
        select(Haushaltsbetrag.jahr, func.sum(Haushaltsbetrag.betrag))
        .where(Haushaltsbetrag.produkt_id == _id(s, Produkt, produkt), Haushaltsbetrag.betragsart == betragsart,
               Haushaltsbetrag.version == version, Haushaltsbetrag.periodenart == periodenart)
        .group_by(Haushaltsbetrag.jahr)
    )
    return {jahr: Decimal(summe) for jahr, summe in zeilen}


def _zeile(s, produkt, nummer, betragsart="ergebnis"):
    zeilen = s.execute(
        select(Haushaltsbetrag.jahr, Haushaltsbetrag.betrag)
        .join(Planzeile, Planzeile.id == Haushaltsbetrag.planzeile_id)
        .where(Haushaltsbetrag.produkt_id == _id(s, Produkt, produkt), Planzeile.nummer == nummer,
               Haushaltsbetrag.betragsart == betragsart, Haushaltsbetrag.periodenart == "jahr")
    )
    return dict(zeilen.all())


def test_demo001_zweimal_laden_gleicher_fingerabdruck(fabrik_beide, musterstadt):
    """Loading twice gives the SQLite fixture's fingerprint; roles survive; later inserts get fresh ids."""
    anzahl = demo_laden(fabrik_beide)
    erster = fingerabdruck(fabrik_beide)
    with fabrik_beide() as s, s.begin():
        nutzer = Benutzer(login="controlling", name="Controlling")
        s.add(nutzer)
        s.flush()
        s.add(Rollenzuweisung(benutzer_id=nutzer.id, rolle="fachbereich",
                              handlungsfeld_id=_id(s, Handlungsfeld, "HF5")))
    assert demo_laden(fabrik_beide) == anzahl == musterstadt[1]
    assert fingerabdruck(fabrik_beide) == erster == musterstadt[2]
    with fabrik_beide() as s, s.begin():
        rolle = s.scalar(select(Rollenzuweisung))
        assert rolle.handlungsfeld_id == _id(s, Handlungsfeld, "HF5")
        neu = Handlungsfeld(code="HF9", name="Integration")
        s.add(neu)
        s.add(Kommentar(kennzahl_id=_id(s, Kennzahl, "K101"), jahr=2026, periodenart="quartal", periode=3,
                        art="hinweis", text="Nachtrag", autor="Test"))
        s.flush()
        assert neu.id == 8
    assert fingerabdruck(fabrik_beide) != erster


def test_demo002_anderer_seed_andere_werte_gleiche_struktur(fabrik, musterstadt):
    """Another seed changes the values but not the structure (same row counts)."""
    anzahl = demo_laden(fabrik, seed=7)
    assert anzahl == musterstadt[1]
    assert fingerabdruck(fabrik) != musterstadt[2]


def test_demo003_groessen(musterstadt):
    """Inhabitants, Sozialräume, Handlungsfelder, Ziele, Kennzahlen and Produkte lie in the agreed ranges."""
    fabrik, anzahl, _ = musterstadt
    assert set(anzahl) == set(DEMO_TABELLEN)
    with fabrik() as s:
        assert s.execute(select(Kommune.name, Kommune.gemeindeschluessel)).one() == ("Musterstadt", "05999000")
        einwohner = dict(s.execute(select(Bevoelkerung.jahr, func.sum(Bevoelkerung.anzahl))
                                   .group_by(Bevoelkerung.jahr)).all())
        assert sorted(einwohner) == list(range(2019, 2027))
        assert all(290_000 <= n <= 310_000 for n in einwohner.values())
        assert einwohner[2026] > einwohner[2019]
        ebenen = dict(s.execute(select(Sozialraum.ebene, func.count()).group_by(Sozialraum.ebene)).all())
        assert ebenen == {"bezirk": 5, "sozialraum": 25}
        assert 6 <= s.scalar(select(func.count()).select_from(Handlungsfeld)) <= 8
        assert 20 <= s.scalar(select(func.count()).select_from(Ziel)) <= 30
        typen = dict(s.execute(select(Kennzahl.typ, func.count()).group_by(Kennzahl.typ)).all())
        assert set(typen) == set(KENNZAHLTYPEN)
        assert 55 <= sum(typen.values()) <= 65
        raum = s.scalar(select(func.count()).select_from(Kennzahl).where(Kennzahl.raumebene == "sozialraum"))
        assert 12 <= raum <= 15
        assert s.scalar(select(func.count()).select_from(Kennzahl).where(Kennzahl.richtung == "zielkorridor")) >= 2
        produkte = s.scalars(select(Produkt.code).where(Produkt.ebene == "produkt")).all()
        assert 35 <= len(produkte) <= 45
        assert {p[:2] for p in produkte} == {"05", "06", "07", "10"}
        assert s.scalar(select(func.count()).select_from(Produkt).where(
            Produkt.ebene == "produkt", Produkt.aufgabenart.is_(None))) == 0


def test_demo004_zielpyramide_und_verknuepfungen(musterstadt):
    """Operative goals: strategic parent, 2–4 non-Kontext Kennzahlen, 1–3 products; shares ≤ 1."""
    with musterstadt[0]() as s:
        ziele = {z.id: z for z in s.scalars(select(Ziel))}
        kennzahlen = {k.id: k for k in s.scalars(select(Kennzahl))}
        zk, zp = defaultdict(list), defaultdict(list)
        for link in s.scalars(select(ZielKennzahl)):
            zk[link.ziel_id].append(kennzahlen[link.kennzahl_id])
        anteile = defaultdict(Decimal)
        for link in s.scalars(select(ZielProdukt)):
            zp[link.ziel_id].append(link.produkt_id)
            anteile[link.produkt_id] += link.anteil
        for z in ziele.values():
            if z.ebene == "strategisch":
                assert z.parent_id is None and z.zielfeld == "ergebnisse"
                continue
            eltern = ziele[z.parent_id]
            assert eltern.ebene == "strategisch" and eltern.handlungsfeld_id == z.handlungsfeld_id
            assert 2 <= len(zk[z.id]) <= 4, z.code
            assert all(k.typ != "kontext" for k in zk[z.id])
            assert 1 <= len(zp[z.id]) <= 3, z.code
        assert all(Decimal(0) < a <= 1 for a in anteile.values())
        for k in kennzahlen.values():
            assert k.steuerbar == (k.typ != "kontext")
            assert k.handlungsfeld_id is not None and k.organisationseinheit_id is not None
            assert k.frequenz == "quartal" and k.quelle and k.einheit
        fallzahlen = s.scalars(select(ProduktKennzahl).where(ProduktKennzahl.rolle == "fallzahl")).all()
        assert len(fallzahlen) >= 10


def test_demo005_werte_perioden_und_status(musterstadt):
    """Ist per quarter 2019 → Q3 2026 (newest vorläufig); Zielwert 2019–2029 and one Ausgangswert if steerable."""
    with musterstadt[0]() as s:
        alle_perioden = perioden("quartal")
        assert alle_perioden[0] == (2019, 1) and alle_perioden[-1] == (2026, 3) == letzte_periode("quartal")
        for k in s.scalars(select(Kennzahl)):
            ist = {(j, p): st for j, p, st in s.execute(
                select(Kennzahlwert.jahr, Kennzahlwert.periode, Kennzahlwert.status).where(
                    Kennzahlwert.kennzahl_id == k.id, Kennzahlwert.wertart == "ist",
                    Kennzahlwert.sozialraum_id.is_(None)))}
            erwartet = alle_perioden[:-1] if k.code == GESCHICHTE_FEHLENDE_LIEFERUNG["kennzahl"] else alle_perioden
            assert sorted(ist) == erwartet, k.code
            assert all(st == ("vorlaeufig" if jp == (2026, 3) else "endgueltig") for jp, st in ist.items())
            arten = defaultdict(list)
            for wertart, jahr, periodenart in s.execute(
                select(Kennzahlwert.wertart, Kennzahlwert.jahr, Kennzahlwert.periodenart).where(
                    Kennzahlwert.kennzahl_id == k.id, Kennzahlwert.wertart != "ist")
            ):
                assert periodenart == "jahr"
                arten[wertart].append(jahr)
            if k.steuerbar:
                assert sorted(arten["zielwert"]) == list(range(2019, 2030)), k.code
                assert arten["ausgangswert"] == [2019]
            else:
                assert not arten["zielwert"] and not arten["ausgangswert"]
            assert set(arten["prognose"]) <= {2026}
        vergleich = s.scalar(select(func.count(func.distinct(Kennzahlwert.kennzahl_id))).where(
            Kennzahlwert.wertart == "vergleichswert"))
        prognose = s.scalar(select(func.count()).select_from(Kennzahlwert).where(Kennzahlwert.wertart == "prognose"))
        assert vergleich >= 8 and prognose >= 8


def test_demo006_sozialraumwerte_gewichtetes_mittel(musterstadt):
    """Sozialraum Kennzahlen: a value for each of the 25 districts; city = population-weighted mean."""
    with musterstadt[0]() as s:
        bevoelkerung = s.execute(select(Bevoelkerung.sozialraum_id, Bevoelkerung.jahr, Bevoelkerung.alter_von,
                                        Bevoelkerung.alter_bis, Bevoelkerung.anzahl)).all()
        for d in kat.KENNZAHLEN:
            kennzahl_id = _id(s, Kennzahl, d.code)
            raumwerte = defaultdict(dict)
            for jahr, periode, sr, wert in s.execute(
                select(Kennzahlwert.jahr, Kennzahlwert.periode, Kennzahlwert.sozialraum_id, Kennzahlwert.wert)
                .where(Kennzahlwert.kennzahl_id == kennzahl_id, Kennzahlwert.sozialraum_id.is_not(None))
            ):
                raumwerte[(jahr, periode)][sr] = float(wert)
            if d.raum is None:
                assert not raumwerte, d.code
                continue
            assert len(raumwerte) == len(perioden("quartal"))
            assert all(len(werte) == 25 for werte in raumwerte.values())
            stadt = _ist(s, d.code)
            von, bis = d.raum.alter
            for jp in ((2019, 1), (2023, 2), (2026, 3)):
                gewicht = defaultdict(int)
                for sr, jahr, bv, bb, anzahl in bevoelkerung:
                    if jahr == jp[0] and bv >= von and (bis is None or (bb is not None and bb <= bis)):
                        gewicht[sr] += anzahl
                mittel = sum(gewicht[sr] * w for sr, w in raumwerte[jp].items()) / sum(gewicht.values())
                if (d.abgeleitet or "").startswith("faelle_aufteilen:"):  # a count: the districts add up to the city
                    assert float(stadt[jp]) == sum(raumwerte[jp].values()), d.code
                    continue
                assert float(stadt[jp]) == pytest.approx(mittel, abs=0.6 * 10 ** -d.nachkommastellen), d.code


def test_demo007_geschichte_kinderarmut_hafenviertel(musterstadt):
    """Story 1: K511 rises every year since 2021 in Hafenviertel (103) while the city mean stays flat."""
    with musterstadt[0]() as s:
        raum = _jahresmittel(_ist(s, GESCHICHTE_KINDERARMUT["kennzahl"], GESCHICHTE_KINDERARMUT["sozialraum"]))
        stadt = _jahresmittel(_ist(s, GESCHICHTE_KINDERARMUT["kennzahl"]))
        assert _id(s, Sozialraum, "103") and s.scalar(select(Sozialraum.name).where(Sozialraum.code == "103")) == \
            "Hafenviertel"
    assert all(raum[j + 1] > raum[j] for j in range(2021, 2026))
    assert raum[2026] - raum[2021] >= 6
    assert max(stadt.values()) - min(stadt.values()) <= 0.5


def test_demo008_geschichte_kosten_ohne_wirkung(musterstadt):
    """Story 2: voluntary product 050105 costs ~40 % more in 2026 than 2019; its Wirkung K108 stays flat."""
    g = GESCHICHTE_KOSTEN_OHNE_WIRKUNG
    with musterstadt[0]() as s:
        assert s.scalar(select(Produkt.aufgabenart).where(Produkt.code == g["produkt"])) == "freiwillig"
        zuschuss_2019 = -_betraege(s, g["produkt"], "ergebnis")[2019]
        zuschuss_2026 = -_betraege(s, g["produkt"], "prognose")[2026]
        wirkung = _jahresmittel(_ist(s, g["kennzahl"]))
        ziel_id = _id(s, Ziel, g["ziel"])
        assert s.scalar(select(ZielProdukt.anteil).where(
            ZielProdukt.ziel_id == ziel_id, ZielProdukt.produkt_id == _id(s, Produkt, g["produkt"])))
        assert s.scalar(select(ZielKennzahl.gewicht).where(
            ZielKennzahl.ziel_id == ziel_id, ZielKennzahl.kennzahl_id == _id(s, Kennzahl, g["kennzahl"])))
        assert s.scalar(select(Kennzahl.typ).where(Kennzahl.code == g["kennzahl"])) == "wirkung"
        je_fall = _jahresmittel(_ist(s, g["zuschuss_je_fall"]))
    assert 1.3 <= zuschuss_2026 / zuschuss_2019 <= 1.5
    assert abs(wirkung[2026] - wirkung[2019]) < 1.0
    assert je_fall[2026] > 1.25 * je_fall[2019]


def test_demo009_geschichte_hze_stationaer(musterstadt):
    """Story 3: ambulant share falls 64 → 51 %, stationary density rises, 060503 = Fallzahl × Fallkosten."""
    g = GESCHICHTE_HZE_STATIONAER
    with musterstadt[0]() as s:
        anteil = _jahresmittel(_ist(s, g["anteil_ambulant"]))
        dichte = _jahresmittel(_ist(s, g["dichte_stationaer"]))
        faelle = _jahresmittel(_ist(s, g["fallzahl"]))
        fallkosten = _jahresmittel(_ist(s, g["aufwand_je_fall"]))
        transfer = _zeile(s, g["produkt"], "15")
        ansatz_2026 = _zeile(s, g["produkt"], "15", "ansatz")[2026]
        prognose_2026 = _zeile(s, g["produkt"], "15", "prognose")[2026]
    assert 62 <= anteil[2019] <= 66 and 49 <= anteil[2026] <= 53
    assert all(anteil[j + 1] < anteil[j] for j in range(2020, 2026))
    assert dichte[2026] > 1.25 * dichte[2019]
    assert -transfer[2025] > Decimal("1.4") * -transfer[2019]
    for jahr in range(2019, 2026):
        assert float(-transfer[jahr]) == pytest.approx(faelle[jahr] * fallkosten[jahr], rel=0.04)
    assert prognose_2026 < ansatz_2026  # more expense than budgeted (amounts are negative)


def test_demo010_geschichte_fehlende_lieferung(musterstadt):
    """Story 4: only K103 lacks the Ist of the newest period; it has the period before."""
    with musterstadt[0]() as s:
        ohne = s.scalars(select(Kennzahl.code).where(~Kennzahl.id.in_(
            select(Kennzahlwert.kennzahl_id).where(
                Kennzahlwert.wertart == "ist", Kennzahlwert.jahr == 2026, Kennzahlwert.periode == 3,
                Kennzahlwert.sozialraum_id.is_(None))))).all()
        vorher = _ist(s, GESCHICHTE_FEHLENDE_LIEFERUNG["kennzahl"])
    assert ohne == [GESCHICHTE_FEHLENDE_LIEFERUNG["kennzahl"]]
    assert (2026, 2) in vorher


def test_demo011_geometrie_gueltiges_geojson(musterstadt):
    """Sozialraum boundaries: closed counter-clockwise GeoJSON rings inside the bounding box; areas add up."""
    with musterstadt[0]() as s:
        raeume = s.execute(select(Sozialraum.ebene, Sozialraum.geometrie, Sozialraum.flaeche_km2,
                                  Sozialraum.parent_id)).all()
        bezirke = dict(s.execute(select(Sozialraum.id, Sozialraum.flaeche_km2)
                                 .where(Sozialraum.ebene == "bezirk")).all())
    flaeche_je_bezirk = defaultdict(Decimal)
    for ebene, geometrie, flaeche, parent_id in raeume:
        if ebene == "bezirk":
            continue
        geo = json.loads(geometrie)
        assert geo["type"] == "Polygon" and len(geo["coordinates"]) == 1
        ring = geo["coordinates"][0]
        assert len(ring) >= 4 and ring[0] == ring[-1]
        assert all(BBOX[0] < lon < BBOX[2] and BBOX[1] < lat < BBOX[3] for lon, lat in ring)
        umlauf = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))
        assert umlauf > 0  # counter-clockwise (RFC 7946)
        assert Decimal(1) < flaeche < Decimal(20)
        flaeche_je_bezirk[parent_id] += flaeche
    for bezirk_id, summe in flaeche_je_bezirk.items():
        assert bezirke[bezirk_id] == summe
    assert 120 < sum(flaeche_je_bezirk.values()) < 220


def test_demo012_haushalt_betraege(musterstadt):
    """Budget: Decimal with 2 decimals, whole euros, Produkt level only, Zuschussbedarf > 0, Ist ≈ Ergebnis."""
    with musterstadt[0]() as s:
        stichprobe = s.scalars(select(Haushaltsbetrag.betrag).limit(500)).all()
        assert all(isinstance(b, Decimal) and b.as_tuple().exponent == -2 and b == b.to_integral_value()
                   for b in stichprobe)
        ebenen = s.scalars(select(func.distinct(Produkt.ebene)).join(
            Haushaltsbetrag, Haushaltsbetrag.produkt_id == Produkt.id)).all()
        assert ebenen == ["produkt"]
        arten = set(s.execute(select(Haushaltsbetrag.betragsart, Haushaltsbetrag.version, Haushaltsbetrag.jahr)
                              .where(Haushaltsbetrag.periodenart == "jahr").distinct()).all())
        erwartet = ({("ergebnis", "beschluss", j) for j in range(2019, 2026)}
                    | {("ansatz", "beschluss", j) for j in range(2019, 2027)}
                    | {("fortgeschriebener_ansatz", "beschluss", 2026), ("prognose", "beschluss", 2026),
                       ("ansatz", "entwurf", 2027), ("planung", "entwurf", 2028), ("planung", "entwurf", 2029)}
                    | {("planung", "beschluss", j) for j in (2027, 2028, 2029)}
                    | {("ansatz", "anmeldung", 2027), ("ansatz", "eckwert", 2027), ("ansatz", "beschluss", 2027),
                       ("ansatz", "nachtrag", 2026), ("uebertragung", "beschluss", 2026)})  # Haushaltszyklus 2027
        assert arten == erwartet
        produkte = s.scalars(select(Produkt.code).where(Produkt.ebene == "produkt")).all()
        positiv = [p for p in produkte if _betraege(s, p, "ergebnis")[2025] < 0]
        assert len(positiv) >= 0.95 * len(produkte)
        for p in ("060101", "050101", "050202"):
            ergebnis = _zeile(s, p, "15")
            ist = defaultdict(Decimal)
            for jahr, betrag in s.execute(
                select(Haushaltsbetrag.jahr, Haushaltsbetrag.betrag)
                .join(Planzeile, Planzeile.id == Haushaltsbetrag.planzeile_id)
                .where(Haushaltsbetrag.produkt_id == _id(s, Produkt, p), Planzeile.nummer == "15",
                       Haushaltsbetrag.betragsart == "ist_unterjaehrig", Haushaltsbetrag.periodenart == "quartal")
            ):
                ist[jahr] += betrag
            assert sorted(ist) == list(range(2019, 2027))
            for jahr in range(2019, 2026):
                assert float(ist[jahr]) == pytest.approx(float(ergebnis[jahr]), rel=0.015)
            assert ist[2026] < 0 and abs(ist[2026]) < abs(ergebnis[2025])  # three quarters only
        kita = _zeile(s, "060101", "15")[2025]
        assert Decimal(-150_000_000) < kita < Decimal(-80_000_000)


def test_demo013_zeitstempel_fest(musterstadt):
    """Every timestamp is a fixed date between 2018 and the reporting date, never "now"."""
    with musterstadt[0]() as s:
        for spalte in (Kennzahlwert.geaendert_am, Haushaltsbetrag.geaendert_am, Kommentar.erstellt_am):
            frueh, spaet = s.execute(select(func.min(spalte), func.max(spalte))).one()
            assert dt.datetime(2018, 12, 1) <= frueh.replace(tzinfo=None) <= spaet.replace(tzinfo=None) \
                <= dt.datetime(2026, 10, 31)


def test_demo014_tertial(fabrik):
    """Tertial mode: periods 1–3 only, ending with Tertial 2/2026, for Kennzahlen, budget and comments."""
    demo_laden(fabrik, periodenart="tertial")
    with fabrik() as s:
        for modell in (Kennzahlwert, Haushaltsbetrag, Kommentar):
            arten = set(s.scalars(select(func.distinct(modell.periodenart))).all())
            assert arten <= {"jahr", "tertial"}
            letzte = s.execute(select(modell.jahr, modell.periode).where(modell.periodenart == "tertial")
                               .order_by(modell.jahr.desc(), modell.periode.desc()).limit(1)).one()
            assert tuple(letzte) == (2026, 2)
            if modell is not Kommentar:
                assert set(s.scalars(select(func.distinct(modell.periode)).where(
                    modell.periodenart == "tertial")).all()) == {1, 2, 3}
        assert set(s.scalars(select(func.distinct(Kennzahl.frequenz))).all()) == {"tertial"}
        assert sorted(_ist(s, "K101", periodenart="tertial"))[-1] == (2026, 2)
    assert perioden("monat")[-1] == (2026, 9) and len(perioden("tertial")) == 7 * 3 + 2


def test_demo015_ungueltige_periodenart_aendert_nichts(musterstadt):
    """An unknown periodenart raises ValueError before anything is deleted."""
    fabrik, _anzahl, fingerabdruck_vorher = musterstadt
    with pytest.raises(ValueError):
        demo_laden(fabrik, periodenart="woche")
    assert fingerabdruck(fabrik) == fingerabdruck_vorher


def test_demo016_import_ohne_datenbank():
    """Importing kennzahlen.demo opens no database connection."""
    programm = (
        "import sqlalchemy, sqlalchemy.engine\n"
        "def nein(*a, **k): raise SystemExit('create_engine beim Import')\n"
        "sqlalchemy.create_engine = sqlalchemy.engine.create_engine = nein\n"
        "import kennzahlen.demo\n"
    )
    ergebnis = subprocess.run([sys.executable, "-c", programm], capture_output=True, text=True, check=False,
                              cwd=Path(__file__).resolve().parents[2])
    assert ergebnis.returncode == 0, ergebnis.stderr
