"""The printed German table and the target check, from the result dict that is also written as JSON."""

from __future__ import annotations

ZIEL_CALLBACK_MS = 100
ZIEL_FAKTOR_BODEN = 3
ZIEL_FAKTOR_BROWSER = 2
ZIEL_WORKER_MB = 400
ZIEL_IMPORT_ZEILEN_S = 50_000


def _z(wert, stellen: int = 0, einheit: str = "") -> str:
    """A number in German notation ('–' for none)."""
    if wert is None:
        return "–"
    text = f"{wert:,.{stellen}f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text + einheit


def _tabelle(kopf: list[str], zeilen: list[list[str]]) -> str:
    breiten = [max(len(str(z[i])) for z in [kopf, *zeilen]) for i in range(len(kopf))]

    def zeile(werte):
        return "  ".join(str(w).ljust(b) if i == 0 else str(w).rjust(b)
                         for i, (w, b) in enumerate(zip(werte, breiten, strict=True)))

    return "\n".join([zeile(kopf), "  ".join("-" * b for b in breiten), *(zeile(z) for z in zeilen)])


def faktoren(db: dict) -> dict[str, dict]:
    """Per page: our uncached p95 ÷ the floor's p95 (the same work: the floor replays exactly the uncached
    call's SQL and figures), warm p95 ÷ floor p95, and the browser median ÷ the bare one-graph page's."""
    ergebnis = {}
    eingraph = (db.get("browser") or {}).get("eingraph", {}).get("median_ms")
    for seite, cb in db.get("callbacks", {}).items():
        boden = db.get("boden", {}).get(seite, {}).get("summe", {}).get("p95_ms")
        ohne, warm = cb["ohne_cache"]["p95_ms"], cb["warm"]["p95_ms"]
        seitenwerte = (db.get("browser") or {}).get("seiten", {}).get(seite, {})
        browser = seitenwerte.get("median_ms")
        nackt = ((db.get("browser") or {}).get("nackt_mit_n_graphen_ms") or {})
        gleich = eingraph if seitenwerte.get("graphen", 0) <= 1 else (
            nackt.get(seitenwerte["graphen"]) or nackt.get(str(seitenwerte["graphen"])))
        ergebnis[seite] = {
            "boden": round(ohne / boden, 1) if ohne and boden else None,
            "boden_warm": round(warm / boden, 1) if warm and boden else None,
            "browser": round(browser / eingraph, 2) if browser and eingraph else None,
            "browser_gleich": round(browser / gleich, 2) if browser and gleich else None,
        }
    return ergebnis


def ziele(db: dict) -> list[dict]:
    """The issue's targets for one database: what was reached and whether it is met."""
    cb = db.get("callbacks", {})
    f = faktoren(db)
    liste = []

    def ziel(name: str, wert, erfuellt, detail: str = ""):
        liste.append({"ziel": name, "wert": wert, "erfuellt": erfuellt, "detail": detail})

    for art, text in (("warm", "warm, Cache-Treffer"), ("kalt", "kalt, erster Aufruf nach Import")):
        werte = {s: c[art]["p95_ms"] for s, c in cb.items() if c[art]["p95_ms"] is not None}
        if werte:
            schlimmste = max(werte, key=werte.get)
            ziel(f"Callback p95 < {ZIEL_CALLBACK_MS} ms ({text})", f"{_z(werte[schlimmste], 0)} ms ({schlimmste})",
                 all(v < ZIEL_CALLBACK_MS for v in werte.values()),
                 ", ".join(f"{s} {_z(v, 0)}" for s, v in werte.items()))
    fb = {s: v["boden"] for s, v in f.items() if v["boden"] is not None}
    if fb:
        schlimmste = max(fb, key=fb.get)
        ziel(f"Callback ≤ {ZIEL_FAKTOR_BODEN}× Boden (ohne Cache p95 ÷ Boden p95)",
             f"{_z(fb[schlimmste], 1)}× ({schlimmste})",
             all(v <= ZIEL_FAKTOR_BODEN for v in fb.values()), ", ".join(f"{s} {_z(v, 1)}×" for s, v in fb.items()))
    fr = {s: v["browser"] for s, v in f.items() if v["browser"] is not None}
    if fr:
        schlimmste = max(fr, key=fr.get)
        ziel(f"Seite gezeichnet ≤ {ZIEL_FAKTOR_BROWSER}× Ein-Graph-Seite", f"{_z(fr[schlimmste], 1)}× ({schlimmste})",
             all(v <= ZIEL_FAKTOR_BROWSER for v in fr.values()), ", ".join(f"{s} {_z(v, 1)}×" for s, v in fr.items()))
    speicher = [w["spitze_mb"] for w in (db.get("speicher") or {}).get("app_worker", []) if w.get("spitze_mb")]
    if speicher:
        ziel(f"Worker < {ZIEL_WORKER_MB} MB (VmHWM)", f"{_z(max(speicher), 0)} MB", max(speicher) < ZIEL_WORKER_MB)
    for schluessel, was in (("import", "Kennzahlwerte"), ("import_haushalt", "Haushaltsbeträge")):
        imp = db.get(schluessel) or {}
        if imp.get("zeilen_je_s"):
            ziel(f"Import {was} ≥ {_z(ZIEL_IMPORT_ZEILEN_S)} Zeilen/s", f"{_z(imp['zeilen_je_s'])} Zeilen/s",
                 imp["zeilen_je_s"] >= ZIEL_IMPORT_ZEILEN_S, f"{_z(imp.get('zeilen'))} Zeilen")
        elif imp:
            ziel(f"Import {was} ≥ {_z(ZIEL_IMPORT_ZEILEN_S)} Zeilen/s", imp.get("status"), None, imp.get("grund", ""))
    fehlerseiten = [s for s, b in ((db.get("browser") or {}).get("seiten") or {}).items() if b.get("callback_fehler")]
    if fehlerseiten:
        ziel("Browser: keine Callback-Fehler", ", ".join(fehlerseiten), False)
    last = db.get("last") or {}
    if last.get("app"):
        ziel("Last: 0 Fehler", f"{last['app']['fehler']} Fehler", last["app"]["fehler"] == 0,
             f"{last['app']['anfragen']} Anfragen")
    return liste


