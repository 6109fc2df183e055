"""Sicherheitsprüfung der Abhängigkeiten (requirements.txt), die nicht stillschweigend besteht.

pip-audit fragt die Advisory-API von PyPI je Paket und Version ab.
Kennt die Quelle ein Paket nicht oder ist sie nicht erreichbar, überspringt pip-audit es, meldet trotzdem
„No known vulnerabilities found“ und endet mit 0 – auch wenn kein einziges Paket geprüft wurde. Dieses Skript
zählt deshalb geprüfte und übersprungene Pakete und besteht nur, wenn jedes Paket geprüft wurde und keines
eine bekannte Schwachstelle hat.

Eine andere Advisory-Quelle ist von dieser Maschine und der CI aus nicht erreichbar (OSV nicht, die
Paketquellen von pip sind Spiegel ohne Advisories): Dann sagt die Zusammenfassung genau das.

Aufruf (mit dem Python der venv, dort ist pip-audit installiert):
    .venv/bin/python .ci/audit.py                  # streng: Exit 1 bei Schwachstellen, 2 wenn unvollständig
    .venv/bin/python .ci/audit.py --nur-melden     # dasselbe als deutliche WARNUNG melden, Exit 0 (make test)
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field

QUELLE_PIP_AUDIT = "pip-audit (PyPI-Advisory-API)"
EXIT_OK, EXIT_SCHWACHSTELLEN, EXIT_UNVOLLSTAENDIG = 0, 1, 2


@dataclass
class Schwachstelle:
    kennung: str
    aliase: list[str] = field(default_factory=list)
    behoben_in: list[str] = field(default_factory=list)


@dataclass
class Paket:
    name: str
    version: str
    geprueft: bool
    quelle: str | None = None
    schwachstellen: list[Schwachstelle] = field(default_factory=list)
    grund: str | None = None




# --- pip-audit's JSON ------------------------------------------------------------------------------


def _grund_deutsch(grund: str) -> str:
    if "not found on PyPI" in grund:
        return "PyPI-Advisory-API antwortet nicht („Dependency not found on PyPI“)"
    return f"pip-audit: {grund}"


def _einmal(funde: list[Schwachstelle]) -> list[Schwachstelle]:
    """One entry per advisory: GHSA-… and PYSEC-… of the same flaw name each other as aliases."""
    ergebnis: list[Schwachstelle] = []
    for fund in funde:
        namen = {fund.kennung, *fund.aliase}
        if not any(namen & {b.kennung, *b.aliase} for b in ergebnis):
            ergebnis.append(fund)
    return ergebnis


def aus_pip_audit(bericht: dict) -> list[Paket]:
    """The packages of pip-audit's JSON (``-f json``): audited ones with their findings, skipped ones with reason."""
    pakete = []
    for eintrag in bericht.get("dependencies", []):
        name = eintrag.get("name", "?")
        if "skip_reason" in eintrag or "vulns" not in eintrag:
            grund = eintrag.get("skip_reason") or "nicht geprüft"
            version = eintrag.get("version")
            if not version:  # "…could not be audited: dash (4.4.1)"
                treffer = re.search(r"\(([^()\s]+)\)\s*$", grund)
                version = treffer.group(1) if treffer else ""
            pakete.append(Paket(name, version, False, grund=_grund_deutsch(grund)))
            continue
        funde = _einmal([Schwachstelle(v.get("id", "?"), list(v.get("aliases") or []),
                                       list(v.get("fix_versions") or [])) for v in eintrag["vulns"]])
        pakete.append(Paket(name, eintrag.get("version", ""), True, QUELLE_PIP_AUDIT, funde))
    return pakete


# --- fallback: PyPI's JSON of the newest release ----------------------------------------------------


# --- summary ----------------------------------------------------------------------------------------


def _mehrzahl(anzahl: int, eins: str, viele: str) -> str:
    return f"{anzahl} {eins if anzahl == 1 else viele}"


def _gruende_kurz(gruende: dict[str, list[Paket]]) -> str:
    return " | ".join(gruende) if len(gruende) <= 2 else "Gründe je Paket unten"


