"""The summary tables (Kennzahlperiode, Haushaltssumme) equal the aggregates of the raw tables after every
kind of change: demo load, import, ORM edit, Core statement, migration – on SQLite and PostgreSQL."""

from __future__ import annotations

import random

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event, func, select, update

from kennzahlen import abfragen, datenstand
from kennzahlen.db import _alembic_config, transaktion
from kennzahlen.demo import demo_laden
from kennzahlen.importe import ImportFehler, importieren
from kennzahlen.models import (
    Haushaltsbetrag,
    Haushaltssumme,
    Kennzahl,
    Kennzahlperiode,
    Kennzahlwert,
    Kommentar,
    Planzeile,
    Produkt,
    Sozialraum,
)
from kennzahlen.perioden import Periode

GRUPPE = ("produkt_id", "jahr", "periodenart", "periode", "betragsart", "version")


def roh(fabrik) -> tuple[set, dict]:
    """The periods with city-wide Ist values and the budget sums, aggregated from the raw tables."""
    kw, hb = Kennzahlwert, Haushaltsbetrag
    spalten = [getattr(hb, g) for g in GRUPPE]
    with fabrik() as s:
        perioden = {tuple(r) for r in s.execute(select(kw.periodenart, kw.jahr, kw.periode).where(
            kw.wertart == "ist", kw.sozialraum_id.is_(None)).distinct())}
        summen = {tuple(r[:-1]): r[-1] for r in s.execute(
            select(*spalten, func.sum(hb.betrag)).group_by(*spalten))}
    return perioden, summen


def zusammenfassungen(fabrik) -> tuple[set, dict]:
    """The same, read from the summary tables."""
    kp, hs = Kennzahlperiode, Haushaltssumme
    with fabrik() as s:
        perioden = {tuple(r) for r in s.execute(select(kp.periodenart, kp.jahr, kp.periode))}
        summen = {tuple(r[:-1]): r[-1] for r in s.execute(select(*(getattr(hs, g) for g in GRUPPE), hs.betrag))}
    return perioden, summen


def gleich(fabrik) -> None:
    """Assert that the summaries equal the raw aggregates (and say where not)."""
    p_roh, s_roh = roh(fabrik)
    p_zus, s_zus = zusammenfassungen(fabrik)
    assert p_zus == p_roh, (sorted(p_zus - p_roh), sorted(p_roh - p_zus))
    unterschiede = {k: (s_zus.get(k), s_roh.get(k)) for k in s_roh.keys() | s_zus.keys()
                    if s_zus.get(k) != s_roh.get(k)}
    assert not unterschiede, sorted(unterschiede.items())[:10]


@pytest.fixture
def demo(fabrik_beide):
    """The demo city Musterstadt on SQLite and PostgreSQL (loaded without ``datenstand.erhoehen``)."""
    demo_laden(fabrik_beide)
    return fabrik_beide


def _codes(fabrik):
    with fabrik() as s:
        return (
            list(s.scalars(select(Kennzahl.code).order_by(Kennzahl.code).limit(6))),
            list(s.scalars(select(Sozialraum.code).where(Sozialraum.ebene == "sozialraum").order_by(Sozialraum.code)
                           .limit(2))),
            list(s.scalars(select(Produkt.code).where(Produkt.ebene == "produkt").order_by(Produkt.code).limit(6))),
            list(s.scalars(select(Planzeile.nummer).where(Planzeile.art != "summe").order_by(Planzeile.id).limit(3))),
        )


def _haushalt_csv(zeilen) -> bytes:
    kopf = "Produkt;Jahr;Periodenart;Periode;Zeilenschema;Zeile;Betragsart;Version;Betrag\r\n"
    return (kopf + "".join(f"{p};{j};{a};{n};nkf-nrw-2019;{z};{b};{v};{w}\r\n"
                           for p, j, a, n, z, b, v, w in zeilen)).encode()


def _werte_csv(zeilen) -> bytes:
    kopf = "Kennzahl;Jahr;Periodenart;Periode;Sozialraum;Wertart;Wert\r\n"
    return (kopf + "".join(f"{k};{j};{a};{n};{r};{w};{x}\r\n" for k, j, a, n, r, w, x in zeilen)).encode()


def test_zf001_demo_geladen_zusammenfassungen_gefuellt(demo):
    """After the demo load (no erhoehen) both summaries are filled and equal the raw aggregates."""
    gleich(demo)
    perioden, summen = zusammenfassungen(demo)
    assert len(perioden) > 10 and len(summen) > 100
    assert Periode(2026, "quartal", 3) in abfragen.verfuegbare_perioden(demo, "quartal")