def drucken(ergebnis: dict) -> str:
    """The whole report as text."""
    m = ergebnis["maschine"]
    teile = [
        f"Wirkungscockpit – Benchmark {ergebnis['zeitpunkt']} ({'schnell' if ergebnis['schnell'] else 'voll'}, "
        f"Dauer {_z(ergebnis.get('dauer_s'), 0)} s)",
        f"Maschine: {m['cpu']}, {m['kerne']} Kerne, {_z(m['speicher_gb'], 1)} GB, {m['system']}, Python {m['python']}, "
        f"Last beim Start {', '.join(_z(x, 1) for x in m['last_beim_start'])}",
        f"Trivialer Dash-Callback (Testclient): Median {_z(ergebnis['trivial']['median_ms'], 2)} ms, "
        f"p95 {_z(ergebnis['trivial']['p95_ms'], 2)} ms",
    ]
    for art, db in ergebnis["datenbanken"].items():
        b = db["datenbasis"]
        teile.append("")
        teile.append(f"=== {art}: {b['kommune']} ({b['groesse']}), "
                     f"{_z(b['zeilen'].get('kennzahlwert'))} Kennzahlwerte, "
                     f"{_z(b['zeilen'].get('haushaltsbetrag'))} Haushaltsbeträge; Cache: {db['cache']}; {b['quelle']}")
        if "fehler" in db:
            teile.append(f"FEHLER: {db['fehler']}")
        f = faktoren(db)
        zeilen = []
        for seite, cb in db.get("callbacks", {}).items():
            bo = db.get("boden", {}).get(seite, {})
            br = (db.get("browser") or {}).get("seiten", {}).get(seite, {})
            zeilen.append([
                seite, _z(cb["kalt"]["median_ms"]), _z(cb["kalt"]["p95_ms"]), _z(cb["warm"]["median_ms"]),
                _z(cb["warm"]["p95_ms"]), _z(cb["ohne_cache"]["p95_ms"]), _z(cb["erster_aufruf"]["median_ms"]),
                _z(bo.get("sql", {}).get("p95_ms")), _z(bo.get("figur", {}).get("p95_ms")),
                _z(bo.get("summe", {}).get("p95_ms")), _z(f[seite]["boden"], 1, "×"),
                "Fehler!" if br.get("callback_fehler") else _z(br.get("median_ms")), _z(br.get("router_antwort_ms")),
                _z(f[seite]["browser"], 1, "×"), _z(br.get("graphen")), _z(f[seite]["browser_gleich"], 1, "×"),
                _z(br.get("wechsel_ms")),
            ])
        if zeilen:
            teile.append(_tabelle(
                ["Seite", "kalt Median ms", "kalt p95", "warm Median", "warm p95", "ohne Cache p95", "1. Aufruf",
                 "Boden SQL", "Boden Figur", "Boden p95", "Faktor zum Boden", "Browser ms", "davon bis Antwort",
                 "× Ein-Graph", "Graphen", "× nackt gleich viele Graphen", "Wechsel in der App ms"], zeilen))
        br = db.get("browser") or {}
        if br.get("eingraph"):
            teile.append(f"Ein-Graph-Seite (gleicher Server-Typ): Median {_z(br['eingraph']['median_ms'])} ms, "
                         f"Wechsel in der App {_z(br['eingraph'].get('wechsel_ms'))} ms; "
                         "Dash-Renderer mit nur html.Div: " + ", ".join(
                             f"{n} Komponenten {_z(ms)} ms" for n, ms in br.get("renderer_html_div_ms", {}).items())
                         + "; nackte Seiten mit mehreren Graphen: " + ", ".join(
                             f"{n} Graphen {_z(ms)} ms" for n, ms in (br.get("nackt_mit_n_graphen_ms") or {}).items())
                         + "; Komponenten je Seite: " + ", ".join(
                             f"{s} {c.get('komponenten_median')}" for s, c in db.get("callbacks", {}).items()))
        elif br.get("status"):
            teile.append(f"Browser: {br['status']}")
        k = db.get("kaltstart") or {}
        teile.append(f"Kaltstart: Import der App {_z(k.get('import_ms'))} ms, "
                     f"create_app {_z(k.get('create_app_ms'))} ms, "
                     f"gunicorn bis erstes /health 200: {_z(k.get('gunicorn_health_ms'))} ms "
                     f"(trivialer Dash: {_z(k.get('gunicorn_trivial_ms'))} ms)")
        for schluessel, was in (("import", "Kennzahlwerte"), ("import_haushalt", "Haushaltsbeträge")):
            imp = db.get(schluessel) or {}
            teile.append(f"Import {was}: {imp.get('status')}" + (
                f", {_z(imp['zeilen'])} Zeilen ({_z(imp.get('neu'))} neu, {_z(imp.get('geaendert'))} geändert) in "
                f"{_z(imp['sekunden'], 1)} s = {_z(imp['zeilen_je_s'])} Zeilen/s" if imp.get("zeilen_je_s") else
                f" ({imp.get('grund', '')})"))
        teile.append(f"Berichte: {ergebnis['bericht']['status']} – {ergebnis['bericht']['grund']}")
        sp = db.get("speicher") or {}
        if sp.get("app_worker"):
            teile.append("Spitzenspeicher je Worker (VmHWM): " + ", ".join(
                f"{_z(w['spitze_mb'])} MB" for w in sp["app_worker"]) + "; trivialer Dash-Worker: " + ", ".join(
                f"{_z(w['spitze_mb'])} MB" for w in sp.get("trivial_worker", [])))
        last = db.get("last") or {}
        if last.get("app"):
            a, t = last["app"], last["trivial"]
            teile.append(
                f"Last ({a['werkzeug']}, {a['nutzer']} Nutzer × {_z(a['sekunden'], 0)} s, "
                f"{a['instanzen']} Instanz(en) × {a['worker'] // a['instanzen']} Worker): "
                f"Router-Callback {_z(a['anfragen_je_s'], 1)} Anfragen/s ({_z(a['anfragen_je_s_je_worker'], 1)} je "
                f"Worker), p50 {_z(a['p50_ms'])} ms, p95 {_z(a['p95_ms'])} ms, "
                f"{a['fehler']} Fehler | trivialer Callback {_z(t['anfragen_je_s'], 0)}/s "
                f"({_z(t['anfragen_je_s_je_worker'], 0)} je Worker), {t['fehler']} Fehler | Verhältnis je Worker "
                f"{_z(last.get('verhaeltnis_je_worker'), 3)}")
        for p in (db.get("profil"), db.get("profil_warm")):
            if not p:
                continue
            art = "mit warmem Cache" if p.get("cache") == "warm" else "ohne Cache"
            teile.append(f"Profil des langsamsten Callbacks {art}: {p['adresse']} ({_z(p['dauer_ms'])} ms)")
            teile.append("  Eigenzeit nach Bereich: " + ", ".join(
                f"{k} {_z(v)} ms" for k, v in list(p["eigenzeit_nach_bereich_ms"].items())[:6]))
            teile.append("  Größte Eigenzeit: " + "; ".join(f"{e['ort']} {_z(e['ms'])} ms" for e in p["eigenzeit"][:3]))
            teile.append("  Eigener Code (Gesamtzeit): " + "; ".join(
                f"{e['ort']} {_z(e['ms'])} ms" for e in p["eigener_code_gesamtzeit"][:4]))
        if db.get("phasen_s"):
            teile.append("Phasen (s): " + ", ".join(f"{k} {_z(v, 0)}" for k, v in db["phasen_s"].items()))
        teile.append("Ziele:")
        for z in ziele(db):
            zeichen = {True: "erfüllt", False: "NICHT erfüllt", None: "nicht messbar"}[z["erfuellt"]]
            teile.append(f"  [{zeichen}] {z['ziel']}: {z['wert']}")
    koeln = ergebnis.get("koeln")
    if koeln:
        teile.append("")
        if koeln.get("status"):
            teile.append(f"=== Köln (echter Haushalt): {koeln['status']}")
        else:
            teile.append(f"=== Köln (echter Haushalt, SQLite, gunicorn 2 Worker): Import der vier Dateien "
                         f"{_z(koeln['import_s'], 1)} s ({_z(koeln['betraege_neu'])} Datensätze neu); "
                         f"Ziel: fertig gezeichnet unter {_z(koeln['ziel_ms'])} ms")
            for seite, w in koeln["seiten"].items():
                zeichen = "erfüllt" if w.get("ziel_erfuellt") else "NICHT erfüllt"
                teile.append(f"  [{zeichen}] {seite} ({w['adresse']}): Median {_z(w['median_ms'])} ms, "
                             f"davon bis Antwort {_z(w['router_antwort_ms'])} ms, {w['graphen']} Graphen, "
                             f"{_z(w['dom_elemente'])} DOM-Elemente")
    return "\n".join(teile)
