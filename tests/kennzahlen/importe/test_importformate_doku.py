"""docs/importformate.md is generated from the format definitions and must match them (make docs)."""

from __future__ import annotations

from kennzahlen.importe.doku import ZIEL, importformate_markdown
from kennzahlen.importe.formate import FORMATE


def test_doku001_datei_passt_zur_definition():
    """The committed docs/importformate.md equals what the format definitions generate; on failure run make docs."""
    assert ZIEL.read_text(encoding="utf-8") == importformate_markdown(), "docs/importformate.md veraltet: make docs"


def test_doku002_jedes_format_mit_spalten_werten_grenzen_und_beispiel():
    """Every format has its section; every column, every allowed value and every length limit is named."""
    text = importformate_markdown()
    for f in FORMATE.values():
        assert f"(`{f.art}`)" in text
        for s in f.spalten:
            assert s.name in text
            assert all(f"`{w}`" in text for w in s.werte)
            if s.laenge:
                assert f"höchstens {s.laenge} Zeichen" in text
    assert "höchstens 300 Zeichen" in text and "`zielwert`" in text and "mehrblättrige XLSX" in text
