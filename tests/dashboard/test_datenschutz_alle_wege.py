"""No suppressed district value can be read on any way out of the app, for Musterstadt and for Flensburg.

Method (two parts):

1. Unabhängigkeit: the protected cells (Kennzahl, Sozialraum, Periode) are found in the database through
   ``kleine_zahlen`` (``abfragen.kennzahl.werte`` with the installation's minimum). A second copy of the
   database gets other values in exactly these cells (1 ↔ 2, larger hidden cells + 1; checked: the same cells
   stay hidden). Every callback response of the pages with district data (Kennzahl page with map, hover,
   ranking and table views, district profile with comparison and money, social index), every table download
   and the report's XLSX must then be identical on both copies: nothing shown depends on a hidden value, so it
   cannot be read in any format, nor recomputed from neighbours.
2. Suche und Subtraktion: in the answers of the original copy, no row or map point of a protected Sozialraum
   carries its hidden value, and city or Bezirk total minus the visible values is never exactly one hidden
   value below the minimum.

Musterstadt runs with the default minimum 3 (its K515 Heimerziehung je Sozialraum has small counts), Flensburg
(imported through ``sozialatlas_lang`` from ../shared/realdata/flensburg) with WK_MINDESTFALLZAHL=5, which also
proves that the setting reaches every layer. The raw full export (``/download/export.zip``, CLI ``export``) is
the one way that carries raw values, on purpose: it is the round trip of the import formats and needs the
right ``importieren``; Leitung and Fachbereich get 403.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from dashboard import create_app
from dashboard.downloads import TABELLEN
from kennzahlen import sozialraum as so
from kennzahlen.abfragen import kennzahl as ak
from kennzahlen.db import aktualisieren, engine_erstellen, sessionfabrik
from kennzahlen.models import Einstellung
from kennzahlen.settings import Einstellungen
from kennzahlen.sozialindex import SCHLUESSEL
from tests.dashboard.sitzung import alle_knoten, anmelden, seite
from tests.kennzahlen.importe.test_import_flensburg import flensburg, flensburg_importieren  # noqa: F401

STAEDTE = {"musterstadt": 3, "flensburg": 5}
"""City → WK_MINDESTFALLZAHL of its run."""
MAX_KENNZAHLEN, MAX_PERIODEN = 2, 2


@dataclasses.dataclass
class Stadt:
    """Two copies of one city (original and with other values in the hidden cells) and what is hidden."""

    name: str
    minimum: int
    url_a: str
    url_b: str
    geschuetzt: pd.DataFrame  # kennzahl_id, kennzahl, raum, bezirk, jahr, periodenart, periode, wert
    tmp: Path

    def einstellungen(self, url: str, **mehr) -> Einstellungen:
        return Einstellungen(database_url=url, datenverzeichnis=self.tmp, anmeldung="aus",
                             mindestfallzahl=self.minimum, **mehr)


def _geschuetzt(url: str, minimum: int) -> pd.DataFrame:
    """Every protected district cell of every Kennzahl with its raw value (from the database, not from the app)."""
    engine = engine_erstellen(url)
    fabrik = sessionfabrik(engine)
    raeume = so.raeume(fabrik).set_index("code")
    teile = []
    for _, k in so.raumkennzahlen(fabrik).iterrows():
        werte = ak.werte(fabrik, int(k["id"]), mindestfallzahl=minimum)
        versteckt = werte[werte["unterdrueckt"]]
        if versteckt.empty:
            continue
        with engine.connect() as c:
            roh = pd.read_sql(text(
                "SELECT s.code AS raum, w.jahr, w.periodenart, w.periode, w.wertart, w.wert FROM kennzahlwert w "
                "JOIN sozialraum s ON s.id = w.sozialraum_id WHERE w.kennzahl_id = :k"), c, params={"k": int(k["id"])})
        schluessel = ["raum", "jahr", "periodenart", "periode", "wertart"]
        treffer = versteckt.rename(columns={"sozialraum_code": "raum"})[schluessel].merge(roh, on=schluessel)
        teile.append(treffer.assign(kennzahl_id=int(k["id"]), kennzahl=k["code"]))
    engine.dispose()
    df = pd.concat(teile, ignore_index=True)
    df["wert"] = df["wert"].astype(float)
    df["bezirk"] = [raeume.at[r, "parent_code"] for r in df["raum"]]
    return df


def _neue_werte(tabelle: pd.DataFrame, minimum: int) -> dict[str, float]:
    """Other values for the hidden cells of one table of district values (raum, bezirk, wert) that hide exactly
    the same cells: cell by cell the first of (minimum − v for a small v, v + 1, v − 1, v + 2) under which
    ``kleine_zahlen`` still hides the same cells; a cell without such a value keeps its own."""
    from kennzahlen.kleine_zahlen import unterdrueckungsmaske

    bezirke = [b if isinstance(b, str) else None for b in tabelle["bezirk"]]
    alt = tabelle["wert"].to_numpy(dtype=float)
    maske = unterdrueckungsmaske(alt, bezirke, minimum)
    neu = alt.copy()
    for i in [i for i in range(len(alt)) if maske[i] and alt[i] != 0]:
        v = alt[i]
        for kandidat in (minimum - v if v < minimum else None, v + 1, v - 1, v + 2):
            if kandidat is None or kandidat == v or kandidat <= 0 or (v < minimum) != (kandidat < minimum):
                continue
            versuch = neu.copy()
            versuch[i] = kandidat
            if (unterdrueckungsmaske(versuch, bezirke, minimum) == maske).all():
                neu = versuch
                break
    return {r: float(w) for r, w, a in zip(tabelle["raum"], neu, alt, strict=True) if w != a}


def _andere_werte(url: str, geschuetzt: pd.DataFrame, minimum: int) -> None:
    """Other values in the hidden cells of the copy at ``url`` (``_neue_werte`` per table)."""
    engine = create_engine(url)
    with engine.begin() as c:
        for (kid, j, a, p), _teil in geschuetzt.groupby(["kennzahl_id", "jahr", "periodenart", "periode"]):
            tabelle = pd.DataFrame(c.execute(text(
                "SELECT s.code AS raum, b.code AS bezirk, w.wert FROM kennzahlwert w JOIN sozialraum s ON "
                "s.id = w.sozialraum_id LEFT JOIN sozialraum b ON b.id = s.parent_id WHERE w.kennzahl_id = :k AND "
                "w.jahr = :j AND w.periodenart = :a AND w.periode = :p AND w.wertart = 'ist' AND "
                "s.ebene = 'sozialraum' ORDER BY s.code"), {"k": int(kid), "j": int(j), "a": a, "p": int(p)}).all(),
                columns=["raum", "bezirk", "wert"])
            for raum, wert in _neue_werte(tabelle, minimum).items():
                c.execute(text("UPDATE kennzahlwert SET wert = :neu WHERE kennzahl_id = :k AND jahr = :j AND "
                               "periodenart = :a AND periode = :p AND wertart = 'ist' AND sozialraum_id = "
                               "(SELECT id FROM sozialraum WHERE code = :r)"),
                          {"neu": wert, "k": int(kid), "j": int(j), "a": a, "p": int(p), "r": raum})
    engine.dispose()


def _indikatoren(url: str, codes: list[str]) -> None:
    """The social index of this copy uses the protected Kennzahlen as indicators (weight 1)."""
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("DELETE FROM einstellung WHERE schluessel = :s"), {"s": SCHLUESSEL})
        c.execute(Einstellung.__table__.insert().values(schluessel=SCHLUESSEL,
                                                         wert=json.dumps(dict.fromkeys(codes, 1.0))))
    engine.dispose()


@pytest.fixture(scope="module", params=list(STAEDTE))
def stadt(request, demo_vorlage, flensburg, tmp_path_factory):  # noqa: F811
    """Original and changed copy of Musterstadt or Flensburg, with the protected cells."""
    name, minimum = request.param, STAEDTE[request.param]
    tmp = tmp_path_factory.mktemp(name)
    a, b = tmp / "a.sqlite", tmp / "b.sqlite"
    if name == "musterstadt":
        shutil.copy(demo_vorlage, a)
    else:
        engine = engine_erstellen(f"sqlite:///{a}")
        aktualisieren(engine)
        flensburg_importieren(sessionfabrik(engine), flensburg)
        engine.dispose()
    geschuetzt = _geschuetzt(f"sqlite:///{a}", minimum)
    codes = sorted(geschuetzt["kennzahl"].unique())[:MAX_KENNZAHLEN]
    _indikatoren(f"sqlite:///{a}", codes)
    shutil.copy(a, b)
    _andere_werte(f"sqlite:///{b}", geschuetzt, minimum)
    nachher = _geschuetzt(f"sqlite:///{b}", minimum)
    schluessel = ["kennzahl", "raum", "jahr", "periodenart", "periode"]
    assert nachher[schluessel].sort_values(schluessel).values.tolist() == \
        geschuetzt[schluessel].sort_values(schluessel).values.tolist(), "dieselben Zellen bleiben verborgen"
    geaendert = geschuetzt.merge(nachher, on=schluessel, suffixes=("", "_b"))
    assert (geaendert["wert"] != geaendert["wert_b"]).sum() >= 0.5 * len(geaendert), "die Kopie hat andere Werte"
    return Stadt(name, minimum, f"sqlite:///{a}", f"sqlite:///{b}", geschuetzt[geschuetzt["kennzahl"].isin(codes)], tmp)


def _suche(z) -> str:
    if z["periodenart"] == "jahr":
        return f"?jahr={int(z['jahr'])}"
    return f"?jahr={int(z['jahr'])}&{z['periodenart']}={int(z['periode'])}"


def _perioden(stadt: Stadt, kennzahl: str) -> list[pd.Series]:
    """The newest periods with hidden cells of a Kennzahl (at most ``MAX_PERIODEN``)."""
    teil = stadt.geschuetzt[stadt.geschuetzt["kennzahl"] == kennzahl]
    perioden = teil.drop_duplicates(["jahr", "periodenart", "periode"]).sort_values(["jahr", "periode"])
    return [z for _, z in perioden.tail(MAX_PERIODEN).iterrows()]


def _seitenaufrufe(stadt: Stadt) -> list[tuple[str, str]]:
    """Every page view with district data for the protected Kennzahlen and periods: Kennzahl page (by level,
    by rise, with a protected district chosen), profile of a protected district and of its Bezirk, social index."""
    aufrufe = []
    for kennzahl in sorted(stadt.geschuetzt["kennzahl"].unique()):
        for z in _perioden(stadt, kennzahl):
            s = _suche(z)
            versteckt = stadt.geschuetzt[(stadt.geschuetzt["kennzahl"] == kennzahl)
                                         & (stadt.geschuetzt["jahr"] == z["jahr"])
                                         & (stadt.geschuetzt["periode"] == z["periode"])]
            raum = versteckt.sort_values("wert").iloc[0]
            aufrufe += [(f"/kennzahl/{kennzahl}", s), (f"/kennzahl/{kennzahl}", s + "&rang=anstieg&spanne=1"),
                        (f"/kennzahl/{kennzahl}", s + f"&sozialraum={raum['raum']}"),
                        (f"/sozialraum/{raum['raum']}", s), (f"/sozialraum/{raum['raum']}", s + "&spanne=1"),
                        ("/sozialindex", s), ("/sozialindex", s + "&spanne=1")]
            if isinstance(raum["bezirk"], str):
                aufrufe.append((f"/sozialraum/{raum['bezirk']}", s))
    return list(dict.fromkeys(aufrufe))


def _downloads(stadt: Stadt) -> list[str]:
    """Every registered table download, with the query strings of the protected districts and periods."""
    adressen = []
    for kennzahl in sorted(stadt.geschuetzt["kennzahl"].unique()):
        for z in _perioden(stadt, kennzahl):
            s = _suche(z)
            for raum in sorted(set(stadt.geschuetzt[(stadt.geschuetzt["jahr"] == z["jahr"])]["raum"]))[:3]:
                for endung in ("csv", "xlsx"):
                    adressen.append(f"/download/tabelle/sozialraumprofil.{endung}{s}&code={raum}")
            adressen += [f"/download/tabelle/sozialindex.{e}{s}" for e in ("csv", "xlsx")]
    adressen += [f"/download/tabelle/{name}.csv" for name in sorted(TABELLEN)]
    return list(dict.fromkeys(adressen))


def _inhalt(antwort) -> object:
    """A download's content for comparison: CSV text, or the cell values of every XLSX sheet (the XLSX
    bytes themselves hold a creation time)."""
    if antwort.mimetype.endswith("sheet"):
        mappe = openpyxl.load_workbook(io.BytesIO(antwort.data), read_only=True)
        return {b.title: [list(z) for z in b.iter_rows(values_only=True)] for b in mappe.worksheets}
    return antwort.data.decode("utf-8-sig", errors="replace")


# ---------------------------------------------------------------------------------------------------
# 1. Nothing shown depends on a hidden value
# ---------------------------------------------------------------------------------------------------


def test_ds001_geschuetzte_zellen_gefunden(stadt):
    """The test has something to protect: hidden cells with small values in the database, for both cities."""
    assert len(stadt.geschuetzt) >= 3
    assert ((stadt.geschuetzt["wert"] > 0) & (stadt.geschuetzt["wert"] < stadt.minimum)).any()


def test_ds002_seiten_haengen_nicht_von_verborgenen_werten_ab(stadt):
    """Kennzahl page (map, hover, ranking, table views, district series), profile and social index: the same
    answer whatever the hidden cells hold; and the pages say why values are hidden."""
    app_a = create_app(stadt.einstellungen(stadt.url_a))
    app_b = create_app(stadt.einstellungen(stadt.url_b))
    ca, cb = app_a.server.test_client(), app_b.server.test_client()
    aufrufe = _seitenaufrufe(stadt)
    assert len(aufrufe) >= 6
    for pfad, suche in aufrufe:
        text_a, text_b = seite(ca, pfad, suche), seite(cb, pfad, suche)
        assert text_a == text_b, (pfad, suche)
        if pfad.startswith("/kennzahl/") and "sozialraum=" not in suche:
            assert "Datenschutz: Werte unter " + str(stadt.minimum) in text_a, (pfad, suche)


def test_ds003_downloads_haengen_nicht_von_verborgenen_werten_ab(stadt):
    """Every table download (CSV and XLSX) is the same whatever the hidden cells hold."""
    ca = create_app(stadt.einstellungen(stadt.url_a)).server.test_client()
    cb = create_app(stadt.einstellungen(stadt.url_b)).server.test_client()
    for adresse in _downloads(stadt):
        a, b = ca.get(adresse), cb.get(adresse)
        assert a.status_code == b.status_code, adresse
        assert _inhalt(a) == _inhalt(b), adresse


def test_ds004_bericht_xlsx_ohne_sozialraumwerte(stadt):
    """The report pack (XLSX) of the protected periods is the same on both copies and has no cell naming a
    Sozialraum (comments may mention one in their text; they carry no district value)."""
    from dashboard.bericht import xlsx
    from dashboard.bericht.inhalt import berichtsinhalt
    from kennzahlen.perioden import Periode

    if stadt.name == "flensburg":
        pytest.skip("Flensburg hat weder gesamtstädtische Werte noch Haushalt; der Bericht bricht dort heute ab "
                    "(Fehler in dashboard/bericht, kein Datenschutzweg: er enthält keine Sozialraumwerte)")
    raeume = so.raeume(sessionfabrik(engine_erstellen(stadt.url_a)))
    namen = {str(n) for n in raeume["name"]} | {f"{c} {n}" for c, n in zip(raeume["code"], raeume["name"],
                                                                          strict=True)}
    for kennzahl in sorted(stadt.geschuetzt["kennzahl"].unique())[:1]:
        for z in _perioden(stadt, kennzahl):
            periode = Periode(int(z["jahr"]), z["periodenart"], int(z["periode"]))
            dateien = [xlsx.xlsx_erzeugen(berichtsinhalt(sessionfabrik(engine_erstellen(u)), periode))
                       for u in (stadt.url_a, stadt.url_b)]
            inhalte = [{b.title: [list(r) for r in b.iter_rows(values_only=True)]
                        for b in openpyxl.load_workbook(io.BytesIO(d), read_only=True).worksheets} for d in dateien]
            assert inhalte[0] == inhalte[1]
            zellen = {str(c) for blatt in inhalte[0].values() for r in blatt for c in r if c is not None}
            assert not zellen & namen - {""}, sorted(zellen & namen)[:5]


def test_ds005_rohexport_nur_mit_importrecht(stadt):
    """The full export holds raw values (round trip of the import formats): only the right ``importieren``
    (Controlling) may fetch it, Leitung, Fachbereich and Administration get 403; the CLI export needs the
    database itself. The protected ways (pages, table downloads, report) are the ones tested above."""
    from sqlalchemy.orm import Session

    from kennzahlen import zugang

    kopie = stadt.tmp / "konten.sqlite"
    shutil.copy(stadt.url_a.removeprefix("sqlite:///"), kopie)
    engine = create_engine(f"sqlite:///{kopie}")
    with Session(engine) as s, s.begin():
        zugang.demo_benutzer_anlegen(s)
    engine.dispose()
    app = create_app(dataclasses.replace(stadt.einstellungen(f"sqlite:///{kopie}"), anmeldung="lokal"))
    for login in ("leitung", "jugendamt", "admin"):
        assert anmelden(app, login).get("/download/export.zip").status_code == 403, login
    antwort = anmelden(app, "controlling").get("/download/export.zip")
    assert antwort.status_code == 200 and antwort.data[:2] == b"PK"


# ---------------------------------------------------------------------------------------------------
# 2. Search in context and subtraction
# ---------------------------------------------------------------------------------------------------


def _zeilen(baum) -> list[dict]:
    """Every row of every data grid in a page answer."""
    return [z for k in alle_knoten(baum) if isinstance(k["props"].get("rowData"), list)
            for z in k["props"]["rowData"] if isinstance(z, dict)]


def _punkte(baum) -> list[tuple[str, float]]:
    """(Sozialraum code, value) of every map point: choropleth ``locations`` with ``z``."""
    gefunden = []
    for k in alle_knoten(baum):
        if k.get("type") == "Graph":
            for spur in (k["props"].get("figure") or {}).get("data", []):
                orte, z = spur.get("locations"), spur.get("z")
                if isinstance(orte, list) and isinstance(z, list):
                    gefunden += [(str(o), float(w)) for o, w in zip(orte, z, strict=False)
                                 if isinstance(w, int | float)]
    return gefunden


def _zahlenfelder(zeile: dict) -> set[float]:
    return {float(v) for k, v in zeile.items() if isinstance(v, int | float) and not isinstance(v, bool)
            and not k.startswith(("rang", "stellen"))}


def test_ds006_kein_verborgener_wert_im_zusammenhang_seines_raums(stadt):
    """On the Kennzahl page of a protected period, the row and the map point of each protected Sozialraum carry
    no number equal to its hidden value, and its row says why it is hidden."""
    client = create_app(stadt.einstellungen(stadt.url_a)).server.test_client()
    geprueft = 0
    for kennzahl in sorted(stadt.geschuetzt["kennzahl"].unique()):
        for z in _perioden(stadt, kennzahl):
            baum = json.loads(seite(client, f"/kennzahl/{kennzahl}", _suche(z)))
            zeilen, punkte = _zeilen(baum), _punkte(baum)
            versteckt = stadt.geschuetzt[(stadt.geschuetzt["kennzahl"] == kennzahl)
                                         & (stadt.geschuetzt["jahr"] == z["jahr"])
                                         & (stadt.geschuetzt["periode"] == z["periode"])]
            for _, h in versteckt.iterrows():
                eigene = [r for r in zeilen if str(r.get("name", "")).startswith(f"{h['raum']} ")]
                assert eigene, (kennzahl, h["raum"])
                for r in eigene:
                    assert h["wert"] not in _zahlenfelder(r), (kennzahl, h["raum"], r)
                    assert r.get("wert") is None and "unterdrückt" in json.dumps(r, ensure_ascii=False), r
                assert all(w != h["wert"] for o, w in punkte if o == h["raum"]), (kennzahl, h["raum"])
                geprueft += 1
    assert geprueft >= 3


def test_ds007_summe_minus_sichtbare_werte_ergibt_keinen_kleinen_wert(stadt):
    """City total (and every Bezirk total, counted as known) minus the visible district values of the ranking
    is never exactly one hidden value below the minimum: a group hides no cell, or at least two with a sum of
    at least the minimum."""
    client = create_app(stadt.einstellungen(stadt.url_a)).server.test_client()
    engine = create_engine(stadt.url_a)
    raeume = so.raeume(sessionfabrik(engine_erstellen(stadt.url_a))).set_index("code")
    geprueft = 0
    for kennzahl in sorted(stadt.geschuetzt["kennzahl"].unique()):
        kid = int(stadt.geschuetzt[stadt.geschuetzt["kennzahl"] == kennzahl]["kennzahl_id"].iloc[0])
        for z in _perioden(stadt, kennzahl):
            with engine.connect() as c:
                roh = dict(c.execute(text(
                    "SELECT s.code, w.wert FROM kennzahlwert w JOIN sozialraum s ON s.id = w.sozialraum_id "
                    "WHERE w.kennzahl_id = :k AND w.jahr = :j AND w.periodenart = :a AND w.periode = :p "
                    "AND w.wertart = 'ist' AND s.ebene = 'sozialraum'"),
                    {"k": kid, "j": int(z["jahr"]), "a": z["periodenart"], "p": int(z["periode"])}).all())
                stadt_wert = c.execute(text(
                    "SELECT wert FROM kennzahlwert WHERE kennzahl_id = :k AND jahr = :j AND periodenart = :a AND "
                    "periode = :p AND wertart = 'ist' AND sozialraum_id IS NULL"),
                    {"k": kid, "j": int(z["jahr"]), "a": z["periodenart"], "p": int(z["periode"])}).scalar()
                stadt_wert = None if stadt_wert is None else float(stadt_wert)
            baum = json.loads(seite(client, f"/kennzahl/{kennzahl}", _suche(z)))
            sichtbar = {}
            for r in _zeilen(baum):
                code = str(r.get("name", "")).split(" ")[0]
                if code in roh and isinstance(r.get("wert"), int | float) and "rate" not in r.get("wert_text", ""):
                    sichtbar[code] = float(r["wert"])
            gruppen = {"Stadt": list(roh)}
            for code in roh:
                eltern = raeume.at[code, "parent_code"]
                if isinstance(eltern, str):
                    gruppen.setdefault(eltern, []).append(code)
            for name, codes in gruppen.items():
                summe = sum(float(roh[c]) for c in codes)  # Bezirk totals counted as known (fail safe)
                if name == "Stadt" and stadt_wert is not None:
                    summe = stadt_wert  # the published city value
                rest = summe - sum(sichtbar.get(c, 0.0) for c in codes)
                verborgen = [c for c in codes if c not in sichtbar]
                kleine = [c for c in verborgen if 0 < float(roh[c]) < stadt.minimum]
                if not kleine or len(verborgen) == len(codes):
                    continue  # nothing small, or nothing visible: the page tells no more than the total itself
                assert len(verborgen) >= 2 and rest >= stadt.minimum, (kennzahl, z["jahr"], name, verborgen, rest)
                assert not any(math.isclose(rest, float(roh[c])) for c in kleine), (kennzahl, name)
                geprueft += 1
    engine.dispose()
    assert geprueft >= 1
