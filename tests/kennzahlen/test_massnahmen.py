"""Maßnahmen followed up: status changes with history, idempotent saving, refusals, carry-over to the next
period, overdue and due flags (SQLite and PostgreSQL)."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from kennzahlen import massnahmen as mn
from kennzahlen.db import transaktion
from kennzahlen.models import Handlungsfeld, Kennzahl, Kommentar, Massnahmenverlauf, Produkt, Ziel, ZielProdukt
from kennzahlen.perioden import Periode
from kennzahlen.zugang import bereich_von

Q2, Q3, Q4 = (Periode(2026, "quartal", n) for n in (2, 3, 4))


def _utc(*teile) -> dt.datetime:
    return dt.datetime(*teile, tzinfo=dt.UTC)


@pytest.fixture
def objekte(fabrik_beide):
    """A Handlungsfeld Jugend with a Kennzahl K1, a Ziel Z1 and a Produkt P1 serving Z1."""
    with transaktion(fabrik_beide) as s:
        hf = Handlungsfeld(code="HF5", name="Jugend")
        s.add(hf)
        s.flush()
        kz = Kennzahl(code="K1", name="Anteil ambulanter Hilfen", einheit="%", frequenz="quartal", typ="wirkung",
                      richtung="hoeher_besser", handlungsfeld_id=hf.id)
        ziel = Ziel(code="Z1", name="Ambulant vor stationär", ebene="operativ", zielfeld="ergebnisse",
                    handlungsfeld_id=hf.id)
        produkt = Produkt(code="060503", name="Heimerziehung", ebene="produkt")
        s.add_all([kz, ziel, produkt])
        s.flush()
        s.add(ZielProdukt(ziel_id=ziel.id, produkt_id=produkt.id, anteil=1))
        ids = {"hf": hf.id, "kennzahl": kz.id, "ziel": ziel.id, "produkt": produkt.id}
    return fabrik_beide, ids


def _massnahme(fabrik, ids, periode: Periode, status: str, frist: dt.date, erstellt: dt.datetime,
               objekt: str = "kennzahl", art: str = "massnahme") -> int:
    """A measure as kommentar_anlegen stores it, with its first history entry "angelegt"."""
    with transaktion(fabrik) as s:
        k = Kommentar(**{f"{objekt}_id": ids[objekt]}, jahr=periode.jahr, periodenart=periode.art,
                      periode=periode.nummer, art=art, text=f"Maßnahme {status} {frist}",
                      verantwortlich="Jugendamt (51)" if art == "massnahme" else None,
                      frist=frist if art == "massnahme" else None,
                      massnahmenstatus=status if art == "massnahme" else None, autor="S. Krüger",
                      erstellt_am=erstellt)
        s.add(k)
        s.flush()
        if art == "massnahme":
            s.add(Massnahmenverlauf(kommentar_id=k.id, alter_status=None, neuer_status=status, bemerkung="angelegt",
                                    geaendert_am=erstellt, geaendert_von="S. Krüger"))
        return k.id


def _eintraege(fabrik, nummer: int) -> int:
    with fabrik() as s:
        return s.scalar(select(func.count()).select_from(Massnahmenverlauf)
                        .where(Massnahmenverlauf.kommentar_id == nummer))


def test_mn001_statuswechsel_schreibt_verlauf(objekte):
    """A status change stores old → new with who, when and remark, and updates the measure itself."""
    fabrik, ids = objekte
    nummer = _massnahme(fabrik, ids, Q3, "offen", dt.date(2026, 12, 31), _utc(2026, 10, 12, 14))
    vorher = dt.datetime.now(dt.UTC)
    with transaktion(fabrik) as s:
        assert mn.status_aendern(s, nummer, "in_umsetzung", "  Träger beauftragt ", "Jana Jugend",
                                 erwarteter_status="offen") is True
    v = mn.verlauf(fabrik, nummer)
    assert list(v.columns) == ["alter_status", "neuer_status", "bemerkung", "geaendert_am", "geaendert_von"]
    assert list(v["neuer_status"]) == ["offen", "in_umsetzung"]
    letzte = v.iloc[-1]
    assert letzte["alter_status"] == "offen" and letzte["bemerkung"] == "Träger beauftragt"
    assert letzte["geaendert_von"] == "Jana Jugend"
    assert vorher - dt.timedelta(seconds=5) <= letzte["geaendert_am"] <= dt.datetime.now(dt.UTC)
    with fabrik() as s:
        k = s.get(Kommentar, nummer)
        assert k.massnahmenstatus == "in_umsetzung" and k.geaendert_am is not None
    zeile = mn.massnahmen(fabrik, Q4).set_index("id").loc[nummer]
    assert zeile["status_text"] == "in Umsetzung" and zeile["letzte_aenderung_von"] == "Jana Jugend"


def test_mn002_gleicher_status_zweimal_ein_eintrag(objekte):
    """Saving the status a measure already has stores nothing – also the second click with the old
    expected status (a repeated request is no conflict)."""
    fabrik, ids = objekte
    nummer = _massnahme(fabrik, ids, Q3, "offen", dt.date(2026, 12, 31), _utc(2026, 10, 12, 14))
    for erwartet, geaendert in (("offen", True), ("offen", False), (None, False)):
        with transaktion(fabrik) as s:
            assert mn.status_aendern(s, nummer, "umgesetzt", None, "Jana Jugend", erwartet) is geaendert
    assert _eintraege(fabrik, nummer) == 2  # "angelegt" and the one change
    with transaktion(fabrik) as s:
        assert mn.status_aendern(s, nummer, "offen", None, "Jana Jugend") is True  # reopening is a change
    assert _eintraege(fabrik, nummer) == 3


def test_mn003_falscher_erwarteter_status_abgelehnt(objekte):
    """When someone changed the status meanwhile, a change expecting the old status is refused in German and
    nothing is stored."""
    fabrik, ids = objekte
    nummer = _massnahme(fabrik, ids, Q3, "offen", dt.date(2026, 12, 31), _utc(2026, 10, 12, 14))
    with transaktion(fabrik) as s:
        mn.status_aendern(s, nummer, "in_umsetzung", None, "Carl Controlling", "offen")
    gemeldet = "inzwischen von „offen“ auf „in Umsetzung“ geändert"
    with pytest.raises(ValueError, match=gemeldet), transaktion(fabrik) as s:
        mn.status_aendern(s, nummer, "verworfen", "zu teuer", "Jana Jugend", erwarteter_status="offen")
    assert _eintraege(fabrik, nummer) == 2
    with fabrik() as s:
        assert s.get(Kommentar, nummer).massnahmenstatus == "in_umsetzung"


def test_mn004_unbekannter_status_und_falsches_objekt_abgelehnt(objekte):
    """Unknown status, missing id, a comment that is no Maßnahme and a too long remark: German ValueError
    naming the field, nothing stored."""
    fabrik, ids = objekte
    nummer = _massnahme(fabrik, ids, Q3, "offen", dt.date(2026, 12, 31), _utc(2026, 10, 12, 14))
    hinweis = _massnahme(fabrik, ids, Q3, "offen", dt.date(2026, 12, 31), _utc(2026, 10, 12, 15), art="hinweis")
    faelle = [
        ((nummer, "erledigt"), "Feld „Status“: „erledigt“ ist kein Status"),
        ((nummer, None), "Feld „Status“"),
        ((999999, "umgesetzt"), "Feld „Maßnahme“: eine Maßnahme Nr. 999999 gibt es nicht"),
        (("", "umgesetzt"), "Feld „Maßnahme“: bitte eine Maßnahme auswählen"),
        ((hinweis, "umgesetzt"), "keine Maßnahme, sondern eine Hinweis"),
    ]
    for (kommentar, status), meldung in faelle:
        with pytest.raises(ValueError, match=meldung), transaktion(fabrik) as s:
            mn.status_aendern(s, kommentar, status, None, "Jana Jugend")
    with pytest.raises(ValueError, match=r"Feld „Bemerkung“: höchstens 2\.000 Zeichen"), transaktion(fabrik) as s:
        mn.status_aendern(s, nummer, "umgesetzt", "x" * 2001, "Jana Jugend")
    assert _eintraege(fabrik, nummer) == 1
    with fabrik() as s:
        assert s.scalar(select(func.count()).select_from(Massnahmenverlauf)) == 1


def test_mn005_uebertrag_in_die_naechste_periode(objekte):
    """A measure of Q2 2026 still open is followed up in Q3 (promised there) and carried over into Q4; one
    implemented during Q3 shows in Q3 with its change and is not carried over; Q2 itself lists neither."""
    fabrik, ids = objekte
    offen = _massnahme(fabrik, ids, Q2, "offen", dt.date(2026, 9, 30), _utc(2026, 7, 10, 9))
    erledigt = _massnahme(fabrik, ids, Q2, "offen", dt.date(2026, 9, 30), _utc(2026, 6, 20, 9), objekt="produkt")
    spaeter = _massnahme(fabrik, ids, Q3, "offen", dt.date(2026, 12, 31), _utc(2026, 10, 12, 9), objekt="ziel")
    with transaktion(fabrik) as s:
        mn.status_aendern(s, erledigt, "umgesetzt", "zwei Stellen besetzt", "Jana Jugend", "offen",
                          zeitpunkt=_utc(2026, 8, 15, 10))

    q3 = mn.nachverfolgung(fabrik, Q3).set_index("id")
    assert set(q3.index) == {offen, erledigt}
    assert not q3["uebertragen"].any()
    assert (q3.loc[offen, "status_damals"], q3.loc[offen, "status_jetzt"]) == ("offen", "offen")
    assert not q3.loc[offen, "veraendert"] and q3.loc[offen, "anzahl_aenderungen"] == 0
    e = q3.loc[erledigt]
    assert (e["status_damals"], e["status_jetzt"], e["veraendert"]) == ("offen", "umgesetzt", True)
    assert e["anzahl_aenderungen"] == 1
    assert "15.08.2026" in e["aenderungen"]
    assert "offen → umgesetzt (Jana Jugend) – zwei Stellen besetzt" in e["aenderungen"]
    assert e["angelegt_in"] == "Q2 2026" and e["objektart"] == "produkt"

    q4 = mn.nachverfolgung(fabrik, Q4).set_index("id")
    assert set(q4.index) == {offen, spaeter}
    assert bool(q4.loc[offen, "uebertragen"]) and not bool(q4.loc[spaeter, "uebertragen"])
    assert q4.loc[offen, "status_damals"] == "offen"
    assert list(mn.nachverfolgung(fabrik, Periode(2027, "quartal", 1)).sort_values("id")["id"]) == [offen, spaeter]
    assert mn.nachverfolgung(fabrik, Q2).empty

    with transaktion(fabrik) as s:  # implemented in Q4: still carried over into Q4 (open at its start) …
        mn.status_aendern(s, offen, "umgesetzt", None, "Jana Jugend", zeitpunkt=_utc(2026, 11, 3, 8))
    q4 = mn.nachverfolgung(fabrik, Q4).set_index("id")
    assert (q4.loc[offen, "status_damals"], q4.loc[offen, "status_jetzt"]) == ("offen", "umgesetzt")
    ersteq1 = mn.nachverfolgung(fabrik, Periode(2027, "quartal", 1))  # … but no longer into Q1 2027
    assert list(ersteq1["id"]) == [spaeter]


def test_mn006_ueberfaellig_und_faellig_in_periode(objekte):
    """Overdue: deadline before today and still open; due: deadline within the period, whatever the status."""
    fabrik, ids = objekte
    ueber = _massnahme(fabrik, ids, Q3, "in_umsetzung", dt.date(2026, 11, 30), _utc(2026, 10, 1, 9))
    erledigt = _massnahme(fabrik, ids, Q3, "umgesetzt", dt.date(2026, 10, 15), _utc(2026, 10, 1, 9))
    spaet = _massnahme(fabrik, ids, Q3, "offen", dt.date(2027, 3, 31), _utc(2026, 10, 1, 9), objekt="produkt")
    df = mn.massnahmen(fabrik, Q4, heute=dt.date(2026, 12, 7)).set_index("id")
    assert df.loc[ueber, "ueberfaellig"] and df.loc[ueber, "faellig_in_periode"] and df.loc[ueber, "offen"]
    assert not df.loc[erledigt, "ueberfaellig"] and df.loc[erledigt, "faellig_in_periode"]
    assert not df.loc[erledigt, "offen"]
    assert not df.loc[spaet, "ueberfaellig"] and not df.loc[spaet, "faellig_in_periode"]
    assert mn.massnahmen(fabrik, Periode(2027, "quartal", 1), heute=dt.date(2026, 12, 7)).set_index("id").loc[
        spaet, "faellig_in_periode"]
    assert not mn.massnahmen(fabrik, Q4, heute=dt.date(2026, 11, 30)).set_index("id").loc[ueber, "ueberfaellig"]
    assert list(df.index) == [erledigt, ueber, spaet]  # by deadline
    p = df.loc[spaet]
    assert (p["objekt_code"], p["objekt_name"], p["angelegt_in"]) == ("060503", "Heimerziehung", "Q3 2026")
    assert p["handlungsfeld_ids"] == (ids["hf"],) and p["handlungsfeld"] == "Jugend"
    assert p["status_text"] == "offen" and p["letzte_aenderung_von"] == "S. Krüger"


def test_mn007_verlauf_und_objekt(objekte):
    """The history is oldest first; objekt_von names the measure's object (None for others)."""
    fabrik, ids = objekte
    nummer = _massnahme(fabrik, ids, Q3, "offen", dt.date(2026, 12, 31), _utc(2026, 10, 12, 14), objekt="ziel")
    with transaktion(fabrik) as s:
        mn.status_aendern(s, nummer, "in_umsetzung", None, "A", zeitpunkt=_utc(2026, 10, 20))
        mn.status_aendern(s, nummer, "verworfen", "Ausschuss lehnt ab", "B", zeitpunkt=_utc(2026, 11, 20))
    v = mn.verlauf(fabrik, nummer)
    assert list(zip(v["alter_status"], v["neuer_status"], strict=True)) == [
        (None, "offen"), ("offen", "in_umsetzung"), ("in_umsetzung", "verworfen")]
    assert list(v["geaendert_von"]) == ["S. Krüger", "A", "B"]
    assert mn.objekt_von(fabrik, nummer) == ("ziel", "Z1")
    assert mn.objekt_von(fabrik, 424242) is None and mn.objekt_von(fabrik, "x") is None
    assert mn.verlauf(fabrik, 424242).empty


def test_mn008_bereich_wie_berechtigungspruefung(fabrik):
    """On the demo city every measure's fields and unit are those the permission check uses."""
    from kennzahlen.demo import demo_laden

    demo_laden(fabrik)
    df = mn.massnahmen(fabrik, Q4)
    assert len(df) >= 5
    with fabrik() as s:
        for _, m in df.iterrows():
            felder, einheit = bereich_von(s, m["objektart"], m["objekt_code"])
            assert (frozenset(m["handlungsfeld_ids"]), m["organisationseinheit_id"]) == (felder, einheit)
    nv = mn.nachverfolgung(fabrik, Q4)
    assert set(nv["objekt_code"]) == {"K501", "060503", "050105"}  # promised in Q3 2026
    assert mn.nachverfolgung(fabrik, Q3).empty  # nothing promised in Q2 2026, nothing older still open
