"""The Flensburg real data: the Stadtteil GeoJSON and the Sozialatlas in long form import through the
product's own formats into an empty database; values equal the file, empty cells stay missing."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kennzahlen.importe import ImportFehler, importieren
from kennzahlen.importe.sozialatlas import kennzahlcode
from kennzahlen.models import Kennzahl, Kennzahlwert, Sozialraum
from tests.kennzahlen.importe.conftest import REALDATEN, zeilenzahlen


@pytest.fixture(scope="session")
def flensburg() -> Path:
    """The Flensburg folder of the real data; fails clearly when it is missing."""
    pfad = (REALDATEN / "flensburg").resolve()
    if not (pfad / "sozialatlas_stadtteile_long.csv").is_file():
        pytest.fail(f"Realdaten fehlen: {pfad} (erwartet: ../shared/realdata/flensburg neben dem Repository)")
    return pfad


def flensburg_importieren(fabrik, pfad: Path) -> None:
    """Import Flensburg's 13 Stadtteile and its Sozialatlas into ``fabrik``."""
    importieren(fabrik, "stadtteile.geojson", (pfad / "stadtteile.geojson").read_bytes(), "test")
    importieren(fabrik, "sozialatlas_stadtteile_long.csv",
                (pfad / "sozialatlas_stadtteile_long.csv").read_bytes(), "test")


def test_fl001_stadtteile_und_werte_wie_in_der_datei(fabrik_beide, flensburg):
    """13 Stadtteile with geometry; every stored value equals the file; empty values are not stored as 0."""
    flensburg_importieren(fabrik_beide, flensburg)
    with (flensburg / "sozialatlas_stadtteile_long.csv").open(encoding="utf-8") as d:
        zeilen = [z for z in csv.DictReader(d) if z["district_id"]]
    with fabrik_beide() as s:
        raeume = s.execute(select(Sozialraum.code, Sozialraum.id, Sozialraum.geometrie)).all()
        assert len(raeume) == 13 and all(g and '"Polygon"' in g.replace(" ", "") for _c, _i, g in raeume)
        raum = {int(c[4:]): i for c, i, _g in raeume}
        kz = dict(s.execute(select(Kennzahl.code, Kennzahl.id)).all())
        gespeichert = {(k, j, r): w for k, j, r, w in s.execute(select(
            Kennzahlwert.kennzahl_id, Kennzahlwert.jahr, Kennzahlwert.sozialraum_id, Kennzahlwert.wert))}
        assert len(gespeichert) == sum(1 for z in zeilen if z["value"])
        for z in zeilen:
            schluessel = (kz[kennzahlcode(z["table"], z["variable"])], int(z["year"]), raum[int(z["district_id"])])
            if z["value"]:
                assert gespeichert[schluessel] == Decimal(z["value"]), z
            else:
                assert schluessel not in gespeichert, z
        sgb2 = s.scalars(select(Kennzahl).where(
            Kennzahl.code == kennzahlcode("fl_beneficiaries_by_district", "residents"))).one()
        assert sgb2.raumebene == "sozialraum" and sgb2.fallzahl and sgb2.richtung == "niedriger_besser"
        quote = s.scalars(select(Kennzahl).where(Kennzahl.code == kennzahlcode(
            "fl_employed_with_pension_insurance_by_district", "employment_rate"))).one()
        assert quote.einheit == "%" and not quote.fallzahl and quote.richtung == "hoeher_besser"
    bericht = importieren(fabrik_beide, "nochmal.csv",
                          (flensburg / "sozialatlas_stadtteile_long.csv").read_bytes(), "test")
    assert bericht.keine_aenderung


def test_fl002_kaputte_datei_scheitert_ganz(fabrik_beide, flensburg):
    """A broken value or an unknown Stadtteil fails the whole file with a German message; nothing is written."""
    importieren(fabrik_beide, "stadtteile.geojson", (flensburg / "stadtteile.geojson").read_bytes(), "test")
    vorher = zeilenzahlen(fabrik_beide)
    text = (flensburg / "sozialatlas_stadtteile_long.csv").read_text(encoding="utf-8").splitlines()
    kaputt = [*text[:50], text[50].rsplit(",", 1)[0] + ",zwölf", text[1].replace(",1,Altstadt,", ",99,Nirgendwo,")]
    with pytest.raises(ImportFehler) as fehler:
        importieren(fabrik_beide, "kaputt.csv", "\n".join(kaputt).encode(), "test")
    texte = " ".join(f.text() for f in fehler.value.fehler)
    assert "Zeile 51" in texte and "zwölf" in texte and "Dezimalzahl" in texte
    assert "„99“" in texte and "als Stadtteil unbekannt" in texte
    assert zeilenzahlen(fabrik_beide) == vorher
    with fabrik_beide() as s:
        assert s.scalar(select(func.count()).select_from(Kennzahl)) == 0
