"""Command line for administrators: ``python -m kennzahlen --help``."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from kennzahlen.settings import Einstellungen, EinstellungsFehler


def _engine(einstellungen: Einstellungen):
    from kennzahlen.db import engine_erstellen, verbindung_pruefen

    engine = engine_erstellen(einstellungen.datenbank_url)
    verbindung_pruefen(engine)
    return engine


def befehl_db(args, einstellungen: Einstellungen) -> int:
    """db upgrade | db status."""
    from kennzahlen.db import aktualisieren, revision_aktuell, revision_ziel

    engine = _engine(einstellungen)
    if args.aktion == "upgrade":
        aktualisieren(engine)
        print(f"Datenbank ist auf dem neuesten Stand ({revision_ziel()}): {engine.url.render_as_string()}")
        return 0
    aktuell, ziel = revision_aktuell(engine), revision_ziel()
    print(f"Datenbank: {engine.url.render_as_string()}")
    print(f"Stand: {aktuell or 'leer'} · neuester Stand: {ziel}")
    return 0 if aktuell == ziel else 1


def befehl_demo(args, einstellungen: Einstellungen) -> int:
    """Create/upgrade the database and load the demo city Musterstadt (replaces existing data)."""
    from kennzahlen import datenstand, zugang
    from kennzahlen.db import aktualisieren, sessionfabrik, transaktion
    from kennzahlen.demo import demo_laden, fingerabdruck

    engine = _engine(einstellungen)
    aktualisieren(engine)
    fabrik = sessionfabrik(engine)
    start = time.perf_counter()
    anzahl = demo_laden(fabrik, periodenart=args.periodenart or einstellungen.berichtsperiode, seed=args.seed,
                        groesse=args.groesse)
    with transaktion(fabrik) as session:
        datenstand.erhoehen(session)
        konten = [] if args.ohne_benutzer else zugang.demo_benutzer_anlegen(session)
    dauer = time.perf_counter() - start
    print(f"Demostadt {args.groesse} geladen in {dauer:.1f} s: {engine.url.render_as_string()}")
    for tabelle, n in sorted(anzahl.items()):
        print(f"  {tabelle:<22} {n:>9}")
    if args.groesse == "musterstadt":  # hashing millions of rows would take minutes
        print(f"Fingerabdruck: {fingerabdruck(fabrik)}")
    if konten:
        print(f"Demo-Konten angelegt (Kennwort '{zugang.DEMO_PASSWORT}'): {', '.join(konten)}")
    return 0


DATENENDUNGEN = {".csv", ".txt", ".tsv", ".xlsx", ".json", ".geojson", ".zip"}
"""Files a folder contributes to a package (others, like a README, are skipped)."""


def _dateien_sammeln(angaben: list[str]) -> list[Path]:
    """The files of the arguments: files as given, folders with their data files (sorted by name)."""
    pfade: list[Path] = []
    for angabe in angaben:
        pfad = Path(angabe)
        if pfad.is_dir():
            pfade += sorted(p for p in pfad.iterdir() if p.is_file() and not p.name.startswith(".")
                            and p.suffix.lower() in DATENENDUNGEN)
        else:
            pfade.append(pfad)
    return pfade


def _art_fragen(kandidaten: tuple[str, ...], name: str) -> str | None:
    """Ask on the terminal which kind of import a file is; None when the user gives up."""
    from kennzahlen.importe import FORMATE

    print(f"Welche Importart hat „{name}“?")
    for i, art in enumerate(kandidaten, start=1):
        print(f"  {i}) {art} – {FORMATE[art].titel}")
    try:
        antwort = input("Nummer (leer = abbrechen): ").strip()
    except EOFError:
        return None
    if antwort.isdigit() and 1 <= int(antwort) <= len(kandidaten):
        return kandidaten[int(antwort) - 1]
    return None


def befehl_import(args, einstellungen: Einstellungen) -> int:
    """Import files (CSV, XLSX, GeoJSON, ZIP) as one package; sets up an empty database first."""
    import getpass

    from kennzahlen import zugang
    from kennzahlen.db import aktualisieren, revision_aktuell, revision_ziel, sessionfabrik
    from kennzahlen.importe import ImportFehler, Importoptionen
    from kennzahlen.importe.ablauf import paket_importieren

    engine = _engine(einstellungen)
    if revision_aktuell(engine) != revision_ziel():
        aktualisieren(engine)
        print(f"Datenbank eingerichtet ({revision_ziel()}): {engine.url.render_as_string()}")
    fabrik = sessionfabrik(engine)
    optionen = Importoptionen(
        teur=args.teur, vorzeichen=args.vorzeichen, plan_als=args.plan_als, version=args.version,
        zeilenschema=args.zeilenschema, ebene=args.ebene, code_feld=args.code_feld, name_feld=args.name_feld,
        statistik_tabelle=args.statistik_tabelle, abgeschlossene_perioden_aendern=args.abgeschlossene_aendern,
        neue_stammdaten_anlegen=args.neue_stammdaten,
    )
    betriebssystem = getpass.getuser()
    benutzer = f"{betriebssystem} (Kommandozeile)"
    if args.benutzer:
        konto = zugang.benutzer_laden(fabrik, args.benutzer)
        if konto is None or not konto.darf("importieren"):
            print(f"Fehler: --benutzer „{args.benutzer}“ ist kein aktives Konto mit dem Recht „importieren“ "
                  "(Benutzer anlegen: python -m kennzahlen benutzer anlegen).", file=sys.stderr)
            return 2
        benutzer = konto.login
    pfade = _dateien_sammeln(args.dateien)
    if not pfade:
        print("Fehler: keine Datei gefunden (erwartet: CSV, XLSX, GeoJSON oder ZIP, einzeln oder in einem Ordner).",
              file=sys.stderr)
        return 1
    start = time.perf_counter()
    dateien: list[tuple[str, bytes]] = []
    try:
        for pfad in pfade:
            if pfad.stat().st_size > optionen.max_groesse:
                raise ImportFehler(f"Die Datei „{pfad.name}“ ist {pfad.stat().st_size / 2**20:.1f} MB groß; erlaubt "
                                   f"sind höchstens {optionen.max_groesse / 2**20:.1f} MB.".replace(".", ","))
            dateien.append((pfad.name, pfad.read_bytes()))
    except OSError as fehler:
        print(f"Fehler: {fehler.filename}: {fehler.strerror or fehler}", file=sys.stderr)
        return 1
    except ImportFehler as fehler:
        print(fehler.zusammenfassung(), file=sys.stderr)
        return 1
    if len(dateien) > 1:
        print(f"Paket aus {len(dateien)} Dateien: eine Vorschau, ein Import, alles oder nichts.")
    art = args.art
    while True:
        try:
            bericht = paket_importieren(fabrik, dateien, benutzer, art, optionen, nur_vorschau=args.vorschau,
                                        quelle=f"kommandozeile ({betriebssystem})")
        except ImportFehler as fehler:
            if fehler.kandidaten and art is None and len(dateien) == 1 and sys.stdin.isatty():
                art = _art_fragen(fehler.kandidaten, dateien[0][0])
                if art is not None:
                    continue
            print(fehler.zusammenfassung(), file=sys.stderr)
            if fehler.kandidaten:
                print(f"Importart angeben mit --art ({', '.join(fehler.kandidaten)}).", file=sys.stderr)
            return 1
        print(bericht.text())
        if args.vorschau and bericht.neue_stammdaten and not args.neue_stammdaten:
            print("Hinweis: der Import legt neue Stammdaten an; bestätigen mit --neue-stammdaten-anlegen.")
        print(f"Dauer: {time.perf_counter() - start:.1f} s".replace(".", ","))
        return 0


def befehl_auftrag(args, einstellungen: Einstellungen) -> int:
    """auftrag ID: run one background import job (the upload page starts this; exit 0 when it succeeded)."""
    from kennzahlen.db import sessionfabrik
    from kennzahlen.importe import auftraege

    logging.basicConfig(level=einstellungen.loglevel, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    engine = _engine(einstellungen)
    try:
        status = auftraege.ausfuehren(sessionfabrik(engine), args.id)
    finally:
        engine.dispose()
    return 0 if status == "fertig" else 1


def befehl_export(args, einstellungen: Einstellungen) -> int:
    """Write the full export in the import formats (folder of CSVs, .zip or .xlsx)."""
    from kennzahlen.db import revision_aktuell, revision_ziel, sessionfabrik
    from kennzahlen.importe import export_schreiben

    engine = _engine(einstellungen)
    if revision_aktuell(engine) != revision_ziel():
        print("Fehler: Die Datenbank ist nicht eingerichtet; einrichten mit 'python -m kennzahlen db upgrade'.",
              file=sys.stderr)
        return 1
    dateien, hinweise = export_schreiben(sessionfabrik(engine), Path(args.ziel), args.format)
    print(f"Export von {engine.url.render_as_string()}: {len(dateien)} Datei(en)")
    for datei in dateien:
        print(f"  {datei}")
    for hinweis in hinweise:
        print(f"Hinweis: {hinweis}")
    return 0


def befehl_einrichten(args, einstellungen: Einstellungen) -> int:
    """Set up a database: schema, the municipality (--kommune …) and the KGSt Handlungsfelder (--kgst)."""
    import getpass

    from kennzahlen import datenstand, einrichtung, zugang
    from kennzahlen.db import aktualisieren, sessionfabrik, transaktion

    engine = _engine(einstellungen)
    aktualisieren(engine)
    fabrik = sessionfabrik(engine)
    benutzer = f"{getpass.getuser()} (Kommandozeile)"
    try:
        with transaktion(fabrik) as session:
            if args.kommune:
                daten = einrichtung.kommune_pruefen(args.kommune, args.gemeindeschluessel, args.einwohner)
                aenderung = einrichtung.kommune_setzen(session, daten)
                zugang.protokollieren(session, benutzer, "kommune_geaendert", "kommune", aenderung)
                print(f"Kommune: {daten.name} · Gemeindeschlüssel {daten.gemeindeschluessel or '–'} · "
                      f"Einwohner {daten.einwohner or '–'}")
            if args.kgst:
                anzahl = einrichtung.kgst_vorgaben_anlegen(session)
                zugang.protokollieren(session, benutzer, "kgst_vorgaben", "handlungsfelder", {"anzahl": anzahl})
                print(f"KGSt-Vorgaben: {anzahl} Handlungsfelder angelegt; Zielebenen "
                      f"({', '.join(einrichtung.ZIELEBENEN_NAMEN)}) und Zielfelder "
                      f"({', '.join(einrichtung.ZIELFELDER_NAMEN.values())}) sind fest.")
            datenstand.erhoehen(session)
    except ValueError as fehler:
        print(f"Fehler: {fehler}", file=sys.stderr)
        return 1
    print(f"Datenbank eingerichtet: {engine.url.render_as_string()}")
    return 0


def befehl_vorlage(args, einstellungen: Einstellungen) -> int:
    """Write the template of an import format (CSV or XLSX with one example row)."""
    from kennzahlen.importe import FORMATE, VORLAGEN, vorlage

    arten = VORLAGEN if args.art == "alle" else (args.art,)
    ziel = Path(args.ziel)
    if len(arten) > 1 or ziel.is_dir() or not ziel.suffix:
        ziel.mkdir(parents=True, exist_ok=True)
        ziele = [ziel / f"{FORMATE[a].dateiname}.{args.format}" for a in arten]
    else:
        ziel.parent.mkdir(parents=True, exist_ok=True)
        ziele = [ziel]
    for art, datei in zip(arten, ziele, strict=True):
        datei.write_bytes(vorlage(art, args.format))
        print(f"Vorlage „{FORMATE[art].titel}“: {datei}")
    return 0


def _kennwort_lesen(args) -> str | None:
    """The password from stdin (one line) or asked twice on the terminal; None when the two differ."""
    import getpass

    if args.kennwort_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    kennwort = getpass.getpass("Kennwort: ")
    if kennwort != getpass.getpass("Kennwort wiederholen: "):
        return None
    return kennwort


def befehl_benutzer(args, einstellungen: Einstellungen) -> int:
    """benutzer anlegen | kennwort | liste: accounts and roles, e.g. the first administrator."""
    import getpass

    from kennzahlen import verwaltung, zugang
    from kennzahlen.db import aktualisieren, revision_aktuell, revision_ziel, sessionfabrik, transaktion

    engine = _engine(einstellungen)
    if revision_aktuell(engine) != revision_ziel():
        if args.aktion != "anlegen":
            print("Fehler: Die Datenbank ist nicht eingerichtet; einrichten mit 'python -m kennzahlen db upgrade'.",
                  file=sys.stderr)
            return 1
        aktualisieren(engine)
        print(f"Datenbank eingerichtet ({revision_ziel()}): {engine.url.render_as_string()}")
    fabrik = sessionfabrik(engine)
    if args.aktion == "liste":
        df = verwaltung.benutzerliste(fabrik)
        for b in df.itertuples():
            print(f"{b.login:<24} {'aktiv' if b.aktiv else 'deaktiviert':<12} {b.name} · {b.rollen}")
        print(f"{len(df)} Benutzer.")
        return 0
    kennwort = _kennwort_lesen(args)
    if kennwort is None:
        print("Fehler: Die beiden Kennwörter stimmen nicht überein.", file=sys.stderr)
        return 1
    if grund := zugang.passwort_ausreichend(kennwort):
        print(f"Fehler: {grund}", file=sys.stderr)
        return 1
    try:
        wer = f"kommandozeile:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        wer = "kommandozeile"
    try:
        with transaktion(fabrik) as session:
            if args.aktion == "anlegen":
                rolle = verwaltung.rolle_aus_angaben(session, args.rolle, args.handlungsfeld, args.organisationseinheit)
                verwaltung.benutzer_erstellen(session, args.login, args.name, kennwort, [rolle], args.email)
                zugang.protokollieren(session, wer, "benutzer_angelegt", f"benutzer {args.login}",
                                      {"rolle": args.rolle, "handlungsfeld": args.handlungsfeld})
            else:
                verwaltung.kennwort_zuruecksetzen(session, args.login, kennwort)
                zugang.protokollieren(session, wer, "kennwort_zurueckgesetzt", f"benutzer {args.login}")
    except ValueError as fehler:
        print(f"Fehler: {fehler}", file=sys.stderr)
        return 1
    if args.aktion == "anlegen":
        print(f"Benutzer „{args.login}“ mit der Rolle {zugang.ROLLENNAMEN[args.rolle]} angelegt.")
    else:
        print(f"Kennwort von „{args.login}“ zurückgesetzt; offene Sitzungen sind beendet.")
    return 0


def backtest_text(auswertung, periodenart: str, kommune: str, jahre: list[int]) -> list[str]:
    """The lines the command prints: heading, the methods in one sentence each, the table, the best method."""
    from kennzahlen import formate as fmt
    from kennzahlen import prognose
    from kennzahlen.perioden import PERIODENNAMEN

    zeilen = [f"Prognosen: Rückrechnung (Backtest) der statistischen Methoden – {kommune}, je "
              f"{PERIODENNAMEN[periodenart]}",
              f"Vergangene Jahre mit Ergebnis und vollständigen unterjährigen Ist-Werten: "
              f"{min(jahre)}–{max(jahre)} ({len(jahre)})" if jahre else "Keine vergangenen Jahre.", "",
              "Methoden:"]
    zeilen += [f"- {prognose.METHODENNAMEN[m]}: {prognose.METHODEN[m]}" for m in prognose.STATISTISCHE_METHODEN]
    zeilen += ["", "Fehler: mittlere absolute Abweichung der hochgerechneten Summe aller Produkte vom Ergebnis.", ""]
    kopf = ("Methode", "Stichtag", "mittlerer Fehler in %", "Jahre")
    tabelle = [(prognose.METHODENNAMEN[z.methode], z.stichtag, fmt.zahl(z.mape * 100, 1), str(z.jahre))
               for z in auswertung.itertuples()]
    breiten = [max(len(k), *(len(t[i]) for t in tabelle)) for i, k in enumerate(kopf)]

    def zeile(werte) -> str:
        return "  ".join([werte[0].ljust(breiten[0]), werte[1].ljust(breiten[1]), werte[2].rjust(breiten[2]),
                          werte[3].rjust(breiten[3])]).rstrip()

    zeilen += [zeile(kopf), "  ".join("-" * b for b in breiten)]
    zeilen += [zeile(t) for t in tabelle]
    saisonal = auswertung[(auswertung["methode"] == "saisonal") & (auswertung["periode"] == 0)]
    if len(saisonal) and int(saisonal["ohne_profil"].iloc[0]):
        zeilen += ["", f"Hinweis: Die saisonale Hochrechnung hatte in {int(saisonal['ohne_profil'].iloc[0])} Jahr(en) "
                   "kein abgeschlossenes Vorjahr und rechnete dort statisch."]
    beste = prognose.beste_methode(auswertung)
    gesamt = auswertung[(auswertung["methode"] == beste) & (auswertung["periode"] == 0)]
    zeilen += ["", f"Beste Methode: {prognose.METHODENNAMEN[beste]} (mittlerer Fehler über alle Stichtage "
               f"{fmt.zahl(gesamt['mape'].iloc[0] * 100, 1)} %)."]
    return zeilen


def befehl_prognose_backtest(args, einstellungen: Einstellungen) -> int:
    """Print how well the static and the seasonal extrapolation forecast past years' Ergebnis (backtest)."""
    from kennzahlen import abfragen, prognose
    from kennzahlen.db import revision_aktuell, revision_ziel, sessionfabrik

    engine = _engine(einstellungen)
    try:
        if revision_aktuell(engine) != revision_ziel():
            print("Fehler: Die Datenbank ist nicht eingerichtet; einrichten mit 'python -m kennzahlen db upgrade'.",
                  file=sys.stderr)
            return 1
        fabrik = sessionfabrik(engine)
        periodenart = args.periodenart or einstellungen.berichtsperiode
        einzeln = prognose.backtest_einzeln(fabrik, periodenart)
        if einzeln.empty:
            print(f"Kein Backtest möglich: Es gibt kein abgeschlossenes Jahr mit Ergebnis und unterjährigen "
                  f"Ist-Werten je {periodenart.capitalize()}.", file=sys.stderr)
            return 1
        auswertung = prognose.backtest_auswerten(einzeln)
        jahre = sorted(int(j) for j in einzeln["jahr"].unique())
        print("\n".join(backtest_text(auswertung, periodenart, abfragen.kommunenname(fabrik), jahre)))
    finally:
        engine.dispose()
    return 0


