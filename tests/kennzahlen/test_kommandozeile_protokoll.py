"""Imports from the command line are audited like uploads; --benutzer names a real account; safe Docker defaults."""

import getpass
import json
import re
from pathlib import Path

from sqlalchemy import select

from kennzahlen import zugang
from kennzahlen.__main__ import main
from kennzahlen.models import Auditeintrag, Importprotokoll

HF = "Handlungsfeld;Name\nHF1;Arbeit\n"


def test_kz001_kommandozeilenimport_im_aenderungsprotokoll(fabrik, tmp_path, monkeypatch):
    """`import` writes an audit entry with the OS user and the counts, in the import's own transaction."""
    monkeypatch.setenv("DATABASE_URL", str(fabrik.kw["bind"].url))
    datei = tmp_path / "hf.csv"
    datei.write_text(HF, encoding="utf-8")
    assert main(["import", "--neue-stammdaten-anlegen", str(datei)]) == 0
    with fabrik() as s:
        eintrag = s.scalars(select(Auditeintrag).where(Auditeintrag.aktion == "import")).one()
        protokoll = s.scalars(select(Importprotokoll)).one()
    wer = f"{getpass.getuser()} (Kommandozeile)"
    assert eintrag.benutzer == wer and protokoll.benutzer == wer and eintrag.objekt == "hf.csv"
    details = json.loads(eintrag.details)
    assert details["neu"] == 1 and details["quelle"].startswith("kommandozeile")
    assert details["import_id"] == protokoll.id


def test_kz002_benutzer_muss_konto_mit_importrecht_sein(fabrik, tmp_path, monkeypatch, capsys):
    """--benutzer with free text or an account without the right is refused; nothing is imported."""
    monkeypatch.setenv("DATABASE_URL", str(fabrik.kw["bind"].url))
    with fabrik() as s, s.begin():
        zugang.benutzer_anlegen(s, "lea", "Lea Leitung", "ein-langes-kennwort", [zugang.Rolle("leitung")])
        zugang.benutzer_anlegen(s, "carl", "Carl Controlling", "ein-langes-kennwort", [zugang.Rolle("controlling")])
    datei = tmp_path / "hf.csv"
    datei.write_text(HF, encoding="utf-8")
    assert main(["import", "--benutzer", "irgendwer", str(datei)]) == 2
    assert main(["import", "--benutzer", "lea", str(datei)]) == 2
    assert "kein aktives Konto" in capsys.readouterr().err
    with fabrik() as s:
        assert s.scalars(select(Importprotokoll)).all() == []
    assert main(["import", "--neue-stammdaten-anlegen", "--benutzer", "carl", str(datei)]) == 0
    with fabrik() as s:
        assert s.scalars(select(Auditeintrag.benutzer).where(Auditeintrag.aktion == "import")).all() == ["carl"]


def test_kz003_docker_startet_in_produktion():
    """The image starts in production mode without the demo city; demo accounts are never created there."""
    dockerfile = (Path(__file__).resolve().parents[2] / "Dockerfile").read_text(encoding="utf-8")
    umgebung = dict(re.findall(r"(WK_[A-Z_]+)=(\S+)", dockerfile.split("FROM", 1)[1].split("WORKDIR")[0]))
    assert umgebung["WK_UMGEBUNG"] == "produktion" and umgebung["WK_DEMO_LADEN"] == "nein"
