"""Money per district: budget amounts per Stadtbezirk or Sozialraum and Produktgruppe in the wide form of
printed plans (Köln's ``bezirke_produktgruppen``: Bezirk, Bezeichnung, Teilplan, PG_BEZ, Teilplanzeile,
Ergebnis 2010, Plan 2011 …).

The product budget (``Haushaltsbetrag``) has no district, so these amounts go to their own table
(``Sozialraumgeld``). Like the budget import: sum lines („17 = …“) are checked against the detail lines
and never stored; the sign convention is detected (Köln's district file is inverted: Erträge negative,
Aufwendungen positive, results = Zuschussbedarf positive) and the amounts are stored as in the Ergebnisplan
(Erträge +, Aufwendungen −). Whether a line is Ertrag or Aufwand comes from its label (``schema_ableiten``).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from kennzahlen.importe import werte as w
from kennzahlen.importe.formate import FORMATE, jahresspalte_lesen
from kennzahlen.importe.haushalt import BETRAG_GRENZE, _faktor, schema_ableiten, zeile_lesen
from kennzahlen.importe.kontext import VORZEICHEN_TEXT, Kontext, Zeilenleser, abgleichen
from kennzahlen.importe.lesen import Tabelle
from kennzahlen.importe.raeume import Raumfinder
from kennzahlen.models import RAUMGELDARTEN, Sozialraumgeld
from kennzahlen.zeilenschema import NKF_NRW_2019, NKF_NRW_2019_CODE

KONVENTIONEN = ("aufwand_negativ", "aufwand_positiv", "ertrag_negativ")


def ergebnis_der_datei(details: dict[str, Decimal], klassen: dict[str, str], konvention: str) -> Decimal:
    """The result line (Ertrag − Aufwand, or Aufwand − Ertrag for ``ertrag_negativ``) as the file would print it."""
    gespeichert = sum((b * _faktor(konvention, klassen[z]) for z, b in details.items()), Decimal(0))
    return -gespeichert if konvention == "ertrag_negativ" else gespeichert


def konvention_erkennen(gruppen: dict[tuple, tuple[dict, Decimal | None]], klassen: dict[str, str]
                        ) -> tuple[str, int, int]:
    """The sign convention under which most result lines equal their detail lines (whole-euro rounding
    tolerated); ties go by the sign of the expense lines. Returns (convention, matches, result lines)."""
    treffer = dict.fromkeys(KONVENTIONEN, 0)
    geprueft = 0
    for details, ergebnis in gruppen.values():
        if ergebnis is None:
            continue
        geprueft += 1
        toleranz = Decimal(len(details) + 1) / 2
        for k in KONVENTIONEN:
            treffer[k] += abs(ergebnis_der_datei(details, klassen, k) - ergebnis) <= toleranz
    aufwand = [b for details, _e in gruppen.values() for z, b in details.items() if klassen[z] == "aufwand" and b]
    positiv = sum(b > 0 for b in aufwand) > len(aufwand) / 2
    beste = max(treffer.values())
    kandidaten = [k for k in KONVENTIONEN if treffer[k] == beste]
    if len(kandidaten) > 1:
        kandidaten = [k for k in kandidaten if (k != "aufwand_negativ") == positiv] or kandidaten
    return kandidaten[0], treffer[kandidaten[0]], geprueft


def raumgeld(tabelle: Tabelle, kontext: Kontext) -> None:
    """Money per district (see ``FORMATE["raumgeld"]``): detail lines stored per district, sums checked."""
    leser = Zeilenleser(tabelle, FORMATE["raumgeld"], kontext)
    if not leser.vollstaendig:
        return
    spalten = []
    for i, kopf in enumerate(tabelle.spalten):
        js = jahresspalte_lesen(kopf)
        if js is None:
            continue
        art = kontext.optionen.plan_als if js.betragsart == "plan" else js.betragsart
        if art not in RAUMGELDARTEN:
            kontext.fehler_melden(tabelle.kopfzeile, kopf, None, "eine Spalte „Ergebnis JJJJ“, „Ansatz JJJJ“, "
                                  "„Plan JJJJ“, „Fortgeschriebener Ansatz JJJJ“ oder „Planung JJJJ“",
                                  "Betragsart ist für Geld je Bezirk nicht vorgesehen")
            continue
        spalten.append((i, kopf, art, js.jahr, 1000 if (kontext.optionen.teur or js.teur) else 1))
    if not spalten and not kontext.fehler:
        kontext.fehler_melden(tabelle.kopfzeile, None, None, "mindestens eine Spalte wie „Ergebnis 2024“",
                              "Keine Jahresspalte gefunden")
    if kontext.fehler:
        return
    stile = {i: w.zahlenstil_erkennen(z[i] for _, z in tabelle.zeilen) for i, *_ in spalten}
    raeume = Raumfinder(kontext)
    angaben: dict[str, tuple[str, bool]] = {}
    namen: dict[str, str] = {}
    # (raum, produktgruppe, jahr, art) → ({detail line: amount}, result amount, first row); result = last sum line
    posten: dict[tuple, list] = {}
    ergebnisse: dict[tuple, tuple[str, Decimal]] = {}
    for z in leser:
        sid = raeume.lesen(z, "Sozialraum")
        pg = z.code("Produktgruppe")
        pg_name = z.text("Produktgruppenbezeichnung")
        roh = z.roh("Zeile")
        try:
            nummer, zeichen, rest = zeile_lesen(w.text_lesen(roh) or "")
        except w.WertFehler as f:
            z.fehler("Zeile", roh, f.problem, f.erwartet)
            continue
        if not z.ok or sid is None or pg is None:
            continue
        summe = zeichen == "="
        if nummer not in angaben or (not angaben[nummer][0] and rest):
            angaben[nummer] = (rest or nummer, summe)
        namen.setdefault(pg, pg_name or pg)
        for i, kopf, art, jahr, faktor in spalten:
            zelle = z.werte[i]
            if w.ist_leer(zelle):
                continue
            try:
                betrag = w.zahl_lesen(zelle, stile[i]) * faktor
            except w.WertFehler as f:
                kontext.fehler_melden(z.nummer, kopf, zelle, f.erwartet, f.problem)
                continue
            if abs(betrag) >= BETRAG_GRENZE or betrag != betrag.quantize(Decimal("0.01")):
                kontext.fehler_melden(z.nummer, kopf, zelle, "Betrag in Euro mit höchstens 2 Nachkommastellen",
                                      "ist zu groß oder hat zu viele Nachkommastellen")
                continue
            gruppe = (sid, pg, jahr, art)
            if summe:
                if gruppe not in ergebnisse or int(nummer) > int(ergebnisse[gruppe][0]):
                    ergebnisse[gruppe] = (nummer, betrag)
                continue
            details = posten.setdefault(gruppe, [{}, z.nummer])[0]
            if nummer in details:
                kontext.sammelfehler(z.nummer, kopf, f"{pg} / Zeile {nummer}", "jeden Betrag (Bezirk, Produktgruppe, "
                                     "Zeile, Jahr, Betragsart) nur einmal", "kommt doppelt vor")
                continue
            details[nummer] = betrag
    if not posten and not kontext.fehler:
        kontext.fehler_melden(None, None, None, "mindestens einen Betrag einer Einzelzeile",
                              "Die Datei enthält keine Beträge")
    if kontext.fehler:
        return
    schema = schema_ableiten(angaben)
    klassen = {n: a for n, _b, a, _s in schema}
    nkf = {n: a for n, _b, a, _s in NKF_NRW_2019}
    ohne_text = sorted(n for n, a in klassen.items() if a == "unbekannt" and nkf.get(n) in ("ertrag", "aufwand"))
    if ohne_text:
        klassen.update({n: nkf[n] for n in ohne_text})
        kontext.hinweis(f"Zeilen ohne erkennbare Bezeichnung ({', '.join(ohne_text)}) nach dem Zeilenschema "
                        f"„{NKF_NRW_2019_CODE}“ als Ertrag oder Aufwand gelesen.")
    unklar = sorted({n for d, _z in posten.values() for n in d if klassen.get(n) not in ("ertrag", "aufwand")})
    for n in unklar:
        kontext.fehler_melden(None, "Zeile", f"{n} {angaben[n][0]}", "eine Bezeichnung mit „Ertrag“ oder „Aufwand“",
                              "Ertrag oder Aufwand ist nicht erkennbar")
    if kontext.fehler:
        return
    gruppen = {g: (d, ergebnisse.get(g, (None, None))[1]) for g, (d, _z) in posten.items()}
    konvention, passend, geprueft = konvention_erkennen(gruppen, klassen)
    kontext.hinweis(f"Vorzeichen der Datei erkannt: {VORZEICHEN_TEXT[konvention]}; gespeichert mit Erträgen positiv, "
                    "Aufwendungen negativ.")
    if geprueft:
        kontext.hinweis(f"Ergebniszeilen: {passend} von {geprueft} stimmen (auf ganze Euro gerundet) mit der Summe "
                        "ihrer Einzelzeilen überein; Summenzeilen werden nicht gespeichert.")
    zeilen = {}
    for (sid, pg, jahr, art), (details, _z) in posten.items():
        for nummer, betrag in details.items():
            zeilen[(sid, jahr, art, pg, nummer)] = {
                "sozialraum_id": sid, "jahr": jahr, "betragsart": art, "produkt_code": pg,
                "produkt_name": namen[pg][:300], "zeile": nummer, "zeile_name": angaben[nummer][0][:200],
                "betrag": betrag * _faktor(konvention, klassen[nummer])}
    sids = sorted({k[0] for k in zeilen})
    bestehend = {}
    sg = Sozialraumgeld
    for r in kontext.session.execute(select(sg.id, sg.sozialraum_id, sg.jahr, sg.betragsart, sg.produkt_code, sg.zeile,
                                            sg.betrag, sg.produkt_name, sg.zeile_name)
                                     .where(sg.sozialraum_id.in_(sids))):
        bestehend[(r.sozialraum_id, r.jahr, r.betragsart, r.produkt_code, r.zeile)] = {
            "id": r.id, "betrag": r.betrag, "produkt_name": r.produkt_name, "zeile_name": r.zeile_name}
    abgleichen(kontext, Sozialraumgeld,
               {k: (d if k not in bestehend else {f: d[f] for f in ("betrag", "produkt_name", "zeile_name")})
                for k, d in zeilen.items()},
               bestehend, wertfeld="betrag", import_felder=True,
               beschreiben=lambda k: f"Geld {raeume.codes.get(k[0])} {k[3]} {k[1]} {k[2]} Zeile {k[4]}")
    kontext.hinweis(f"Geld je Bezirk: {len(zeilen):,} Beträge".replace(",", ".") + f" für {len(sids)} Gebiete und "
                    f"{len({k[3] for k in zeilen})} Produktgruppen.")
