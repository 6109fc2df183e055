"""User management, audit trail, closed periods and thresholds without a web layer."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from kennzahlen import verwaltung, zugang
from kennzahlen.db import transaktion
from kennzahlen.models import Auditeintrag, Benutzer, Einstellung, Handlungsfeld, Rollenzuweisung, Sitzung
from kennzahlen.status import STANDARD_SCHWELLENWERTE
from kennzahlen.zugang import Rolle

KENNWORT = "ein-gutes-Kennwort-42"


@pytest.fixture
def mit_feldern(fabrik):
    """An empty database with two Handlungsfelder and an administrator 'ada'."""
    with transaktion(fabrik) as s:
        s.add_all([Handlungsfeld(code="HF1", name="Arbeit"), Handlungsfeld(code="HF5", name="Jugend")])
        s.flush()
        verwaltung.benutzer_erstellen(s, "ada", "Ada Admin", KENNWORT, [Rolle("administration")])
    return fabrik


def _zuweisungen(fabrik, login):
    with fabrik() as s:
        return s.execute(select(Rollenzuweisung.rolle, Rollenzuweisung.handlungsfeld_id)
                         .join(Benutzer, Benutzer.id == Rollenzuweisung.benutzer_id)
                         .where(Benutzer.login == login).order_by(Rollenzuweisung.id)).all()


def test_vw001_benutzer_anlegen_mit_rolle_und_bereich(mit_feldern):
    """A Fachbereich user limited to HF5 can log in and may comment only there."""
    with transaktion(mit_feldern) as s:
        rolle = verwaltung.rolle_aus_angaben(s, "fachbereich", "HF5", "")
        verwaltung.benutzer_erstellen(s, " jana ", "Jana Jugend", KENNWORT, [rolle], "jana@example.org")
    nutzer, _ = zugang.anmelden(mit_feldern, "jana", KENNWORT, "127.0.0.1")
    with mit_feldern() as s:
        hf5 = s.scalar(select(Handlungsfeld.id).where(Handlungsfeld.code == "HF5"))
    assert nutzer.rollen == (Rolle("fachbereich", hf5, None),)
    assert nutzer.darf("kommentieren", frozenset({hf5})) and not nutzer.darf("kommentieren", frozenset({hf5 + 99}))
    liste = verwaltung.benutzerliste(mit_feldern)
    assert list(liste.columns) == ["login", "name", "email", "aktiv", "letzter_login", "rollen", "rollencodes"]
    jana = liste.set_index("login").loc["jana"]
    assert jana["rollen"] == "Fachbereich (Handlungsfeld Jugend)" and jana["aktiv"] and jana["email"]


@pytest.mark.parametrize(("angaben", "feld"), [
    ({"login": ""}, "Login"),
    ({"login": "mit leerzeichen"}, "Login"),
    ({"login": "ADA"}, "Login"),  # already taken (case-insensitive)
    ({"name": "  "}, "Name"),
    ({"email": "keine-adresse"}, "E-Mail"),
    ({"kennwort": "kurz"}, "Kennwort"),
    ({"kennwort": "aaaaaaaaaaaaaaaa"}, "Kennwort"),
])
def test_vw002_ungueltige_angaben_nennen_das_feld(mit_feldern, angaben, feld):
    """Invalid input is refused with a German message naming the field; nothing is stored."""
    werte = {"login": "neu", "name": "Neu", "kennwort": KENNWORT, "email": None, **angaben}
    with pytest.raises(ValueError, match=f"Feld „{feld}“"), transaktion(mit_feldern) as s:
        verwaltung.benutzer_erstellen(s, werte["login"], werte["name"], werte["kennwort"], [Rolle("leitung")],
                                      werte["email"])
    assert len(verwaltung.benutzerliste(mit_feldern)) == 1


def test_vw003_rolle_und_bereich_pruefen(mit_feldern):
    """Unknown roles and fields are refused; a scope only exists for roles with scoped rights."""
    with mit_feldern() as s:
        with pytest.raises(ValueError, match="Feld „Rolle“"):
            verwaltung.rolle_aus_angaben(s, "chef")
        with pytest.raises(ValueError, match=r"Feld „Handlungsfeld“.*gibt es nicht"):
            verwaltung.rolle_aus_angaben(s, "fachbereich", "HF9")
        with pytest.raises(ValueError, match="Feld „Organisationseinheit“"):
            verwaltung.rolle_aus_angaben(s, "fachbereich", None, "99")
        with pytest.raises(ValueError, match=r"Feld „Handlungsfeld“.*nur für die Rollen"):
            verwaltung.rolle_aus_angaben(s, "leitung", "HF1")
        assert verwaltung.rolle_aus_angaben(s, "controlling", "").handlungsfeld_id is None


def test_vw004_rollen_aendern(mit_feldern):
    """Roles can be replaced and added; an identical assignment is refused."""
    with transaktion(mit_feldern) as s:
        verwaltung.benutzer_erstellen(s, "carl", "Carl", KENNWORT, [Rolle("leitung")])
    with transaktion(mit_feldern) as s:
        verwaltung.rollen_setzen(s, "carl", [verwaltung.rolle_aus_angaben(s, "controlling")])
        verwaltung.rolle_hinzufuegen(s, "carl", verwaltung.rolle_aus_angaben(s, "fachbereich", "HF1"))
    assert [r for r, _ in _zuweisungen(mit_feldern, "carl")] == ["controlling", "fachbereich"]
    with pytest.raises(ValueError, match="hat diese Rolle bereits"), transaktion(mit_feldern) as s:
        verwaltung.rolle_hinzufuegen(s, "carl", Rolle("controlling"))
    with pytest.raises(ValueError, match="Feld „Benutzer“"), transaktion(mit_feldern) as s:
        verwaltung.rollen_setzen(s, "niemand", [Rolle("leitung")])


def test_vw005_letzter_administrator_bleibt(mit_feldern):
    """Nobody deactivates themselves, nor the last active administrator or their Administration role."""
    with pytest.raises(ValueError, match="letzte aktive Administrator"), transaktion(mit_feldern) as s:
        verwaltung.rollen_setzen(s, "ada", [Rolle("leitung")])
    with pytest.raises(ValueError, match="eigene Konto"), transaktion(mit_feldern) as s:
        verwaltung.benutzer_deaktivieren(s, "ada", "ada")
    with pytest.raises(ValueError, match="letzte aktive Administrator"), transaktion(mit_feldern) as s:
        verwaltung.benutzer_deaktivieren(s, "ada", "kommandozeile")
    with transaktion(mit_feldern) as s:
        verwaltung.benutzer_erstellen(s, "bert", "Bert", KENNWORT, [Rolle("administration")])
    with transaktion(mit_feldern) as s:
        verwaltung.rollen_setzen(s, "ada", [Rolle("leitung")])
    assert [r for r, _ in _zuweisungen(mit_feldern, "ada")] == ["leitung"]


def test_vw006_deaktivieren_beendet_sitzungen(mit_feldern):
    """A deactivated user's sessions end at once and they cannot log in; reactivation lets them back."""
    with transaktion(mit_feldern) as s:
        verwaltung.benutzer_erstellen(s, "lea", "Lea", KENNWORT, [Rolle("leitung")])
    _, token = zugang.anmelden(mit_feldern, "lea", KENNWORT, "127.0.0.1")
    with transaktion(mit_feldern) as s:
        verwaltung.benutzer_deaktivieren(s, "lea", "ada")
    lange = dt.timedelta(hours=1)
    assert zugang.sitzung_pruefen(mit_feldern, token, lange, lange) is None
    with pytest.raises(zugang.AnmeldeFehler):
        zugang.anmelden(mit_feldern, "lea", KENNWORT, "127.0.0.1")
    with pytest.raises(ValueError, match="bereits deaktiviert"), transaktion(mit_feldern) as s:
        verwaltung.benutzer_deaktivieren(s, "lea", "ada")
    with transaktion(mit_feldern) as s:
        verwaltung.benutzer_reaktivieren(s, "lea")
    assert zugang.anmelden(mit_feldern, "lea", KENNWORT, "127.0.0.1")[0].login == "lea"
    with mit_feldern() as s:
        assert s.scalar(select(func.count()).select_from(Sitzung).where(Sitzung.beendet_am.is_(None))) == 1