def parser_erstellen() -> argparse.ArgumentParser:
    """The argument parser with all subcommands."""
    parser = argparse.ArgumentParser(
        prog="python -m kennzahlen",
        description="Wirkungscockpit auf der Kommandozeile: Datenbank einrichten, Demostadt laden, "
        "Dateien importieren und exportieren, Prognosemethoden prüfen. "
        "Die Datenbank wählt DATABASE_URL (Standard: SQLite-Datei in data/).",
    )
    parser.add_argument("-v", "--ausfuehrlich", action="store_true", help="mehr Protokollausgaben")
    unter = parser.add_subparsers(dest="befehl", required=True, metavar="BEFEHL")

    db = unter.add_parser("db", help="Datenbank anlegen oder aktualisieren (Migrationen), Stand anzeigen")
    db.add_argument("aktion", choices=["upgrade", "status"], help="upgrade: anlegen/aktualisieren; status: Stand")
    db.set_defaults(funktion=befehl_db)

    demo = unter.add_parser("demo", help="Demostadt Musterstadt erzeugen (ersetzt vorhandene Daten)")
    demo.add_argument("--seed", type=int, default=2026, help="Startwert des Zufallsgenerators (Standard: 2026)")
    demo.add_argument("--groesse", choices=["musterstadt", "grossstadt", "metropole"], default="musterstadt",
                      help="musterstadt (~300.000 EW), grossstadt (~1 Mio. EW, Millionen Zeilen) oder metropole "
                      "(~3,8 Mio. EW, ~30 Mio. Zeilen, nur PostgreSQL sinnvoll); Standard: musterstadt")
    demo.add_argument("--periodenart", choices=["quartal", "tertial", "monat"],
                      help="unterjährige Periode (Standard: WK_BERICHTSPERIODE)")
    demo.add_argument("--ohne-benutzer", action="store_true",
                      help="keine Demo-Konten anlegen (sonst: leitung, controlling, admin, jugendamt, sozialamt)")
    demo.set_defaults(funktion=befehl_demo)

    from kennzahlen.importe.formate import FORMATE, VORLAGEN
    from kennzahlen.importe.kontext import VORZEICHEN

    imp = unter.add_parser(
        "import", help="Dateien importieren (CSV, XLSX, GeoJSON, ZIP), einzeln oder als Paket (Ordner, ZIP, mehrere "
        "Dateien); richtet eine leere Datenbank ein",
        description="Importiert alle angegebenen Dateien (ein Ordner: seine CSV-, XLSX-, GeoJSON- und ZIP-Dateien) als "
        "EIN Paket in einer Transaktion: alles oder nichts, in der Reihenfolge Stammdaten, Sozialräume, Bevölkerung, "
        "Kennzahlwerte, Haushalt; jede Meldung nennt ihre Datei. Eine mehrblättrige XLSX und ein ZIP sind ebenfalls "
        "ein Paket. Die Importart wird an den Spalten erkannt (sonst --art oder Rückfrage). Legt der Import neue "
        "Stammdaten an (Ziele, Kennzahlen, Produkte …), bricht er ohne --neue-stammdaten-anlegen ab; die Vorschau "
        "(--vorschau) listet sie. Exit-Code 1 bei Fehlern.",
    )
    imp.add_argument("dateien", nargs="+", metavar="DATEI", help="Dateien oder Ordner (alle Dateien darin)")
    imp.add_argument("--art", choices=list(FORMATE), help="Importart, wenn sie nicht erkannt wird")
    imp.add_argument("--teur", action="store_true", help="Haushaltsbeträge sind in TEUR (× 1.000)")
    imp.add_argument("--vorzeichen", choices=VORZEICHEN, default="auto",
                     help="Vorzeichen der Haushaltsdatei: auto (erkennen), aufwand_negativ (wie gespeichert), "
                     "aufwand_positiv (gedruckte Pläne), ertrag_negativ (umgekehrt)")
    imp.add_argument("--plan-als", dest="plan_als", choices=["ansatz", "planung"], default="ansatz",
                     help="Betragsart der Spalten „Plan JJJJ“ (Standard: ansatz)")
    imp.add_argument("--version", choices=["anmeldung", "eckwert", "entwurf", "beschluss", "nachtrag"],
                     help="Version der Haushaltsbeträge ohne Spalte Version (Standard: beschluss)")
    imp.add_argument("--zeilenschema", help="Zeilenschema der Haushaltsdatei (Standard: abgeleitet oder nkf-nrw-2019)")
    imp.add_argument("--ebene", choices=["bezirk", "sozialraum"], help="GeoJSON: Ebene der Gebiete")
    imp.add_argument("--code-feld", dest="code_feld", help="GeoJSON: Eigenschaft mit dem Code")
    imp.add_argument("--name-feld", dest="name_feld", help="GeoJSON: Eigenschaft mit dem Namen")
    imp.add_argument("--statistik-tabelle", dest="statistik_tabelle",
                     help="Statistik-Langformat: tab_id der Altersbänder (Standard: erkannt, Köln 020)")
    imp.add_argument("--abgeschlossene-aendern", dest="abgeschlossene_aendern", action="store_true",
                     help="Änderungen in abgeschlossenen Perioden erlauben")
    imp.add_argument("--benutzer", help="Konto (mit Recht „importieren“), in dessen Namen importiert wird; "
                     "Standard: der Benutzer des Betriebssystems mit dem Zusatz „(Kommandozeile)“")
    imp.add_argument("--vorschau", action="store_true", help="nur zeigen, was sich ändern würde; nichts speichern")
    imp.add_argument("--neue-stammdaten-anlegen", dest="neue_stammdaten", action="store_true",
                     help="bestätigt, dass der Import fehlende Stammdaten (Organisationseinheiten, Handlungsfelder, "
                     "Ziele, Kennzahlen, Produkte, Sozialräume, Zeilenschemata) anlegt; ohne: Abbruch, nichts "
                     "gespeichert")
    imp.set_defaults(funktion=befehl_import)

    auftrag = unter.add_parser("auftrag", help="einen Importauftrag der Upload-Seite ausführen "
                               "(startet die App selbst)")
    auftrag.add_argument("id", type=int, help="Nummer des Importauftrags")
    auftrag.set_defaults(funktion=befehl_auftrag)

    exp = unter.add_parser("export", help="gesamten Inhalt in den Importformaten exportieren (Ordner, .zip, .xlsx)")
    exp.add_argument("ziel", metavar="ZIEL", help="Ordner (CSV-Dateien), Datei .zip (CSV) oder .xlsx")
    exp.add_argument("--format", choices=["csv", "xlsx"], default="csv", help="für einen Ordner: csv oder xlsx")
    exp.set_defaults(funktion=befehl_export)

    ein = unter.add_parser("einrichten", help="Datenbank einrichten: Kommune setzen, mit den KGSt-Vorgaben starten",
                           description="Legt die Datenbank an (oder aktualisiert sie), setzt die Kommune und übernimmt "
                           "mit --kgst die Handlungsfelder der KGSt – nur in eine Datenbank ohne Handlungsfelder, "
                           "nichts wird überschrieben.")
    ein.add_argument("--kgst", action="store_true", help="Handlungsfelder der KGSt anlegen (nur ohne vorhandene)")
    ein.add_argument("--kommune", help="Name der Kommune (steht im Kopf jeder Seite), z. B. „Stadt Köln“")
    ein.add_argument("--gemeindeschluessel", help="amtlicher Gemeindeschlüssel (8 Ziffern), z. B. 05315000")
    ein.add_argument("--einwohner", help="Einwohnerzahl, z. B. 1084831")
    ein.set_defaults(funktion=befehl_einrichten)

    vor = unter.add_parser("vorlage", help="Vorlage eines Importformats schreiben (Kopfzeile und eine Beispielzeile)")
    vor.add_argument("art", metavar="ART", choices=[*VORLAGEN, "alle"], help="Importformat: " + ", ".join(VORLAGEN)
                     + " oder alle")
    vor.add_argument("--format", choices=["csv", "xlsx"], default="csv", help="csv oder xlsx")
    vor.add_argument("ziel", metavar="ZIEL", help="Zieldatei oder -ordner")
    vor.set_defaults(funktion=befehl_vorlage)

    from kennzahlen.models import ROLLEN

    nutzer = unter.add_parser("benutzer", help="Benutzer anlegen (z. B. den ersten Administrator), Kennwort "
                              "zurücksetzen, Benutzer auflisten")
    nutzer_aktion = nutzer.add_subparsers(dest="aktion", required=True, metavar="AKTION")
    anlegen = nutzer_aktion.add_parser("anlegen", help="Benutzer mit einer Rolle anlegen (fragt das Kennwort zweimal)")
    anlegen.add_argument("login", metavar="LOGIN", help="Benutzername für die Anmeldung")
    anlegen.add_argument("--name", required=True, help="angezeigter Name, z. B. „Ada Admin (IT)“")
    anlegen.add_argument("--rolle", choices=ROLLEN, default="administration", help="Rolle (Standard: administration)")
    anlegen.add_argument("--handlungsfeld", metavar="CODE", help="Bereich: nur dieses Handlungsfeld (Fachbereich)")
    anlegen.add_argument("--organisationseinheit", metavar="CODE", help="Bereich: nur diese Organisationseinheit")
    anlegen.add_argument("--email", help="E-Mail-Adresse")
    anlegen.add_argument("--kennwort-stdin", dest="kennwort_stdin", action="store_true",
                         help="Kennwort als eine Zeile von der Standardeingabe lesen statt nachzufragen")
    kennwort = nutzer_aktion.add_parser("kennwort", help="Kennwort eines Benutzers zurücksetzen")
    kennwort.add_argument("login", metavar="LOGIN", help="Benutzername")
    kennwort.add_argument("--kennwort-stdin", dest="kennwort_stdin", action="store_true",
                          help="Kennwort als eine Zeile von der Standardeingabe lesen statt nachzufragen")
    nutzer_aktion.add_parser("liste", help="alle Benutzer mit Rollen und Bereich")
    nutzer.set_defaults(funktion=befehl_benutzer)

    rueck = unter.add_parser("prognose-backtest", help="Prognosemethoden an vergangenen Jahren prüfen: mittlerer "
                             "Fehler der statischen und der saisonalen Hochrechnung je Stichtag")
    rueck.add_argument("--periodenart", choices=["quartal", "tertial", "monat"],
                       help="unterjährige Periode der Ist-Werte (Standard: WK_BERICHTSPERIODE)")
    rueck.set_defaults(funktion=befehl_prognose_backtest)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = parser_erstellen().parse_args(argv)
    stufe = logging.INFO if args.ausfuehrlich else logging.WARNING
    logging.basicConfig(level=stufe, format="%(levelname)s %(message)s")
    try:
        einstellungen = Einstellungen.aus_umgebung()
        return args.funktion(args, einstellungen)
    except EinstellungsFehler as fehler:
        print(f"Fehler: {fehler}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
