"""The dependency audit (.ci/audit.py) never passes silently: skipped packages count as not audited."""

import importlib.util
import sys
from pathlib import Path

import pytest

SKRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit.py"


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("ci_audit", SKRIPT)
    modul = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = modul  # dataclasses look their module up there
    spec.loader.exec_module(modul)
    yield modul
    sys.modules.pop(spec.name, None)


def _uebersprungen(name, version):
    return {"name": name, "skip_reason": f"Dependency not found on PyPI and could not be audited: {name} ({version})"}


ALLE_UEBERSPRUNGEN = {"dependencies": [_uebersprungen("dash", "4.4.1"), _uebersprungen("plotly", "7.1.0"),
                                       _uebersprungen("babel", "2.18.0")], "fixes": []}
ALLE_GEPRUEFT = {"dependencies": [{"name": "dash", "version": "4.4.1", "vulns": []},
                                  {"name": "plotly", "version": "7.1.0", "vulns": []}], "fixes": []}
EINE_SCHWACHSTELLE = {"dependencies": [
    {"name": "dash", "version": "4.4.1", "vulns": []},
    {"name": "diskcache", "version": "5.6.3", "vulns": [
        {"id": "GHSA-w8v5-vhqr-4h9v", "fix_versions": [], "aliases": ["CVE-2025-69872", "PYSEC-2026-2447"]},
        {"id": "PYSEC-2026-2447", "fix_versions": [], "aliases": ["CVE-2025-69872", "GHSA-w8v5-vhqr-4h9v"]},
    ]},
], "fixes": []}


def test_alle_uebersprungen_schlaegt_fehl(audit):
    zeilen, code = audit.zusammenfassung(ALLE_UEBERSPRUNGEN)
    assert code == audit.EXIT_UNVOLLSTAENDIG
    assert zeilen[0].startswith("Sicherheitsprüfung der Abhängigkeiten: 0 von 3 Paketen geprüft – "
                                "keine Advisory-Quelle erreichbar (")
    assert "Dependency not found on PyPI" in zeilen[0]
    assert "dash 4.4.1, plotly 7.1.0, babel 2.18.0" in "\n".join(zeilen)
    assert "NICHT BESTANDEN" in zeilen[-1]


def test_nur_melden_warnt_deutlich_und_endet_mit_0(audit):
    zeilen, code = audit.zusammenfassung(ALLE_UEBERSPRUNGEN, nur_melden=True)
    assert code == 0
    text = "\n".join(zeilen)
    assert "WARNUNG: Sicherheitsprüfung der Abhängigkeiten: 0 von 3 Paketen geprüft" in text
    assert "make audit` schlägt in diesem Fall fehl" in text
    assert zeilen[0] == zeilen[-1] == "!" * 100


def test_alle_geprueft_ohne_schwachstellen_besteht(audit):
    zeilen, code = audit.zusammenfassung(ALLE_GEPRUEFT)
    assert code == 0
    assert zeilen[0] == ("Sicherheitsprüfung der Abhängigkeiten: 2 von 2 Paketen geprüft – "
                         "keine bekannten Schwachstellen.")
    assert zeilen[-1].startswith("Ergebnis: bestanden")
    assert audit.zusammenfassung(ALLE_GEPRUEFT, nur_melden=True) == (zeilen, 0)


def test_eine_schwachstelle_schlaegt_fehl(audit):
    zeilen, code = audit.zusammenfassung(EINE_SCHWACHSTELLE)
    assert code == audit.EXIT_SCHWACHSTELLEN
    assert "2 von 2 Paketen geprüft – 1 bekannte Schwachstelle in 1 Paket" in zeilen[0]  # aliases counted once
    assert any("diskcache 5.6.3: GHSA-w8v5-vhqr-4h9v" in z and "behoben in: noch keine" in z for z in zeilen)
    gemeldet, code = audit.zusammenfassung(EINE_SCHWACHSTELLE, nur_melden=True)
    assert code == 0 and gemeldet[1].startswith("WARNUNG: ") and "1 bekannte Schwachstelle" in gemeldet[1]


def test_keine_abhaengigkeiten_besteht_nicht(audit):
    zeilen, code = audit.zusammenfassung({"dependencies": []})
    assert code != 0 and "0 von 0 Paketen" in zeilen[0]
