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


# ------------------------------------------------------------------------------------ Excel codes
def _produkte(fabrik) -> None:
    importieren(fabrik, "produkte.csv", ("Produkt;Name;Ebene;Übergeordnetes Produkt\n05;Soziale Leistungen;"
                                         "produktbereich;\n0501;Grundsicherung SGB II;produktgruppe;05\n"
                                         "0502;Leistungen nach SGB XII;produktgruppe;05\n").encode(), "test")


def _xlsx(kopf: list[str], zeilen: list[list[object]]) -> bytes:
    import openpyxl

    mappe = openpyxl.Workbook()
    blatt = mappe.active
    blatt.append(kopf)
    for z in zeilen:
        blatt.append(z)
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def test_ed010_excel_verstuemmelte_codes_werden_erkannt_und_sichtbar_ergaenzt(fabrik):
    """An XLSX where Excel turned 0501 into the number 501: the amounts land on 0501 (no new product, the
    total is the file's), with a warning at the top of the report; a goal share on 502 finds 0502."""
    _produkte(fabrik)
    importieren(fabrik, "hf.csv", b"Handlungsfeld;Name\nHF1;Arbeit\n", "test")
    importieren(fabrik, "z.csv", b"Ziel;Name;Ebene;Zielfeld;Handlungsfeld\nZ1;Arbeit;strategisch;ergebnisse;HF1\n",
                "test")
    inhalt = _xlsx(["Produktgruppe", "Jahr", "Zeile", "Betragsart", "Betrag"],
                   [[501, 2025, 15, "ansatz", -1000000], [501, 2025, 2, "ansatz", 250000],
                    [502, 2025, 15, "ansatz", -400000]])
    vorschau = importieren(fabrik, "haushalt.xlsx", inhalt, "test", nur_vorschau=True)
    assert vorschau.warnungen and "501 → 0501" in vorschau.warnungen[0] and not vorschau.neue_stammdaten
    assert vorschau.text().splitlines()[2].startswith("ACHTUNG:")
    importieren(fabrik, "haushalt.xlsx", inhalt, "test")
    with fabrik() as s:
        codes = set(s.scalars(select(Produkt.code)))
        summen = dict(s.execute(select(Produkt.code, Haushaltssumme.betrag)
                                .join(Produkt, Produkt.id == Haushaltssumme.produkt_id)).all())
    assert codes == {"05", "0501", "0502"}
    assert {c: Decimal(b) for c, b in summen.items()} == {"0501": Decimal(-750000), "0502": Decimal(-400000)}
    bericht = importieren(fabrik, "zp.xlsx", _xlsx(["Ziel", "Produkt", "Anteil"], [["Z1", 502, 0.5]]), "test")
    assert bericht.warnungen and "0502" in bericht.warnungen[0]


def test_ed011_mehrdeutige_codes_werden_abgewiesen(fabrik, zaehlen):
    """501 when both 0501 and 00501 are stored: refused, nothing stored."""
    _produkte(fabrik)
    importieren(fabrik, "p.csv", b"Produkt;Name;Ebene\n00501;Sonderfall;produkt\n", "test")
    vorher = zaehlen(fabrik)
    with pytest.raises(ImportFehler, match="mehreren gespeicherten Produkten"):
        importieren(fabrik, "h.csv", _lang([("501", "15", "-1")]), "test")
    assert zaehlen(fabrik) == vorher


def test_ed012_anteile_ueber_100_prozent_sind_ein_fehler(fabrik, zaehlen):
    """Shares of one product over all goals above 100 %: an error, not a note; nothing stored."""
    _produkte(fabrik)
    importieren(fabrik, "hf.csv", b"Handlungsfeld;Name\nHF1;Arbeit\n", "test")
    importieren(fabrik, "z.csv", (b"Ziel;Name;Ebene;Zielfeld;Handlungsfeld\nZ1;A;strategisch;ergebnisse;HF1\n"
                                  b"Z2;B;strategisch;ergebnisse;HF1\n"), "test")
    vorher = zaehlen(fabrik)
    with pytest.raises(ImportFehler, match="mehr als 100 %"):
        importieren(fabrik, "zp.csv", b"Ziel;Produkt;Anteil\nZ1;0501;70 %\nZ2;0501;40 %\n", "test")
    assert zaehlen(fabrik) == vorher
    importieren(fabrik, "zp.csv", b"Ziel;Produkt;Anteil\nZ1;0501;0,7\nZ2;0501;0,2\nZ2;0502;0,1\n", "test")


