"""The report pack: its data equal the database (live and frozen), a later import does not change a frozen
report, the XLSX carries the same numbers, the PDF text has the explanations and German numbers."""

from __future__ import annotations

import io
import shutil
import subprocess

import openpyxl
import pytest

from dashboard.bericht import berichtspaket, dateiname
from dashboard.bericht import pdf as berichtspdf
from dashboard.bericht.inhalt import berichtsinhalt
from dashboard.bericht.xlsx import xlsx_erzeugen
from kennzahlen import berichtsstand as bs
from kennzahlen import formate as fmt
from kennzahlen import verwaltung
from kennzahlen.auswertung import cockpitdaten
from kennzahlen.db import transaktion
from kennzahlen.demo import demo_laden
from kennzahlen.importe import importieren
from kennzahlen.perioden import Periode

Q3 = Periode(2026, "quartal", 3)
NEUES_IST = b"Kennzahl;Jahr;Periodenart;Periode;Wertart;Wert\nK101;2026;quartal;3;ist;13,1\n"


@pytest.fixture
def demo(fabrik_beide):
    """Musterstadt loaded (Q3 2026 open)."""
    demo_laden(fabrik_beide)
    return fabrik_beide


def _abschliessen(fabrik) -> None:
    with transaktion(fabrik) as s:
        verwaltung.periode_abschliessen(s, Q3.jahr, Q3.art, Q3.nummer, "controlling")


def _ist(inhalt, code: str) -> float:
    return float(inhalt.kennzahlen.loc[inhalt.kennzahlen["code"] == code, "ist"].iloc[0])


def test_ber001_inhalt_gleich_datenbank(demo):
    """Live (open period): every Kennzahl's Ist, Zielwert and status and every field's money equal the cockpit's."""
    inhalt = berichtsinhalt(demo, Q3)
    cockpit = cockpitdaten(demo, Q3)
    assert not inhalt.stand.eingefroren
    erwartet = cockpit.kennzahlen.set_index("code")
    for k in inhalt.kennzahlen.itertuples(index=False):
        assert k.ist == pytest.approx(erwartet.loc[k.code, "ist"], nan_ok=True)
        assert k.zielwert == pytest.approx(erwartet.loc[k.code, "zielwert"], nan_ok=True)
        assert k.status_text == erwartet.loc[k.code, "status_text"]
    hf = cockpit.handlungsfelder.set_index("code")
    for zeile in inhalt.handlungsfelder.itertuples(index=False):
        assert zeile.prognose == pytest.approx(hf.loc[zeile.code, "prognose"])
        assert zeile.status_code == hf.loc[zeile.code, "status_code"]
    assert inhalt.gesamt["ansatz"] == pytest.approx(cockpit.gesamt["ansatz"])
    assert len(inhalt.ziele) == len(cockpit.ziele) and len(inhalt.handlungsfelder) == 7
    assert set(inhalt.texte["art"]) >= {"abweichungsbegruendung", "massnahme"}
    teil = berichtsinhalt(demo, Q3, "HF5")
    assert list(teil.handlungsfelder["code"]) == ["HF5"] and teil.umfang == "Handlungsfeld HF5 Jugend und Familie"
    assert set(teil.ziele["handlungsfeld_id"]) == {int(teil.handlungsfelder.iloc[0]["id"])}
    assert teil.gesamt["ansatz"] == pytest.approx(hf.loc["HF5", "ansatz"])


def test_ber002_eingefrorener_bericht_bleibt_nach_import(demo):
    """Frozen Q3 2026: the report shows the frozen Ist 12,5 of K101 also after a later import changed it to
    13,1 (which the live cockpit shows), with the fassung on the cover text; numbers equal the snapshot."""
    _abschliessen(demo)
    vorher = berichtsinhalt(demo, Q3)
    importieren(demo, "nachlieferung.csv", NEUES_IST, "controlling",
                optionen={"abgeschlossene_perioden_aendern": True})
    nachher = berichtsinhalt(demo, Q3)
    assert cockpitdaten(demo, Q3).kennzahlen.set_index("code").loc["K101", "ist"] == pytest.approx(13.1)
    assert _ist(nachher, "K101") == pytest.approx(12.5) == _ist(vorher, "K101")
    assert nachher.stand.eingefroren and nachher.stand.fassung == 1
    assert "eingefroren am" in berichtspdf.standtext(nachher.stand) and "Fassung 1" in berichtspdf.standtext(
        nachher.stand)
    for spalte in ("ist", "zielwert", "status_text"):
        assert nachher.kennzahlen[spalte].equals(vorher.kennzahlen[spalte])
    assert nachher.handlungsfelder["prognose"].equals(vorher.handlungsfelder["prognose"])
    stand = bs.berichtsstand(demo, Q3)
    eingefroren = stand[(stand["objektart"] == "kennzahl") & (stand["groesse"] == "ist")].set_index("code")["wert"]
    for k in nachher.kennzahlen.dropna(subset=["ist"]).itertuples(index=False):
        assert k.ist == pytest.approx(eingefroren[k.code])
    texte = set(stand.loc[(stand["objektart"] == "kommentar") & (stand["groesse"] == "text"), "text"])
    assert set(nachher.texte["text"]) == texte


