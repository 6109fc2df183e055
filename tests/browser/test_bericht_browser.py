"""The report pack in headless Chromium: Controlling creates the Q3 2026 report of Musterstadt, watches the
progress and downloads PDF and XLSX; their numbers and texts equal the database's."""

from __future__ import annotations

import base64
import io
import json
import subprocess
from urllib.parse import quote

import openpyxl
import pytest

from dashboard import create_app
from dashboard.seiten.berichte import IDs
from kennzahlen import abfragen, verwaltung, zugang
from kennzahlen import berichtsstand as bs
from kennzahlen import formate as fmt
from kennzahlen.db import engine_erstellen, sessionfabrik, transaktion
from kennzahlen.perioden import Periode
from tests.browser.test_cockpit_browser import axe_verstoesse

pytestmark = pytest.mark.browser
Q3 = Periode(2026, "quartal", 3)
LADEN = """const done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: 'same-origin'}).then(async r => {
  const b = new Uint8Array(await r.arrayBuffer()); let s = '';
  for (let i = 0; i < b.length; i += 32768) s += String.fromCharCode.apply(null, b.subarray(i, i + 32768));
  done([r.status, r.headers.get('content-disposition'), btoa(s)]);
}).catch(e => done([0, String(e), '']));"""


@pytest.fixture
def fabrik(anmelde_einstellungen):
    """The demo database with Q3 2026 closed (frozen) by Controlling."""
    engine = engine_erstellen(anmelde_einstellungen.datenbank_url)
    f = sessionfabrik(engine)
    with transaktion(f) as s:
        verwaltung.periode_abschliessen(s, Q3.jahr, Q3.art, Q3.nummer, "controlling")
    yield f
    engine.dispose()


def _laden(driver, pfad: str) -> tuple[int, str, bytes]:
    driver.set_script_timeout(60)
    status, kopf, daten = driver.execute_async_script(LADEN, pfad)
    return status, kopf or "", base64.b64decode(daten)


def test_brb001_controlling_laedt_bericht_q3(dash_duo, anmelde_einstellungen, fabrik):
    """Controlling creates the Q3 2026 report of the city: progress, then links; the PDF text has the frozen
    Berichtsstand, the Abweichungsbegründungen and Kennzahl values as in the database, the XLSX the same
    numbers; console and axe-core are clean."""
    app = create_app(anmelde_einstellungen)
    dash_duo.server(app)
    basis = dash_duo.server.url.rstrip("/")
    dash_duo.driver.get(f"{basis}/login?weiter={quote('/berichte?jahr=2026&quartal=3', safe='')}")
    dash_duo.find_element("#login").send_keys("controlling")
    dash_duo.find_element("#passwort").send_keys(zugang.DEMO_PASSWORT)
    dash_duo.find_element("button[type=submit]").click()
    dash_duo.wait_for_contains_text("h1", "Berichte 3. Quartal 2026", timeout=20)
    dash_duo.wait_for_contains_text(".alert", "eingefroren am", timeout=10)
    knopf = dash_duo.find_element(f"#{IDs.ERSTELLEN}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", knopf)
    knopf.click()
    dash_duo.wait_for_contains_text(f"#{IDs.MELDUNG}", "%", timeout=20)  # progress is shown while it builds
    dash_duo.wait_for_element("#berichte-pdf", timeout=90)
    assert "Bericht fertig" in dash_duo.find_element(f"#{IDs.MELDUNG}").text
    assert dash_duo.get_logs() == []
    verstoesse = [v for v in axe_verstoesse(dash_duo.driver)
                  if not all("header" in json.dumps(n) or "nav" in json.dumps(n) for n in v["nodes"])]
    assert verstoesse == [], json.dumps(verstoesse, ensure_ascii=False)[:3000]

    status, kopf, pdf = _laden(dash_duo.driver, dash_duo.find_element("#berichte-pdf").get_attribute("href"))
    assert status == 200 and pdf.startswith(b"%PDF") and "bericht_2026_Q3_stadt.pdf" in kopf
    text = " ".join(subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                                   check=True).stdout.decode("utf-8").split())
    assert "Controllingbericht 3. Quartal 2026" in text and "Berichtsstand: eingefroren am" in text
    stand = bs.berichtsstand(fabrik, Q3)
    texte = stand[(stand["objektart"] == "kommentar") & (stand["groesse"] == "text")]
    arten = stand[(stand["objektart"] == "kommentar") & (stand["groesse"] == "art")].set_index("objekt_id")["text"]
    begruendungen = [t for i, t in zip(texte["objekt_id"], texte["text"], strict=True)
                     if arten[i] == "abweichungsbegruendung"]
    assert begruendungen
    for t in begruendungen:
        assert " ".join(t.split())[:60] in text
    ist = stand[(stand["objektart"] == "kennzahl") & (stand["groesse"] == "ist")]
    ist = ist[ist["code"].isin(set(abfragen.kennzahlen(fabrik).merge(
        abfragen.ziel_kennzahl(fabrik), left_on="id", right_on="kennzahl_id")["code"]))]  # those measuring a goal
    assert len(ist.dropna(subset=["wert"])) > 40
    for z in ist.dropna(subset=["wert"]).itertuples(index=False):
        assert fmt.wert_mit_einheit(z.wert, z.einheit, int(z.stellen)).replace("\u00a0", " ") in text, z.code

    status, kopf, xlsx = _laden(dash_duo.driver, dash_duo.find_element("#berichte-xlsx").get_attribute("href"))
    assert status == 200 and "bericht_2026_Q3_stadt.xlsx" in kopf
    blatt = openpyxl.load_workbook(io.BytesIO(xlsx))["Kennzahlen"]
    kopfzeile = [c.value for c in blatt[1]]
    werte = {r[kopfzeile.index("Code")].value: r[kopfzeile.index("Ist")].value for r in blatt.iter_rows(min_row=2)}
    for z in ist.dropna(subset=["wert"]).itertuples(index=False):
        assert werte[z.code] == pytest.approx(z.wert), z.code
    assert werte["K101"] == pytest.approx(12.5)
