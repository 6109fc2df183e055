"""The rules in force: settings plus the thresholds Controlling stores in the database."""

from kennzahlen.auswertung import bewertungsregeln
from kennzahlen.db import transaktion
from kennzahlen.settings import Einstellungen
from kennzahlen.verwaltung import schwellenwerte_speichern


def test_aw001_gespeicherte_schwellen_gelten(fabrik):
    """Thresholds saved by Controlling override WK_SCHWELLENWERTE; scale and rule come from the settings."""
    e = Einstellungen.aus_umgebung({"WK_SCHWELLENWERTE": "ampel_gruen=0,9", "WK_ROLLUP_REGEL": "schlechteste"})
    regeln = bewertungsregeln(fabrik, e)
    assert (regeln.regel, regeln.schwellen.ampel_gruen) == ("schlechteste", 0.9)
    with transaktion(fabrik) as s:
        schwellenwerte_speichern(s, {"ampel_gruen": "0,85", "ampel_gelb": "0,6"}, e.schwellenwerte)
    regeln = bewertungsregeln(fabrik, e)
    assert (regeln.schwellen.ampel_gruen, regeln.schwellen.ampel_gelb) == (0.85, 0.6)
