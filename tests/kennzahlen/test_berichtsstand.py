"""The reported state of a period: frozen when Controlling closes it, untouched by later imports, kept per
fassung when the period is reopened (with a reason) and closed again; on SQLite and PostgreSQL."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import func, select, update

from kennzahlen import berichtsstand as bs
from kennzahlen import verwaltung
from kennzahlen.db import transaktion
from kennzahlen.demo import demo_laden
from kennzahlen.importe import ImportFehler, importieren
from kennzahlen.models import Berichtswert, Kennzahl, Kommentar
from kennzahlen.perioden import Periode

Q3 = Periode(2026, "quartal", 3)
NEUES_IST = b"Kennzahl;Jahr;Periodenart;Periode;Wertart;Wert\nK101;2026;quartal;3;ist;13,1\n"
"""A later delivery: the city-wide SGB II-Quote of Q3 2026 changes from 12,5 to 13,1 %."""
GRUND = "Nachmeldung der Bundesagentur für Arbeit zur SGB II-Quote"


@pytest.fixture
def demo(fabrik_beide):
    """Musterstadt loaded, Q3 2026 closed (frozen) by controlling."""
    demo_laden(fabrik_beide)
    with transaktion(fabrik_beide) as s:
        verwaltung.periode_abschliessen(s, Q3.jahr, Q3.art, Q3.nummer, "controlling")
    return fabrik_beide


def _wert(df, objektart: str, code: str, groesse: str, spalte: str = "wert"):
    treffer = df[(df["objektart"] == objektart) & (df["code"] == code) & (df["groesse"] == groesse)]
    assert len(treffer) == 1, (objektart, code, groesse, len(treffer))
    return treffer.iloc[0][spalte]


def _anzahl_berichtswerte(fabrik) -> int:
    with fabrik() as s:
        return s.scalar(select(func.count()).select_from(Berichtswert))


def test_bst001_abschluss_friert_zahlen_und_texte_ein(demo):
    """Closing Q3 2026 stores Kennzahlen (Ist, Ziel, Grad, Status), products, totals and the period's texts as
    fassung 1, with who and when; it stands in the history, and the period's texts are locked."""
    stand = bs.berichtsstand(demo, Q3)
    assert set(stand["fassung"]) == {1}
    assert set(stand["objektart"]) == {"kennzahl", "produkt", "gesamt", "kommentar"}
    assert _wert(stand, "kennzahl", "K101", "ist") == pytest.approx(12.5)
    assert _wert(stand, "kennzahl", "K101", "zielwert") == pytest.approx(12.4)
    assert 0 < _wert(stand, "kennzahl", "K101", "grad") < 1
    assert "gefährdet" in _wert(stand, "kennzahl", "K101", "status", "text")
    produkte = stand[(stand["objektart"] == "produkt") & (stand["groesse"] == "ansatz")]
    assert len(produkte) > 10
    assert _wert(stand, "gesamt", "", "ansatz") == pytest.approx(produkte["wert"].sum(), abs=1)
    with demo() as s:
        kommentare = s.scalars(select(Kommentar.text).where(
            Kommentar.jahr == 2026, Kommentar.periodenart == "quartal", Kommentar.periode == 3)).all()
    texte = stand[(stand["objektart"] == "kommentar") & (stand["groesse"] == "text")]
    assert sorted(texte["text"]) == sorted(kommentare) and len(kommentare) == 5
    assert set(stand.loc[(stand["objektart"] == "kommentar") & (stand["groesse"] == "art"), "text"]) == {
        "abweichungsbegruendung", "hinweis", "massnahme"}
    fassungen = bs.fassungen(demo, Q3)
    assert list(fassungen["fassung"]) == [1] and fassungen.iloc[0]["eingefroren_von"] == "controlling"
    assert fassungen.iloc[0]["eingefroren_am"] is not None
    verlauf = bs.abschlussverlauf(demo)
    assert list(verlauf["aktion"]) == ["abgeschlossen"] and verlauf.iloc[0]["benutzer"] == "controlling"
    assert verlauf.iloc[0]["bezeichnung"] == "3. Quartal 2026" and verlauf.iloc[0]["grund"] is None
    vergleich = bs.vergleich(demo, Q3)
    assert len(vergleich) == len(stand) and not vergleich["geaendert"].any()
    with demo() as s:
        assert "3. Quartal 2026" in bs.text_gesperrt(s, Q3) and "eingefroren" in bs.text_gesperrt(s, Q3)
        assert bs.text_gesperrt(s, Periode(2026, "quartal", 2)) is None