def test_vw007_kennwort_zuruecksetzen(mit_feldern):
    """A reset checks the password rules, ends open sessions, and only the new password works."""
    _, token = zugang.anmelden(mit_feldern, "ada", KENNWORT, "127.0.0.1")
    with pytest.raises(ValueError, match="Feld „Kennwort“: Das Kennwort muss mindestens 12"), \
            transaktion(mit_feldern) as s:
        verwaltung.kennwort_zuruecksetzen(s, "ada", "zu-kurz")
    with transaktion(mit_feldern) as s:
        verwaltung.kennwort_zuruecksetzen(s, "ada", "ganz-neues-Kennwort-7")
    lange = dt.timedelta(hours=1)
    assert zugang.sitzung_pruefen(mit_feldern, token, lange, lange) is None
    with pytest.raises(zugang.AnmeldeFehler):
        zugang.anmelden(mit_feldern, "ada", KENNWORT, "127.0.0.1")
    assert zugang.anmelden(mit_feldern, "ada", "ganz-neues-Kennwort-7", "127.0.0.1")[0].login == "ada"


def test_vw008_auditprotokoll_filtern_und_blaettern(fabrik):
    """Entries come newest first, filtered by user, action and local day, in pages."""
    basis = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)
    with transaktion(fabrik) as s:
        for i in range(7):
            s.add(Auditeintrag(zeitpunkt=basis + dt.timedelta(days=i), benutzer="ada" if i % 2 else "carl",
                               aktion="periode_abgeschlossen" if i < 3 else "anmeldung", objekt=f"o{i}",
                               details='{"periode": "Q1 2026"}'))
    alle = verwaltung.auditprotokoll(fabrik, je_seite=3)
    assert alle.gesamt == 7 and alle.seiten == 3 and list(alle.eintraege["objekt"]) == ["o6", "o5", "o4"]
    assert list(alle.eintraege.columns) == ["id", "zeitpunkt", "benutzer", "aktion", "objekt", "details"]
    letzte = verwaltung.auditprotokoll(fabrik, seite=99, je_seite=3)
    assert letzte.seite == 3 and list(letzte.eintraege["objekt"]) == ["o0"]
    ada = verwaltung.auditprotokoll(fabrik, benutzer="ada", aktion="anmeldung")
    assert list(ada.eintraege["objekt"]) == ["o5", "o3"]
    tage = verwaltung.auditprotokoll(fabrik, von="2026-03-06", bis=dt.date(2026, 3, 7))
    assert list(tage.eintraege["objekt"]) == ["o2", "o1"]
    with pytest.raises(ValueError, match="Feld „von“"):
        verwaltung.auditprotokoll(fabrik, von="5.3.2026")
    with pytest.raises(ValueError, match="Feld „bis“"):
        verwaltung.auditprotokoll(fabrik, von="2026-03-07", bis="2026-03-06")
    assert verwaltung.audit_filterwerte(fabrik) == (["ada", "carl"], ["anmeldung", "periode_abgeschlossen"])
    assert verwaltung.details_text('{"periode": "Q1 2026"}') == "periode: Q1 2026"
    assert verwaltung.zeitpunkt_text(dt.datetime(2026, 3, 5, 12, 0)) == "05.03.2026, 13:00"  # naive = UTC