def zusammenfassung(bericht: dict, nur_melden: bool = False) -> tuple[list[str], int]:
    """The German summary lines and the exit code for pip-audit's JSON ``bericht``.

    Exit code: 0 when every package was audited and none has a known vulnerability; 1 when a vulnerability
    was found; 2 when not every package could be audited. With ``nur_melden`` always 0, and every result but
    "passed" is framed as a prominent warning.
    """
    pakete = aus_pip_audit(bericht)
    gesamt = len(pakete)
    geprueft = [p for p in pakete if p.geprueft]
    offen = [p for p in pakete if not p.geprueft]
    betroffen = [p for p in geprueft if p.schwachstellen]
    funde = sum(len(p.schwachstellen) for p in betroffen)
    gruende: dict[str, list[Paket]] = {}
    for paket in offen:
        gruende.setdefault(paket.grund or "nicht geprüft", []).append(paket)

    kopf = f"Sicherheitsprüfung der Abhängigkeiten: {len(geprueft)} von {gesamt} Paketen geprüft"
    teile = []
    if funde:
        teile.append(f"{_mehrzahl(funde, 'bekannte Schwachstelle', 'bekannte Schwachstellen')} in "
                     f"{_mehrzahl(len(betroffen), 'Paket', 'Paketen')}")
    if gesamt == 0:
        teile.append("keine Abhängigkeiten gefunden – nichts geprüft")
    elif not geprueft:
        teile.append(f"keine Advisory-Quelle erreichbar ({_gruende_kurz(gruende)})")
    elif offen:
        teile.append(f"{_mehrzahl(len(offen), 'Paket', 'Pakete')} nicht geprüft ({_gruende_kurz(gruende)})")
    if not teile:
        teile.append("keine bekannten Schwachstellen")
    zeilen = [f"{kopf} – {'; '.join(teile)}."]

    quellen: dict[str, int] = {}
    for paket in geprueft:
        quellen[paket.quelle or "?"] = quellen.get(paket.quelle or "?", 0) + 1
    if quellen:
        zeilen.append("Quelle: " + ", ".join(f"{q}: {_mehrzahl(n, 'Paket', 'Pakete')}" for q, n in quellen.items()))
    for paket in betroffen:
        for s in paket.schwachstellen:
            aliase = f" ({', '.join(s.aliase)})" if s.aliase else ""
            behoben = ", ".join(s.behoben_in) or "noch keine"
            zeilen.append(f"  Schwachstelle: {paket.name} {paket.version}: {s.kennung}{aliase}; behoben in: {behoben}")
    for grund, liste in gruende.items():
        namen = ", ".join(f"{p.name} {p.version}".strip() for p in liste)
        zeilen.append(f"  nicht geprüft ({grund}): {namen}")

    vollstaendig = gesamt > 0 and not offen
    if funde:
        zeilen.append("Ergebnis: NICHT BESTANDEN – bekannte Schwachstellen: betroffene Pakete auf eine behobene "
                      "Version heben oder, wo es keine gibt, entfernen bzw. das Risiko bewerten"
                      + ("; außerdem ist nicht jede Abhängigkeit geprüft." if offen else "."))
        code = EXIT_SCHWACHSTELLEN
    elif vollstaendig:
        zeilen.append("Ergebnis: bestanden – jede Abhängigkeit geprüft, keine bekannte Schwachstelle.")
        code = EXIT_OK
    else:
        zeilen.append("Ergebnis: NICHT BESTANDEN – nicht jede Abhängigkeit konnte geprüft werden; "
                      "„keine Schwachstellen“ wäre hier nicht belegt.")
        code = EXIT_UNVOLLSTAENDIG
    if nur_melden and code != EXIT_OK:
        rahmen = "!" * 100
        zeilen = [rahmen, "WARNUNG: " + zeilen[0], *zeilen[1:],
                  "WARNUNG: Nur gemeldet (--nur-melden, `make test`); `make audit` schlägt in diesem Fall fehl.",
                  rahmen]
        code = EXIT_OK
    return zeilen, code


# --- command line -----------------------------------------------------------------------------------


def pip_audit_ausfuehren(requirements: str) -> tuple[dict | None, str]:
    """Run pip-audit with JSON output; (parsed report or None, error text)."""
    befehl = [sys.executable, "-m", "pip_audit", "-r", requirements, "-f", "json", "--progress-spinner", "off"]
    try:
        lauf = subprocess.run(befehl, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as fehler:
        return None, str(fehler)
    try:
        return json.loads(lauf.stdout), ""
    except ValueError:
        letzte = [z for z in (lauf.stderr or lauf.stdout).strip().splitlines() if z.strip()]
        return None, f"Exit {lauf.returncode}: {letzte[-1] if letzte else 'keine Ausgabe'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sicherheitsprüfung der Abhängigkeiten (pip-audit, ehrlich gezählt)")
    parser.add_argument("-r", "--requirements", default="requirements.txt", help="Abhängigkeiten (requirements.txt)")
    parser.add_argument("--nur-melden", action="store_true",
                        help="Schwachstellen und unvollständige Prüfung nur als deutliche Warnung melden (Exit 0)")
    args = parser.parse_args(argv)

    bericht, fehler = pip_audit_ausfuehren(args.requirements)
    if bericht is None:
        zeilen = [f"Sicherheitsprüfung der Abhängigkeiten: 0 Pakete geprüft – pip-audit ist fehlgeschlagen ({fehler})."]
        if args.nur_melden:
            zeilen = ["!" * 100, "WARNUNG: " + zeilen[0], "WARNUNG: Hier nur gemeldet (--nur-melden); "
                      "`make audit` schlägt in diesem Fall fehl.", "!" * 100]
        print("\n".join(zeilen), flush=True)
        return EXIT_OK if args.nur_melden else EXIT_UNVOLLSTAENDIG
    zeilen, code = zusammenfassung(bericht, args.nur_melden)
    print("\n".join(zeilen), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