def test_ber003_xlsx_hat_dieselben_zahlen(demo):
    """The workbook's Kennzahlen sheet carries the report's Ist and Zielwert, the fields' sheet its money."""
    inhalt = berichtsinhalt(demo, Q3)
    mappe = openpyxl.load_workbook(io.BytesIO(xlsx_erzeugen(inhalt)))
    assert mappe.sheetnames == ["Überblick", "Handlungsfelder", "Ziele", "Kennzahlen", "Texte"]
    blatt = mappe["Kennzahlen"]
    kopf = [c.value for c in blatt[1]]
    zeilen = [dict(zip(kopf, (c.value for c in r), strict=True)) for r in blatt.iter_rows(min_row=2)]
    assert len(zeilen) == len(inhalt.kennzahlen)
    for z, k in zip(zeilen, inhalt.kennzahlen.itertuples(index=False), strict=True):
        assert (z["Ziel"], z["Code"]) == (k.ziel_code, k.code)
        assert z["Ist"] == pytest.approx(k.ist) if z["Ist"] is not None else k.ist != k.ist
        assert z["Zielwert"] == pytest.approx(k.zielwert) if z["Zielwert"] is not None else k.zielwert != k.zielwert
    hf = mappe["Handlungsfelder"]
    kopf = [c.value for c in hf[1]]
    spalte = kopf.index("Prognose (€)")
    werte = [r[spalte].value for r in hf.iter_rows(min_row=2)]
    assert werte == pytest.approx(list(inhalt.handlungsfelder["prognose"].round(2)))
    assert hf.cell(row=2, column=spalte + 1).number_format.startswith("#,##0")


def test_ber004_html_escapt_texte_der_nutzer(demo):
    """A Kommentar with markup appears as text in the report's HTML, never as markup."""
    inhalt = berichtsinhalt(demo, Q3)
    texte = inhalt.texte.copy()
    texte.loc[0, "text"] = "<script>alert(1)</script> & mehr"
    html = berichtspdf.html_erzeugen(inhalt.__class__(**{**inhalt.__dict__, "texte": texte}), {})
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr" in html
    assert 'href="#hf-HF1"' in html and "target-counter" in html and 'lang="de"' in html


def test_ber005_unbekanntes_handlungsfeld(demo):
    """An unknown scope is refused with a German message naming the field and what is expected."""
    with pytest.raises(ValueError, match=r"Feld „Umfang“.*HF9.*erwartet: Stadt oder HF1"):
        berichtsinhalt(demo, Q3, "HF9")
    assert dateiname(Q3, "HF5") == "bericht_2026_Q3_HF5" and dateiname(Q3, None) == "bericht_2026_Q3_stadt"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) fehlt")
def test_ber006_pdf_text_mit_begruendungen_und_deutschen_zahlen(fabrik):
    """The PDF of Handlungsfeld Wohnen (frozen Q3) has cover, contents, the Abweichungsbegründung, Ist and Ziel
    in German format, the money of the field and 'Seite x von y' in every footer."""
    demo_laden(fabrik)
    _abschliessen(fabrik)
    inhalt = berichtsinhalt(fabrik, Q3, "HF2")
    meldungen = []
    paket = berichtspaket(fabrik, Q3, "HF2", meldung=lambda a, t: meldungen.append(a))
    assert paket.pdf.startswith(b"%PDF") and paket.eingefroren and meldungen[-1] == 1.0
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=paket.pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")
    flach = " ".join(text.split())
    assert "Controllingbericht 3. Quartal 2026" in flach and "Inhalt" in flach
    assert "Berichtsstand: eingefroren am" in flach and "(Fassung 1, durch controlling)" in flach
    begruendung = inhalt.texte[inhalt.texte["art"] == "abweichungsbegruendung"]
    assert not begruendung.empty
    assert " ".join(begruendung.iloc[0]["text"].split())[:60] in flach
    for k in inhalt.kennzahlen.dropna(subset=["ist"]).itertuples(index=False):
        assert fmt.wert_mit_einheit(k.ist, k.einheit, int(k.nachkommastellen)).replace("\u00a0", " ") in flach
    hf = inhalt.handlungsfelder.iloc[0]
    assert fmt.euro(hf["prognose"]).replace("\u00a0", " ") in flach
    seiten = text.count("\f")
    assert seiten >= 4 and f"Seite 1 von {seiten}" not in flach  # the cover has no footer
    assert f"Seite 2 von {seiten}" in flach and f"Seite {seiten} von {seiten}" in flach