def test_bst002_spaeterer_import_laesst_eingefrorene_werte_unveraendert(demo):
    """A later import is refused without the option; with it the current Ist changes, the frozen one does not,
    and the comparison shows the difference (also a text edited since is reported as changed)."""
    vorher = _anzahl_berichtswerte(demo)
    with pytest.raises(ImportFehler, match="abgeschlossene Periode"):
        importieren(demo, "nachlieferung.csv", NEUES_IST, "controlling")
    bericht = importieren(demo, "nachlieferung.csv", NEUES_IST, "controlling",
                          optionen={"abgeschlossene_perioden_aendern": True})
    assert bericht.geaendert == 1
    with demo() as s:
        kommentar_id, alter_text = s.execute(select(Kommentar.id, Kommentar.text).where(
            Kommentar.jahr == 2026, Kommentar.periode == 3, Kommentar.art == "hinweis")).one()
        s.execute(update(Kommentar).where(Kommentar.id == kommentar_id).values(text="Nachträglich geändert."))
        s.commit()
    assert _anzahl_berichtswerte(demo) == vorher
    stand = bs.berichtsstand(demo, Q3)
    assert _wert(stand, "kennzahl", "K101", "ist") == pytest.approx(12.5)
    assert alter_text in set(stand["text"]) and "Nachträglich geändert." not in set(stand["text"])
    vergleich = bs.vergleich(demo, Q3)
    assert _wert(vergleich, "kennzahl", "K101", "ist", "berichtet") == pytest.approx(12.5)
    assert _wert(vergleich, "kennzahl", "K101", "ist", "aktuell") == pytest.approx(13.1)
    assert _wert(vergleich, "kennzahl", "K101", "ist", "differenz") == pytest.approx(0.6)
    assert _wert(vergleich, "kennzahl", "K101", "ist", "geaendert")
    geaendert = vergleich[vergleich["geaendert"]]
    assert set(geaendert["code"]) <= {"K101", kommentar_code(demo, kommentar_id)}
    text = geaendert[(geaendert["objektart"] == "kommentar") & (geaendert["groesse"] == "text")]
    assert len(text) == 1 and text.iloc[0]["aktuell_text"] == "Nachträglich geändert."
    assert math.isnan(text.iloc[0]["differenz"])
    unveraendert = vergleich[(vergleich["objektart"] == "kennzahl") & (vergleich["code"] == "K103")]
    assert not unveraendert["geaendert"].any()


def kommentar_code(fabrik, kommentar_id: int) -> str:
    """Code of the Kennzahl a Kommentar belongs to."""
    with fabrik() as s:
        return s.scalar(select(Kennzahl.code).join(Kommentar, Kommentar.kennzahl_id == Kennzahl.id)
                        .where(Kommentar.id == kommentar_id))