# --------------------------------------------------------------------------- first-setup package
PAKET = {  # named so that sorting by name would be the wrong order
    "a_haushalt.csv": "Produkt;Jahr;Zeile;Betragsart;Betrag\n0501;2025;02;ansatz;200000\n"
                      "0501;2025;15;ansatz;-1000000\n",
    "b_werte.csv": "Kennzahl;Jahr;Periodenart;Periode;Wertart;Wert\nK1;2025;quartal;1;ist;9,5\n"
                   "K1;2025;quartal;1;zielwert;9\n",
    "c_ziel_produkt.csv": "Ziel;Produkt;Anteil\nZ1;0501;60 %\n",
    "c_ziel_kennzahl.csv": "Ziel;Kennzahl\nZ1;K1\n",
    "d_produkte.csv": "Produkt;Name;Ebene;Übergeordnetes Produkt;Organisationseinheit\n05;Soziale Leistungen;"
                      "produktbereich;;50\n0501;Grundsicherung für Arbeitsuchende;produktgruppe;05;50\n",
    "e_kennzahlen.csv": "Kennzahl;Name;Einheit;Frequenz;Typ;Richtung\nK1;SGB II-Quote;%;quartal;wirkung;"
                        "niedriger_besser\n",
    "f_ziele.csv": "Ziel;Name;Ebene;Zielfeld;Handlungsfeld;Organisationseinheit\nZ1;Existenzsichernde Arbeit;"
                   "strategisch;ergebnisse;HF1;50\n",
    "g_handlungsfelder.csv": "Handlungsfeld;Name\nHF1;Arbeit und Grundsicherung\n",
    "h_organisationseinheiten.csv": "Organisationseinheit;Name\n50;Amt für Soziales\n",
}


def paket_schreiben(ordner, dateien: dict[str, str] = PAKET):
    """The first-setup package as files in ``ordner``."""
    ordner.mkdir(parents=True, exist_ok=True)
    for name, text in dateien.items():
        (ordner / name).write_text(text, encoding="utf-8")
    return ordner


def _paket_pruefen(fabrik) -> None:
    """The package landed whole: master data, values, budget and the cockpit's Zuschussbedarf of 0501."""
    zahlen = zeilenzahlen(fabrik)
    assert (zahlen["organisationseinheit"], zahlen["handlungsfeld"], zahlen["ziel"], zahlen["kennzahl"],
            zahlen["produkt"], zahlen["ziel_produkt"], zahlen["ziel_kennzahl"], zahlen["kennzahlwert"],
            zahlen["haushaltsbetrag"]) == (1, 1, 1, 1, 2, 1, 1, 2, 2)
    cockpit = zuschussbedarf_je_produkt(fabrik, Periode(2025, "quartal", 1))
    with fabrik() as s:
        pid = s.scalar(select(Produkt.id).where(Produkt.code == "0501"))
    assert cockpit.set_index("produkt_id").loc[pid, "ansatz"] == pytest.approx(800000)


