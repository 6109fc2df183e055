"""`python -m kennzahlen prognose-backtest` on the demo city Musterstadt: the German table of the statistical
methods' past errors, the method sentences and a last line naming the best method."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from kennzahlen import formate as fmt
from kennzahlen import prognose as pg
from kennzahlen.__main__ import main
from kennzahlen.db import engine_erstellen, sessionfabrik

WURZEL = Path(__file__).resolve().parents[2]
KOPF = re.compile(r"^Methode\s{2,}Stichtag\s{2,}mittlerer Fehler in %\s{2,}Jahre$")
ZEILE = re.compile(r"^(statische|saisonale) Hochrechnung\s{2,}(.+?)\s{2,}(\d{1,3},\d)\s{2,}(\d+)$")
BESTE = re.compile(r"^Beste Methode: saisonale Hochrechnung \(mittlerer Fehler über alle Stichtage \d{1,3},\d %\)\.$")


def _ausfuehren(monkeypatch, capsys, url: str, *argumente: str) -> tuple[int, list[str], str]:
    monkeypatch.setenv("DATABASE_URL", url)
    code = main(["prognose-backtest", *argumente])
    ausgabe = capsys.readouterr()
    return code, ausgabe.out.rstrip("\n").split("\n"), ausgabe.err


def test_pbf001_tabelle_deutsch_mit_zeile_je_methode(demo_einstellungen, monkeypatch, capsys):
    """Header, four Stichtage plus 'alle Stichtage' per statistical method, German decimals, best method last."""
    code, zeilen, fehler = _ausfuehren(monkeypatch, capsys, demo_einstellungen.datenbank_url)
    assert code == 0, fehler
    assert zeilen[0] == "Prognosen: Rückrechnung (Backtest) der statistischen Methoden – Musterstadt, je Quartal"
    assert zeilen[1].endswith("2019–2025 (7)")
    assert f"- statische Hochrechnung: {pg.METHODEN['statisch']}" in zeilen
    assert f"- saisonale Hochrechnung: {pg.METHODEN['saisonal']}" in zeilen
    kopf = [i for i, z in enumerate(zeilen) if KOPF.match(z)]
    assert len(kopf) == 1
    tabelle = [ZEILE.match(z) for z in zeilen[kopf[0] + 2:kopf[0] + 12]]
    assert all(tabelle), zeilen[kopf[0]:kopf[0] + 12]
    for methode in ("statische", "saisonale"):
        stichtage = [m.group(2) for m in tabelle if m.group(1) == methode]
        assert stichtage == ["1. Quartal (31.03.)", "2. Quartal (30.06.)", "3. Quartal (30.09.)",
                             "4. Quartal (31.12.)", "alle Stichtage"]
    assert {m.group(4) for m in tabelle} == {"7"}
    assert not any(re.search(r"\d\.\d+ ?%|\d\.\d+$", z) for z in zeilen)  # no English decimal points
    assert BESTE.match(zeilen[-1]), zeilen[-1]
    assert any(z.startswith("Hinweis: Die saisonale Hochrechnung hatte in 1 Jahr(en)") for z in zeilen)


def test_pbf002_zahlen_wie_der_backtest(demo_einstellungen, monkeypatch, capsys):
    """Every printed error is the backtest's mean error in percent with one decimal, German format."""
    _, zeilen, _ = _ausfuehren(monkeypatch, capsys, demo_einstellungen.datenbank_url, "--periodenart", "quartal")
    gedruckt = {(m.group(1), m.group(2)): m.group(3) for z in zeilen if (m := ZEILE.match(z))}
    engine = engine_erstellen(demo_einstellungen.datenbank_url)
    try:
        auswertung = pg.backtest(sessionfabrik(engine), "quartal")
    finally:
        engine.dispose()
    assert len(gedruckt) == len(auswertung) == 10
    for z in auswertung.itertuples():
        name = "statische" if z.methode == "statisch" else "saisonale"
        assert gedruckt[(name, z.stichtag)] == fmt.zahl(z.mape * 100, 1)


def test_pbf003_ohne_daten_deutsche_meldung(demo_einstellungen, fabrik, tmp_path, monkeypatch, capsys):
    """No Tertial data in a quarterly demo, an empty and an unset database: exit 1 with a German reason."""
    code, _, fehler = _ausfuehren(monkeypatch, capsys, demo_einstellungen.datenbank_url, "--periodenart", "tertial")
    assert code == 1 and "Kein Backtest möglich" in fehler and "Tertial" in fehler
    code, _, fehler = _ausfuehren(monkeypatch, capsys, str(fabrik.kw["bind"].url))
    assert code == 1 and "Kein Backtest möglich" in fehler
    code, _, fehler = _ausfuehren(monkeypatch, capsys, f"sqlite:///{tmp_path / 'leer.sqlite'}")
    assert code == 1 and "nicht eingerichtet" in fehler


def test_pbf004_als_prozess(demo_einstellungen):
    """`python -m kennzahlen prognose-backtest` runs as its own process and ends with the best method."""
    umgebung = {**os.environ, "DATABASE_URL": demo_einstellungen.datenbank_url, "PYTHONPATH": str(WURZEL)}
    lauf = subprocess.run([sys.executable, "-m", "kennzahlen", "prognose-backtest"], capture_output=True, text=True,
                          env=umgebung, cwd=WURZEL, timeout=120)
    assert lauf.returncode == 0, lauf.stderr
    zeilen = lauf.stdout.rstrip("\n").split("\n")
    assert any(KOPF.match(z) for z in zeilen) and BESTE.match(zeilen[-1])
    hilfe = subprocess.run([sys.executable, "-m", "kennzahlen", "--help"], capture_output=True, text=True,
                           env=umgebung, cwd=WURZEL, timeout=60)
    assert "prognose-backtest" in hilfe.stdout