def test_vw009_periode_abschliessen_und_oeffnen(fabrik):
    """A period is closed once, shows as closed, and can be reopened; invalid periods name the field."""
    with transaktion(fabrik) as s:
        verwaltung.periode_abschliessen(s, 2026, "quartal", 2, "carl")
    with fabrik() as s:
        assert verwaltung.ist_abgeschlossen(s, 2026, "quartal", 2)
        assert not verwaltung.ist_abgeschlossen(s, 2026, "quartal", 3)
    uebersicht = verwaltung.periodenuebersicht(fabrik, "quartal")
    zeile = uebersicht.set_index("schluessel").loc["2026-quartal-2"]
    assert bool(zeile["abgeschlossen"]) and zeile["abgeschlossen_von"] == "carl" and zeile["bezeichnung"] == \
        "2. Quartal 2026"
    with pytest.raises(ValueError, match="bereits abgeschlossen"), transaktion(fabrik) as s:
        verwaltung.periode_abschliessen(s, 2026, "quartal", 2, "carl")
    with pytest.raises(ValueError, match="Feld „Periode“"), transaktion(fabrik) as s:
        verwaltung.periode_abschliessen(s, 2026, "quartal", 5, "carl")
    with transaktion(fabrik) as s:
        verwaltung.periode_oeffnen(s, 2026, "quartal", 2, "Nachmeldung der Fallzahlen", "carl")
    with pytest.raises(ValueError, match="nicht abgeschlossen"), transaktion(fabrik) as s:
        verwaltung.periode_oeffnen(s, 2026, "quartal", 2, "Nachmeldung der Fallzahlen", "carl")
    assert verwaltung.periode_aus_schluessel("2026-quartal-3").lang == "3. Quartal 2026"
    with pytest.raises(ValueError, match="Feld „Periode“"):
        verwaltung.periode_aus_schluessel("2026-woche-3")