def test_ed020_einrichtungspaket_ueber_die_kommandozeile(tmp_path, monkeypatch, capsys):
    """A folder into an empty database: one preview listing the new master data, a refusal without
    --neue-stammdaten-anlegen (exit ≠ 0, nothing stored), then the whole package in dependency order."""
    from kennzahlen.__main__ import main
    from kennzahlen.db import engine_erstellen, sessionfabrik

    ordner = paket_schreiben(tmp_path / "paket")
    (ordner / "LIESMICH.txt.bak").write_text("kein Teil des Pakets", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'stadt.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["import", "--vorschau", str(ordner)]) == 0
    ausgabe = capsys.readouterr().out
    assert "Paket aus 9 Dateien" in ausgabe and "Neue Stammdaten (würden angelegt)" in ausgabe
    assert "Produkte: 05, 0501" in ausgabe and "--neue-stammdaten-anlegen" in ausgabe
    assert main(["import", str(ordner)]) == 1
    fehler = capsys.readouterr().err
    assert "neue Stammdaten" in fehler and "nichts gespeichert" in fehler
    engine = engine_erstellen(url)
    fabrik = sessionfabrik(engine)
    assert zeilenzahlen(fabrik)["kennzahlwert"] == 0
    assert main(["import", "--neue-stammdaten-anlegen", str(ordner)]) == 0
    ausgabe = capsys.readouterr().out
    gelesen = ausgabe[ausgabe.index("gelesen:"):]
    assert gelesen.index("h_organisationseinheiten") < gelesen.index("f_ziele") < gelesen.index("b_werte") \
        < gelesen.index("a_haushalt")
    _paket_pruefen(fabrik)
    engine.dispose()


def test_ed021_paket_mit_fehler_nennt_die_datei_und_speichert_nichts(fabrik, zaehlen):
    """One broken file in the package: the error names that file; none of the other files is stored."""
    from kennzahlen.importe.ablauf import paket_importieren

    dateien = [(n, t.encode()) for n, t in PAKET.items()]
    dateien[1] = ("b_werte.csv", PAKET["b_werte.csv"].replace("9,5", "9,5x").encode())
    vorher = zaehlen(fabrik)
    with pytest.raises(ImportFehler) as fehler:
        paket_importieren(fabrik, dateien, "test")
    assert [f.datei for f in fehler.value.fehler] == ["b_werte.csv"]
    assert str(fehler.value).splitlines()[1].startswith("  Datei „b_werte.csv“, Zeile 2, Spalte „Wert“")
    assert zaehlen(fabrik) == vorher


def test_ed022_vorschau_zaehlt_was_gespeichert_wird(fabrik, koeln):
    """For every format in the package and the Köln budget: the preview's new rows per table are exactly the
    rows the import stores."""
    from kennzahlen.importe.ablauf import paket_importieren

    dateien = [(n, t.encode()) for n, t in PAKET.items()]
    dateien.append((KOELN, (koeln / "haushalt" / KOELN).read_bytes()))
    vorher = zeilenzahlen(fabrik)
    vorschau = paket_importieren(fabrik, dateien, "test", nur_vorschau=True)
    assert zeilenzahlen(fabrik) == vorher
    paket_importieren(fabrik, dateien, "test")
    nachher = zeilenzahlen(fabrik)
    for tabelle, z in vorschau.je_tabelle.items():
        if tabelle in nachher:
            assert nachher[tabelle] - vorher[tabelle] == z.neu, tabelle


def test_ed013_datei_deren_zeilen_alle_ignoriert_wuerden_ist_ein_fehler(fabrik, zaehlen):
    """A Sozialatlas file whose rows all lack a Stadtteil (skipped row by row) is an error, not an empty success."""
    vorher = zaehlen(fabrik)
    with pytest.raises(ImportFehler, match="würden ignoriert"):
        importieren(fabrik, "atlas.csv", b"Stadtteil;Merkmal;Jahr;Wert\n;Arbeitslose;2024;5\n;Arbeitslose;2023;6\n",
                    "test")
    assert zaehlen(fabrik) == vorher


def test_ed030_readme_weg_eigene_daten(tmp_path, monkeypatch, capsys):
    """The README's „Eigene Daten“ walk, command by command: empty database, templates as the package,
    preview, import with the confirmation, and the cockpit of the app shows the package's goal and product."""
    from dashboard import create_app
    from kennzahlen.__main__ import main
    from kennzahlen.settings import Einstellungen
    from tests.dashboard.sitzung import seite

    url = f"sqlite:///{tmp_path / 'stadt.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 0
    assert main(["vorlage", "alle", "--format", "xlsx", str(tmp_path / "paket")]) == 0
    assert main(["import", "--vorschau", str(tmp_path / "paket")]) == 0
    assert "Neue Stammdaten (würden angelegt)" in capsys.readouterr().out
    assert main(["import", "--neue-stammdaten-anlegen", str(tmp_path / "paket")]) == 0
    assert "gespeichert als Import Nr." in capsys.readouterr().out
    app = create_app(Einstellungen(database_url=url, datenverzeichnis=tmp_path, anmeldung="aus"))
    cockpit = seite(app.server.test_client(), "/")
    assert "Existenzsichernde Erwerbsarbeit ermöglichen" in cockpit or "Arbeit und Grundsicherung" in cockpit