def test_zf002_import_kennzahlwerte(demo):
    """An import with a new period, district values and changed values keeps the periods in step."""
    kennzahlen, raeume, _, _ = _codes(demo)
    datei = _werte_csv([
        (kennzahlen[0], 2027, "quartal", 1, "", "ist", "12,5"),
        (kennzahlen[1], 2027, "quartal", 2, raeume[0], "ist", "3"),  # district only: no new city period
        (kennzahlen[2], 2026, "quartal", 1, "", "ist", "99"),
        (kennzahlen[3], 2028, "jahr", 1, "", "zielwert", "5"),
    ])
    bericht = importieren(demo, "werte.csv", datei, "test")
    assert bericht.neu + bericht.geaendert == 4
    gleich(demo)
    verfuegbar = abfragen.verfuegbare_perioden(demo, "quartal")
    assert verfuegbar[-1] == Periode(2027, "quartal", 1)


def test_zf003_import_haushalt(demo):
    """A budget import (changed and new amounts, a new year) keeps the sums in step; the cockpit's
    Zuschussbedarf is the raw −SUM."""
    _, _, produkte, zeilen = _codes(demo)
    datei = _haushalt_csv([
        (produkte[0], 2026, "jahr", 1, zeilen[0], "ansatz", "beschluss", "1234567,89"),
        (produkte[1], 2030, "jahr", 1, zeilen[1], "ansatz", "beschluss", "1000"),
        (produkte[2], 2026, "quartal", 2, zeilen[2], "ist_unterjaehrig", "beschluss", "77,01"),
    ])
    importieren(demo, "haushalt.csv", datei, "test", art="haushalt_lang", optionen={"vorzeichen": "aufwand_negativ"})
    gleich(demo)
    hb = Haushaltsbetrag
    with demo() as s:
        pid = s.scalar(select(Produkt.id).where(Produkt.code == produkte[0]))
        erwartet = -s.scalar(select(func.sum(hb.betrag)).where(
            hb.produkt_id == pid, hb.jahr == 2026, hb.betragsart == "ansatz", hb.version == "beschluss",
            hb.periodenart == "jahr"))
    z = abfragen.zuschussbedarf_je_produkt(demo, Periode(2026, "quartal", 3)).set_index("produkt_id")
    assert z.loc[pid, "ansatz"] == float(erwartet)


def test_zf004_bearbeitung_ueber_orm(demo):
    """ORM edits – a value moved to another period, an amount deleted, one added – with and without erhoehen."""
    with transaktion(demo) as s:
        wert = s.scalars(select(Kennzahlwert).where(Kennzahlwert.wertart == "ist", Kennzahlwert.sozialraum_id.is_(None),
                                                    Kennzahlwert.periodenart == "quartal")
                         .order_by(Kennzahlwert.jahr, Kennzahlwert.periode)).first()
        wert.jahr, wert.periode = 2031, 4
        betrag = s.scalars(select(Haushaltsbetrag).order_by(Haushaltsbetrag.id)).first()
        s.delete(betrag)
        datenstand.erhoehen(s)
    gleich(demo)
    with transaktion(demo) as s:  # no erhoehen: the commit still keeps the summaries in step
        vorlage = s.scalars(select(Haushaltsbetrag).order_by(Haushaltsbetrag.id.desc())).first()
        s.add(Haushaltsbetrag(produkt_id=vorlage.produkt_id, jahr=2032, periodenart="jahr", periode=1,
                              planzeile_id=vorlage.planzeile_id, betragsart="ansatz", version="beschluss",
                              betrag=vorlage.betrag))
        s.execute(update(Kennzahlwert).where(Kennzahlwert.jahr == 2031).values(jahr=2033))
    gleich(demo)


def test_zf005_core_anweisungen(demo):
    """UPDATE and DELETE by criteria recompute the whole summary of their table."""
    with transaktion(demo) as s:
        s.execute(update(Haushaltsbetrag).where(Haushaltsbetrag.jahr == 2025).values(betrag=Haushaltsbetrag.betrag * 2))
        s.execute(delete(Kennzahlwert).where(Kennzahlwert.jahr == 2026, Kennzahlwert.periode == 3))
        datenstand.erhoehen(s)
    gleich(demo)
    assert Periode(2026, "quartal", 3) not in abfragen.verfuegbare_perioden(demo, "quartal")