def test_vw010_periodenuebersicht_aus_demodaten(demo_einstellungen):
    """The demo city lists its quarters and years with Ist values, newest first, all open."""
    from kennzahlen.db import engine_erstellen, sessionfabrik

    engine = engine_erstellen(demo_einstellungen.datenbank_url)
    df = verwaltung.periodenuebersicht(sessionfabrik(engine), "quartal")
    engine.dispose()
    assert list(df["schluessel"][:2]) == ["2026-jahr-1", "2026-quartal-3"]
    assert not df["abgeschlossen"].any() and len(df) > 8


def test_vw011_schwellenwerte_speichern(fabrik):
    """Thresholds are stored per key, blank means default, and an out-of-order set is never written."""
    with transaktion(fabrik) as s:
        gespeichert = verwaltung.schwellenwerte_speichern(s, {"ampel_gruen": "0,97", "ampel_gelb": "85 %"})
    assert gespeichert == {"ampel_gruen": "0.97", "ampel_gelb": "0.85"}
    with fabrik() as s:
        assert verwaltung.schwellenwerte_wirksam(s).ampel_gelb == 0.85
        assert s.scalar(select(Einstellung.wert).where(Einstellung.schluessel == "schwellenwert.ampel_gruen")) == "0.97"
    with pytest.raises(ValueError, match="„Ampel: gelb ab“"), transaktion(fabrik) as s:
        verwaltung.schwellenwerte_speichern(s, {"ampel_gelb": "0,99"})
    with pytest.raises(ValueError, match="keine gültige Zahl"), transaktion(fabrik) as s:
        verwaltung.schwellenwerte_speichern(s, {"teilweise": "viel"})
    with pytest.raises(ValueError, match="Unbekannter Schwellenwert"), transaktion(fabrik) as s:
        verwaltung.schwellenwerte_speichern(s, {"rot": "0,1"})
    with transaktion(fabrik) as s:
        verwaltung.schwellenwerte_speichern(s, {"ampel_gruen": "", "ampel_gelb": " "})
    with fabrik() as s:
        assert verwaltung.schwellenwerte_lesen(s) == {}
        assert verwaltung.schwellenwerte_wirksam(s, {"teilweise": "0,4"}).teilweise == 0.4
    uebersicht = verwaltung.schwellenwerte_uebersicht(fabrik, {"ampel_gelb": "0,7"})
    gelb = uebersicht.set_index("schluessel").loc["ampel_gelb"]
    assert gelb["standard"] == 0.7 and gelb["gespeichert"] is None
    assert uebersicht.set_index("schluessel").loc["ampel_gruen", "wirksam"] == STANDARD_SCHWELLENWERTE.ampel_gruen
