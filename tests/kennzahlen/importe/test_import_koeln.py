"""The Köln real data: both budget files, the districts and the population import; the stored detail
lines reproduce the file's own sum lines."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, select

from kennzahlen.__main__ import main
from kennzahlen.importe import export_zip, importieren, inhalt_fingerabdruck
from kennzahlen.models import Bevoelkerung, Haushaltsbetrag, Planzeile, Produkt, Sozialraum, Zeilenschema
from kennzahlen.zeilenschema import summen_ableiten

BEREINIGT = "teilergebnisplan_produktgruppen_2010-2015.csv"
ORIGINAL = "teilergebnisplan_produktgruppen_2010-2015_original.csv"
ERTRAGSZEILEN = {"01", "02", "03", "04", "05", "06", "07", "08", "09", "19", "23"}
SUMMENZEILEN = {"10", "17", "18", "21", "22", "25", "26", "28"}


def _zahl(text: str) -> Decimal:
    """Köln's numbers: '203.726', '-14.914.357' or plain '203726' (read here independently of the importer)."""
    return Decimal(text.replace(".", ""))


def _datei_lesen(pfad) -> dict[tuple[str, str, str, int], Decimal]:
    """(Teilplan, Zeile, Betragsart, Jahr) → amount as printed in the file."""
    text = pfad.read_text(encoding="utf-8-sig")
    trenner = ";" if text.splitlines()[0].count(";") > 3 else ","
    zeilen = list(csv.reader(io.StringIO(text), delimiter=trenner))
    kopf = zeilen[0]
    werte = {}
    for zeile in zeilen[1:]:
        for spalte, zelle in zip(kopf[5:], zeile[5:], strict=True):
            art, jahr = spalte.split()
            werte[(zeile[2], zeile[4][:2], "ergebnis" if art == "Ergebnis" else "ansatz", int(jahr))] = _zahl(zelle)
    return werte


def _gespeichert(fabrik):
    """(Teilplan, Jahr, Betragsart) → {Zeile: amount} as stored, and the scheme's (nummer, art, summe_aus)."""
    with fabrik() as s:
        schema = s.scalars(select(Zeilenschema)).one()
        dreier = [(z.nummer, z.art, z.summe_aus) for z in schema.zeilen]
        gruppen = defaultdict(dict)
        for code, jahr, art, nummer, betrag in s.execute(
            select(Produkt.code, Haushaltsbetrag.jahr, Haushaltsbetrag.betragsart, Planzeile.nummer,
                   Haushaltsbetrag.betrag)
            .join(Produkt, Produkt.id == Haushaltsbetrag.produkt_id)
            .join(Planzeile, Planzeile.id == Haushaltsbetrag.planzeile_id)
        ):
            gruppen[(code, jahr, art)][nummer] = betrag
    return gruppen, dreier


def _pruefen(fabrik, pfad) -> None:
    """Detail lines equal the file (signed), sum lines are reproduced by summen_ableiten to the euro."""
    datei = _datei_lesen(pfad)
    gruppen, dreier = _gespeichert(fabrik)
    assert len(gruppen) == 101 * 6
    assert sum(len(g) for g in gruppen.values()) == 101 * 6 * 20  # sum lines are never stored
    exakt = gerundet = 0
    for (code, jahr, art), details in gruppen.items():
        alle = summen_ableiten(details, dreier)
        for nummer, wert in alle.items():
            gedruckt = datei[(code, nummer, art, jahr)]
            # Köln prints expenses and the expense total (17) positive, results as Ertrag − Aufwand.
            erwartet = wert if nummer in ERTRAGSZEILEN or nummer in SUMMENZEILEN - {"17"} else -wert
            if nummer not in SUMMENZEILEN:
                assert erwartet == gedruckt, (code, nummer, art, jahr)
                continue
            differenz = abs(erwartet - gedruckt)
            assert differenz <= 2, (code, nummer, art, jahr, erwartet, gedruckt)  # whole-euro rounding in the file
            exakt += differenz == 0
            gerundet += differenz != 0
    assert exakt + gerundet == 101 * 6 * 8
    assert exakt == 3888  # the remaining 960 differ by 1–2 € because every printed amount is rounded on its own


