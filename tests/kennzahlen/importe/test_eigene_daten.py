"""Issue #15, a real municipality gets in: budgets given only as sum lines land at that level (cockpit
totals = file), codes that lost their leading zeros in Excel are recognised, the preview counts what is
stored, and the bulk import keeps the summaries in step."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from kennzahlen.abfragen import zuschussbedarf_je_produkt
from kennzahlen.importe import ImportFehler, importieren
from kennzahlen.models import Haushaltsbetrag, Haushaltssumme, Planzeile, Produkt, Zeilenschema
from kennzahlen.perioden import Periode
from tests.kennzahlen.importe.conftest import zeilenzahlen

KOELN = "teilergebnisplan_produktgruppen_2010-2015.csv"


def _nur_summen(koeln, zeilen=("10", "17", "18")) -> tuple[bytes, dict[tuple[str, str, int], dict[str, Decimal]]]:
    """The real Köln file reduced to the given sum lines per Produktgruppe, and those lines per
    (Teilplan, Betragsart, Jahr) as printed (read here independently of the importer)."""
    text = (koeln / "haushalt" / KOELN).read_text(encoding="utf-8-sig")
    alle = list(csv.reader(io.StringIO(text)))
    kopf, daten = alle[0], [z for z in alle[1:] if z[4][:2] in zeilen]
    puffer = io.StringIO()
    csv.writer(puffer, lineterminator="\n").writerows([kopf, *daten])
    ergebnis = {}
    for z in daten:
        for spalte, zelle in zip(kopf[5:], z[5:], strict=True):
            art, jahr = spalte.split()
            ergebnis.setdefault((z[2], "ergebnis" if art == "Ergebnis" else "ansatz", int(jahr)), {})[z[4][:2]] = \
                Decimal(zelle)
    return puffer.getvalue().encode("utf-8"), ergebnis


def test_ed001_koeln_nur_summenzeilen_landen_und_cockpit_gleich_datei(fabrik_beide, koeln):
    """Köln with only lines 10, 17, 18 per Produktgruppe: 10 and 17 are stored (nothing dropped), 18 is
    checked; the stored total of every Produktgruppe and year is the file's 10 − 17 (Köln prints expenses
    positive) and within the file's rounding (1 €) of its line 18, and the cockpit's Zuschussbedarf is
    the same total as a cost."""
    inhalt, datei = _nur_summen(koeln)
    erwartet = {k: z["10"] - z["17"] for k, z in datei.items()}
    assert all(abs(erwartet[k] - z["18"]) <= 1 for k, z in datei.items())
    vorschau = importieren(fabrik_beide, "koeln_summen.csv", inhalt, "test", nur_vorschau=True)
    bericht = importieren(fabrik_beide, "koeln_summen.csv", inhalt, "test")
    anzahl = len(datei) * 2  # lines 10 and 17 of every Teilplan and column
    assert vorschau.je_tabelle["haushaltsbetrag"].neu == bericht.je_tabelle["haushaltsbetrag"].neu == anzahl
    assert zeilenzahlen(fabrik_beide)["haushaltsbetrag"] == anzahl
    with fabrik_beide() as s:
        schema = s.scalars(select(Zeilenschema)).one()
        assert [(z.nummer, z.art, z.summe_aus) for z in schema.zeilen] == [
            ("10", "ertrag", None), ("17", "aufwand", None), ("18", "summe", "10,17")]
        gespeichert = {(c, a, j): Decimal(b) for c, a, j, b in s.execute(
            select(Produkt.code, Haushaltssumme.betragsart, Haushaltssumme.jahr, Haushaltssumme.betrag)
            .join(Produkt, Produkt.id == Haushaltssumme.produkt_id))}
    assert gespeichert == erwartet
    cockpit = zuschussbedarf_je_produkt(fabrik_beide, Periode(2012, "jahr", 1))
    with fabrik_beide() as s:
        codes = dict(s.execute(select(Produkt.id, Produkt.code)).all())
    je_code = {codes[int(r.produkt_id)]: r.ansatz for r in cockpit.itertuples()}
    assert je_code and all(je_code[c] == pytest.approx(-float(erwartet[(c, "ansatz", 2012)])) for c in je_code)
    assert any("Nur Summenzeilen" in h or "abgeleitet" in h for h in bericht.hinweise)


def test_ed002_summenzeilen_neben_einzelzeilen_bleiben_pruefung(fabrik, koeln):
    """The full Köln file (detail AND sum lines): sum lines are only checked, the stored total is the sum of
    the detail lines – nothing counted twice."""
    importieren(fabrik, KOELN, (koeln / "haushalt" / KOELN).read_bytes(), "test")
    with fabrik() as s:
        arten = set(s.scalars(select(Planzeile.art).join(Haushaltsbetrag,
                                                         Haushaltsbetrag.planzeile_id == Planzeile.id)))
        summe = s.scalar(select(func.sum(Haushaltssumme.betrag)))
        einzel = s.scalar(select(func.sum(Haushaltsbetrag.betrag)))
    assert "summe" not in arten and summe == einzel


def _lang(zeilen: list[tuple[str, str, str]]) -> bytes:
    kopf = "Produkt;Produktbezeichnung;Jahr;Zeile;Betragsart;Betrag\n"
    return (kopf + "".join(f"{p};Produkt {p};2025;{z};ansatz;{b}\n" for p, z, b in zeilen)).encode()


def test_ed003_nkf_nummern_nur_summen_und_gemischt(fabrik):
    """Long form with NKF numbers: one product with only 10/17/18, another with detail lines and sums; the
    first is stored as 10 and 17, the second as its detail lines, and every product total equals its 18."""
    inhalt = _lang([("050101", "10", "1000"), ("050101", "17", "-5000"), ("050101", "18", "-4000"),
                    ("050102", "02", "300"), ("050102", "15", "-900"), ("050102", "10", "300"),
                    ("050102", "17", "-900"), ("050102", "18", "-600")])
    bericht = importieren(fabrik, "gemischt.csv", inhalt, "test")
    assert bericht.je_tabelle["haushaltsbetrag"].neu == 4
    with fabrik() as s:
        summen = dict(s.execute(select(Produkt.code, Haushaltssumme.betrag)
                                .join(Produkt, Produkt.id == Haushaltssumme.produkt_id)).all())
    assert {c: Decimal(b) for c, b in summen.items()} == {"050101": Decimal(-4000), "050102": Decimal(-600)}


def test_ed004_summen_ohne_ableitbare_teile_scheitern_laut(fabrik, zaehlen):
    """Only 10 and 18 (17 missing): 18 cannot be derived from what was given – an error, nothing stored."""
    vorher = zaehlen(fabrik)
    with pytest.raises(ImportFehler) as fehler:
        importieren(fabrik, "luecke.csv", _lang([("050101", "10", "1000"), ("050101", "18", "-4000")]), "test")
    assert "Summenzeile 18" in str(fehler.value) and zaehlen(fabrik) == vorher