def test_bst003_wiederoeffnen_nur_mit_grund_und_im_verlauf(demo):
    """Reopening without a reason, or with a too short one, is refused in German and changes nothing; with a
    reason the period is open, the history has both rows, and the frozen fassung stays readable."""
    vorher = _anzahl_berichtswerte(demo)
    for grund, meldung in ((None, "Feld „Grund“: bitte angeben"), ("  ", "Feld „Grund“: bitte angeben"),
                           ("zu kurz", "Feld „Grund“: „zu kurz“ ist zu kurz")):
        with pytest.raises(ValueError, match=meldung), transaktion(demo) as s:
            verwaltung.periode_oeffnen(s, 2026, "quartal", 3, grund, "controlling")
    with demo() as s:
        assert verwaltung.ist_abgeschlossen(s, 2026, "quartal", 3)
    assert len(bs.abschlussverlauf(demo)) == 1
    with transaktion(demo) as s:
        verwaltung.periode_oeffnen(s, 2026, "quartal", 3, f"  {GRUND} ", "controlling")
    with demo() as s:
        assert not verwaltung.ist_abgeschlossen(s, 2026, "quartal", 3)
        assert bs.text_gesperrt(s, Q3) is None
    verlauf = bs.abschlussverlauf(demo, Q3)
    assert list(verlauf["aktion"]) == ["wiedergeoeffnet", "abgeschlossen"]
    assert verlauf.iloc[0]["grund"] == GRUND and verlauf.iloc[0]["aktion_text"] == "wieder geöffnet"
    assert bs.abschlussverlauf(demo, Periode(2026, "quartal", 2)).empty
    assert _anzahl_berichtswerte(demo) == vorher
    assert _wert(bs.berichtsstand(demo, Q3), "kennzahl", "K101", "ist") == pytest.approx(12.5)
    importieren(demo, "nachlieferung.csv", NEUES_IST, "controlling")  # open again: no option needed


def test_bst004_erneuter_abschluss_ergibt_fassung_2(demo):
    """Reopened, corrected and closed again: fassung 2 holds the new Ist, fassung 1 still the reported one."""
    with transaktion(demo) as s:
        verwaltung.periode_oeffnen(s, 2026, "quartal", 3, GRUND, "controlling")
    importieren(demo, "nachlieferung.csv", NEUES_IST, "controlling")
    with transaktion(demo) as s:
        verwaltung.periode_abschliessen(s, 2026, "quartal", 3, "leitung")
    assert list(bs.fassungen(demo, Q3)["fassung"]) == [1, 2]
    assert list(bs.fassungen(demo, Q3)["eingefroren_von"]) == ["controlling", "leitung"]
    assert _wert(bs.berichtsstand(demo, Q3), "kennzahl", "K101", "ist") == pytest.approx(13.1)
    assert _wert(bs.berichtsstand(demo, Q3, fassung=1), "kennzahl", "K101", "ist") == pytest.approx(12.5)
    assert not bs.vergleich(demo, Q3)["geaendert"].any()
    erste = bs.vergleich(demo, Q3, fassung=1)
    assert _wert(erste, "kennzahl", "K101", "ist", "differenz") == pytest.approx(0.6)
    assert list(bs.abschlussverlauf(demo, Q3)["aktion"]) == ["abgeschlossen", "wiedergeoeffnet", "abgeschlossen"]
    with pytest.raises(ValueError, match=r"Feld „Fassung“: für 3\. Quartal 2026 gibt es keine Fassung 3"):
        bs.berichtsstand(demo, Q3, fassung=3)


def test_bst005_nie_abgeschlossene_periode_hat_keinen_berichtsstand(demo):
    """A period never closed has no frozen values, no fassung and no comparison (empty frames with columns)."""
    q2 = Periode(2026, "quartal", 2)
    assert bs.berichtsstand(demo, q2).empty and list(bs.berichtsstand(demo, q2).columns) == bs.BERICHTSSPALTEN
    assert bs.vergleich(demo, q2).empty and list(bs.vergleich(demo, q2).columns) == bs.VERGLEICHSSPALTEN
    assert bs.fassungen(demo, q2).empty
    with pytest.raises(ValueError, match="die Periode wurde nie berichtet"):
        bs.berichtsstand(demo, q2, fassung=1)