def test_imp001_koeln_bereinigt_importiert_und_summen_stimmen(fabrik, fabrik_ziel, koeln):
    """The cleaned Köln budget imports; stored detail lines reproduce the file's sum lines to the euro."""
    pfad = koeln / "haushalt" / BEREINIGT
    bericht = importieren(fabrik, pfad.name, pfad.read_bytes(), "test")
    assert bericht.art == "haushalt_breit"
    assert bericht.je_tabelle["haushaltsbetrag"].neu == 12120
    assert bericht.je_tabelle["produkt"].neu == 119  # 101 Produktgruppen + 18 Produktbereiche
    text = bericht.text()
    assert "Vorzeichen der Datei erkannt: Erträge und Aufwendungen positiv" in text
    assert "4.848 geprüft" in text and "keine weitere Abweichung" in text
    _pruefen(fabrik, pfad)
    with fabrik() as s:
        schema = s.scalars(select(Zeilenschema)).one()
        assert len(schema.zeilen) == 28
        summen = {z.nummer: z.summe_aus for z in schema.zeilen if z.art == "summe"}
        assert summen["28"] == "26,27" and summen["18"] == "10,17" and summen["17"] == "11,12,13,14,15,16"
        assert {z.nummer: z.art for z in schema.zeilen}["27"] == "aufwand"
        gruppe = s.scalars(select(Produkt).where(Produkt.code == "0501")).one()
        assert gruppe.ebene == "produktgruppe"
        assert s.get(Produkt, gruppe.parent_id).code == "05"
    importieren(fabrik_ziel, "export.zip", export_zip(fabrik), "test")  # the derived scheme travels along
    assert inhalt_fingerabdruck(fabrik_ziel) == inhalt_fingerabdruck(fabrik)


def test_imp002_koeln_original_und_zweimal_importieren(fabrik, koeln):
    """The raw portal download imports the same; the cleaned file and a repeat change nothing and say so."""
    original = koeln / "haushalt" / ORIGINAL
    erster = importieren(fabrik, original.name, original.read_bytes(), "test")
    assert erster.neu == 12120 + 119 + 1 + 28
    assert "Trennzeichen „;“" in erster.teile[0][3]
    _pruefen(fabrik, original)
    bereinigt = koeln / "haushalt" / BEREINIGT
    zweiter = importieren(fabrik, bereinigt.name, bereinigt.read_bytes(), "test")
    assert zweiter.keine_aenderung and zweiter.unveraendert == 12120
    dritter = importieren(fabrik, original.name, original.read_bytes(), "test")
    assert dritter.keine_aenderung
    assert "Keine Änderungen" in dritter.text()
    assert dritter.frueher and dritter.frueher[0][0] == erster.import_id
    assert "bereits importiert" in dritter.text()


def test_imp003_koeln_alles_ueber_die_kommandozeile(tmp_path, koeln, monkeypatch, capsys):
    """Budget files, districts and population import through the CLI in one call, in any order."""
    datenbank = tmp_path / "koeln.sqlite"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{datenbank}")
    code = main(["import", "--neue-stammdaten-anlegen",
                 str(koeln / "statistik" / "bevoelkerung_2005-2012.csv"),
                 str(koeln / "geo" / "stadtteile.geojson"),
                 str(koeln / "geo" / "stadtbezirke.geojson"),
                 str(koeln / "haushalt" / ORIGINAL),
                 str(koeln / "haushalt" / BEREINIGT)])
    ausgabe = capsys.readouterr().out
    assert code == 0, ausgabe
    assert "Datenbank eingerichtet" in ausgabe
    gelesen = ausgabe[ausgabe.index("gelesen:"):]  # one package: the tables in dependency order
    assert gelesen.index("stadtbezirke.geojson") < gelesen.index("stadtteile.geojson") < gelesen.index(
        "bevoelkerung_2005-2012.csv")
    assert "Übernommen: Tabelle 020" in ausgabe and "0 weichen von der Summe ihrer Teilräume ab" in ausgabe
    from kennzahlen.db import engine_erstellen, sessionfabrik

    engine = engine_erstellen(f"sqlite:///{datenbank}")
    fabrik = sessionfabrik(engine)
    with fabrik() as s:
        ebenen = dict(s.execute(select(Sozialraum.ebene, func.count()).group_by(Sozialraum.ebene)).all())
        assert ebenen == {"bezirk": 9, "sozialraum": 86}
        altstadt = s.scalars(select(Sozialraum).where(Sozialraum.code == "101")).one()
        assert s.get(Sozialraum, altstadt.parent_id).code == "1"
        assert altstadt.geometrie.startswith('{"type":"Polygon"') and altstadt.flaeche_km2 > 0
        assert s.scalar(select(func.count()).select_from(Bevoelkerung)) == 86 * 8 * 13
        assert s.scalar(select(func.sum(Bevoelkerung.anzahl)).where(Bevoelkerung.jahr == 2012)) == 1_044_555
        baender = s.execute(select(Bevoelkerung.alter_von, Bevoelkerung.alter_bis).distinct()
                            .order_by(Bevoelkerung.alter_von)).all()
        assert baender[0] == (0, 2) and baender[-1] == (75, None)
        assert s.scalar(select(func.count()).select_from(Haushaltsbetrag)) == 12120
    engine.dispose()
    _pruefen(fabrik, koeln / "haushalt" / BEREINIGT)