def test_zf006_kommentar_rechnet_keine_summe(demo):
    """A comment edit advances the data version but recomputes no summary."""
    anweisungen: list[str] = []
    engine = demo.kw["bind"]

    def mitschreiben(_conn, _cursor, sql, *_args):
        anweisungen.append(sql.lower())

    with transaktion(demo) as s:
        kid = s.scalar(select(Kennzahl.id).limit(1))
        s.add(Kommentar(kennzahl_id=kid, jahr=2026, periodenart="quartal", periode=3, art="hinweis", text="x",
                        autor="test"))
        event.listen(engine, "before_cursor_execute", mitschreiben)
        try:
            datenstand.erhoehen(s)
        finally:
            event.remove(engine, "before_cursor_execute", mitschreiben)
    assert anweisungen and not [a for a in anweisungen if "haushaltssumme" in a or "kennzahlperiode" in a]


def test_zf007_ohne_bekannte_aenderung_alles(demo):
    """erhoehen in a transaction that saw no write (data came another way) recomputes every summary."""
    with demo() as s, s.begin():
        s.execute(delete(Haushaltssumme))
        s.execute(delete(Kennzahlperiode))
    with transaktion(demo) as s:
        datenstand.erhoehen(s)
    gleich(demo)
    with transaktion(demo) as s:
        datenstand.erhoehen(s, geaendert=[])
    gleich(demo)


def test_zf008_migration_fuellt_einmal(demo):
    """Migration 0006 fills the summaries of a database that already holds data."""
    engine = demo.kw["bind"]
    command.downgrade(_alembic_config(engine), "0005")
    command.upgrade(_alembic_config(engine), "head")
    gleich(demo)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None,
          derandomize=True, max_examples=12)
@given(saat=st.integers(0, 10**6), n_werte=st.integers(0, 25), n_betraege=st.integers(0, 25))
def test_zf009_zufaelliger_import_haelt_gleichstand(demo, saat, n_werte, n_betraege):
    """Random imports of values and amounts (some rejected as a whole) always leave summary = raw aggregate."""
    zufall = random.Random(saat)
    kennzahlen, raeume, produkte, zeilen = _codes(demo)
    werte, betraege = {}, {}
    for _ in range(n_werte):
        art = zufall.choice(["quartal", "jahr"])
        schluessel = (zufall.choice(kennzahlen), zufall.randint(2024, 2028), art,
                      zufall.randint(1, 4) if art == "quartal" else 1, zufall.choice(["", "", *raeume]),
                      zufall.choice(["ist", "ist", "zielwert", "ausgangswert"]))
        werte[schluessel] = f"{zufall.uniform(-100, 1000):.2f}".replace(".", ",")
    for _ in range(n_betraege):
        art = zufall.choice(["jahr", "quartal"])
        betragsart = zufall.choice(["ansatz", "ergebnis", "prognose"]) if art == "jahr" else "ist_unterjaehrig"
        schluessel = (zufall.choice(produkte), zufall.randint(2023, 2028), art,
                      zufall.randint(1, 4) if art == "quartal" else 1, zufall.choice(zeilen), betragsart,
                      zufall.choice(["beschluss", "beschluss", "entwurf"]) if betragsart == "ansatz" else "beschluss")
        betraege[schluessel] = f"{zufall.uniform(0, 10**7):.2f}".replace(".", ",")
    for name, inhalt, art, optionen in (
        ("werte.csv", _werte_csv([(*k, w) for k, w in werte.items()]), "kennzahlwerte", None),
        ("haushalt.csv", _haushalt_csv([(*k, b) for k, b in betraege.items()]), "haushalt_lang",
         {"vorzeichen": "aufwand_negativ"}),
    ):
        if inhalt.count(b"\n") < 2:
            continue
        try:
            importieren(demo, name, inhalt, "zufall", art=art, optionen=optionen)
            ERFOLGREICH.append(name)
        except ImportFehler:
            pass
    gleich(demo)


ERFOLGREICH: list[str] = []


def test_zf010_zufallsimporte_waren_erfolgreich():
    """The random imports above mostly went through (the property is not tested on rejected files only)."""
    if not ERFOLGREICH:
        pytest.skip("nur zusammen mit test_zf009")
    assert ERFOLGREICH.count("werte.csv") >= 5 and ERFOLGREICH.count("haushalt.csv") >= 5, ERFOLGREICH
