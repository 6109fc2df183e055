"""Master data: Organisationseinheiten, Handlungsfelder, Ziele, Kennzahlen (Steckbrief), Produkte,
Zeilenschemata and the links Ziel–Produkt (share), Ziel–Kennzahl (weight), Produkt–Kennzahl (role).

Rows are matched by code; a column the file does not have leaves the stored value alone, an empty
cell in a column it has clears an optional value. Nothing is ever deleted by an import.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import func, select, update

from kennzahlen import einrichtung
from kennzahlen.importe import werte as w
from kennzahlen.importe.formate import FORMATE
from kennzahlen.importe.kontext import Kontext, Zeile, Zeilenleser, abgleichen
from kennzahlen.importe.lesen import Tabelle
from kennzahlen.kleine_zahlen import ist_fallzahl
from kennzahlen.models import (
    Handlungsfeld,
    Kennzahl,
    Organisationseinheit,
    Planzeile,
    Produkt,
    ProduktKennzahl,
    Zeilenschema,
    Ziel,
    ZielKennzahl,
    ZielProdukt,
)
from kennzahlen.zeilenschema import SCHEMATA, summen_ableiten

RICHTUNG_ALIASE = {
    "hoeher_ist_besser": "hoeher_besser", "steigend": "hoeher_besser", "niedriger_ist_besser": "niedriger_besser",
    "fallend": "niedriger_besser", "korridor": "zielkorridor",
}


def codes(kontext: Kontext, modell: type) -> dict[str, int]:
    """code → id of all rows of ``modell``."""
    return dict(kontext.session.execute(select(modell.code, modell.id)).all())


def referenz(z: Zeile, spalte: str, werte: dict[str, int], was: str, pflicht: bool | None = None) -> int | None:
    """The id of the code in ``spalte``; an unknown code is reported once per value."""
    code = z.code(spalte, pflicht)
    if code is None:
        return None
    if code not in werte and code.isdigit():
        treffer = [c for c in werte if c.isdigit() and len(c) > len(code) and int(c) == int(code)]
        if len(treffer) == 1:  # Excel dropped the leading zeros (0501 → 501): the one stored code it can be
            z.leser.kontext.warnung(f"{was}-Code „{code}“ ohne führende Null als „{treffer[0]}“ gelesen (Excel?); "
                                    "bitte prüfen und die Spalte als Text formatieren.")
            return werte[treffer[0]]
    if code not in werte:
        z.ok = False
        z.leser.kontext.sammelfehler(z.nummer, z.leser.kopf(spalte), code, f"ein Code, der als {was} gespeichert ist",
                                     f"ist als {was} unbekannt")
        return None
    return werte[code]


def _bestehend(kontext: Kontext, modell: type, spalten: list[str]) -> dict[str, dict]:
    felder = [getattr(modell, s) for s in ["id", "code", *spalten]]
    return {r["code"]: dict(r) for r in kontext.session.execute(select(*felder)).mappings()}


def _doppelt(z: Zeile, spalte: str, schluessel: object, daten: object = None, beschreibung: str = "",
             art: str | None = None) -> bool:
    """True (and an error in the row) when the key came before: in this table, or with other values
    in another table of the same import (ZIP members, XLSX sheets); ``daten`` are the row's values."""
    tabelle = z.leser.tabelle.name
    erste = z.leser.kontext.schluessel_melden(art or z.leser.format.art, schluessel, tabelle, z.nummer, daten)
    if erste is None:
        return False
    erste_tabelle, erste_zeile, gleich = erste
    if gleich:
        return False
    if erste_tabelle == tabelle:
        z.fehler(spalte, z.roh(spalte), f"kommt doppelt vor{beschreibung} (schon in Zeile {erste_zeile})",
                 "jeden Schlüssel nur einmal je Datei")
    else:
        z.fehler(spalte, z.roh(spalte), f"kommt doppelt vor{beschreibung}: schon in Tabelle „{erste_tabelle}“, "
                 f"Zeile {erste_zeile}, dort mit anderen Werten",
                 "jeden Schlüssel nur einmal je Import (gleiche Zeilen in mehreren Tabellen sind erlaubt)")
    return True


def _hierarchie(
    kontext: Kontext,
    modell: type,
    zeilen: dict[str, dict],
    eltern: dict[str, tuple[str | None, int]] | None,
    spalte_eltern: str,
    beschreiben: Callable[[object], str],
) -> None:
    """Upsert rows with a self reference (parent by code): check parents and cycles, insert new rows,
    then set parents; a changed parent counts the row as changed."""
    felder = sorted({k for d in zeilen.values() for k in d} - {"code"})
    bestehend = _bestehend(kontext, modell, [*felder, "parent_id"] if eltern is not None else felder)
    alle = {**{c: None for c in bestehend}, **{c: None for c in zeilen}}
    if eltern:
        id_zu_code = {d["id"]: c for c, d in bestehend.items()}
        vater = {c: id_zu_code.get(d["parent_id"]) for c, d in bestehend.items()}
        for code, (eltern_code, nummer) in eltern.items():
            if eltern_code is not None and eltern_code not in alle:
                kontext.sammelfehler(nummer, spalte_eltern, eltern_code, "ein Code aus dieser Datei oder der Datenbank",
                                     "ist unbekannt")
            elif eltern_code == code:
                kontext.fehler_melden(nummer, spalte_eltern, eltern_code, "ein anderer Code",
                                      "verweist auf sich selbst")
            vater[code] = eltern_code
        for code, (_e, nummer) in eltern.items():
            gesehen, c = set(), code
            while c is not None and c not in gesehen:
                gesehen.add(c)
                c = vater.get(c)
            if c == code:
                kontext.fehler_melden(nummer, spalte_eltern, eltern[code][0], "eine Hierarchie ohne Kreis",
                                      "bildet einen Kreis")
    if kontext.fehler:
        return
    neue = {c: d for c, d in zeilen.items() if c not in bestehend}
    abgleichen(kontext, modell, neue, {}, beschreiben=beschreiben)
    ids = codes(kontext, modell)
    vorhandene = {}
    for code, daten in zeilen.items():
        if code in bestehend:
            d = dict(daten)
            if eltern is not None and code in eltern:
                d["parent_id"] = ids.get(eltern[code][0]) if eltern[code][0] else None
            vorhandene[code] = d
    abgleichen(kontext, modell, vorhandene, bestehend, beschreiben=beschreiben)
    setzen = [{"id": ids[c], "parent_id": ids[eltern[c][0]]} for c in neue if eltern and eltern.get(c, (None,))[0]]
    if setzen:
        kontext.session.execute(update(modell), setzen)


def _optional(leser: Zeilenleser, daten: dict, feld: str, spalte: str, wert: object) -> None:
    if leser.hat(spalte):
        daten[feld] = wert


def organisationseinheiten(tabelle: Tabelle, kontext: Kontext) -> None:
    """Organisationseinheiten by code, with their parent."""
    leser = Zeilenleser(tabelle, FORMATE["organisationseinheiten"], kontext)
    if not leser.vollstaendig:
        return
    zeilen, eltern = {}, {}
    for z in leser:
        code, name = z.code("Organisationseinheit"), z.text("Name")
        vater = z.code("Übergeordnete Organisationseinheit")
        if not z.ok or _doppelt(z, "Organisationseinheit", code, (name, vater)):
            continue
        zeilen[code] = {"code": code, "name": name}
        if leser.hat("Übergeordnete Organisationseinheit"):
            eltern[code] = (vater, z.nummer)
    _hierarchie(kontext, Organisationseinheit, zeilen, eltern if leser.hat("Übergeordnete Organisationseinheit")
                else None, leser.kopf("Übergeordnete Organisationseinheit"), lambda c: f"Organisationseinheit {c}")


def handlungsfelder(tabelle: Tabelle, kontext: Kontext) -> None:
    """Handlungsfelder by code."""
    leser = Zeilenleser(tabelle, FORMATE["handlungsfelder"], kontext)
    if not leser.vollstaendig:
        return
    zeilen = {}
    for z in leser:
        code, name, beschreibung = z.code("Handlungsfeld"), z.text("Name"), z.text("Beschreibung")
        reihenfolge = z.ganzzahl("Reihenfolge", minimum=-10**6, maximum=10**6, standard=0)
        daten = {"code": code, "name": name}
        _optional(leser, daten, "beschreibung", "Beschreibung", beschreibung)
        _optional(leser, daten, "reihenfolge", "Reihenfolge", reihenfolge)
        if not z.ok or _doppelt(z, "Handlungsfeld", code, daten):
            continue
        zeilen[code] = daten
    _hierarchie(kontext, Handlungsfeld, zeilen, None, "", lambda c: f"Handlungsfeld {c}")


def ziele(tabelle: Tabelle, kontext: Kontext) -> None:
    """Ziele by code: level, KGSt field, Handlungsfeld, parent goal, owner, validity."""
    leser = Zeilenleser(tabelle, FORMATE["ziele"], kontext)
    if not leser.vollstaendig:
        return
    hf, oe = codes(kontext, Handlungsfeld), codes(kontext, Organisationseinheit)
    zeilen, eltern = {}, {}
    for z in leser:
        code, name = z.code("Ziel"), z.text("Name")
        zieltext = z.text("Zieltext")
        if name and len(name) > einrichtung.KURZNAME_GRENZE:  # a full goal text in "Name": keep it whole
            zieltext, name = zieltext or name, einrichtung.kurzname(name)
            kontext.hinweis(f"Ziel {code}: Name länger als {einrichtung.KURZNAME_GRENZE} Zeichen – als Zieltext "
                            f"gespeichert, Kurzname „{name}“.")
        daten = {"code": code, "name": name, "ebene": z.auswahl("Ebene"), "zielfeld": z.auswahl("Zielfeld"),
                 "handlungsfeld_id": referenz(z, "Handlungsfeld", hf, "Handlungsfeld")}
        if leser.hat("Zieltext") or zieltext is not None:
            daten["zieltext"] = zieltext
        _optional(leser, daten, "beschreibung", "Beschreibung", z.text("Beschreibung"))
        _optional(leser, daten, "leichte_sprache", "Leichte Sprache", z.text("Leichte Sprache"))
        _optional(leser, daten, "organisationseinheit_id", "Organisationseinheit",
                  referenz(z, "Organisationseinheit", oe, "Organisationseinheit"))
        von, bis = z.datum("Gültig von"), z.datum("Gültig bis")
        _optional(leser, daten, "gueltig_von", "Gültig von", von)
        _optional(leser, daten, "gueltig_bis", "Gültig bis", bis)
        if von and bis and bis < von:
            z.fehler("Gültig bis", z.roh("Gültig bis"), "liegt vor „Gültig von“", "ein Datum ab „Gültig von“")
        vater = z.code("Übergeordnetes Ziel")
        if not z.ok or _doppelt(z, "Ziel", code, (daten, vater)):
            continue
        zeilen[code] = daten
        if leser.hat("Übergeordnetes Ziel"):
            eltern[code] = (vater, z.nummer)
    _hierarchie(kontext, Ziel, zeilen, eltern if leser.hat("Übergeordnetes Ziel") else None,
                leser.kopf("Übergeordnetes Ziel"), lambda c: f"Ziel {c}")


def kennzahlen(tabelle: Tabelle, kontext: Kontext) -> None:
    """Kennzahlen with their Steckbrief, by code."""
    leser = Zeilenleser(tabelle, FORMATE["kennzahlen"], kontext)
    if not leser.vollstaendig:
        return
    hf, oe = codes(kontext, Handlungsfeld), codes(kontext, Organisationseinheit)
    gespeichert = {c: (u, o) for c, u, o in kontext.session.execute(
        select(Kennzahl.code, Kennzahl.korridor_unten, Kennzahl.korridor_oben))}
    nenner_gespeichert = dict(kontext.session.execute(select(Kennzahl.code, Kennzahl.nenner)).all())
    zeilen = {}
    for z in leser:
        code = z.code("Kennzahl")
        daten = {"code": code, "name": z.text("Name"), "einheit": z.text("Einheit"),
                 "frequenz": z.auswahl("Frequenz"), "typ": z.auswahl("Typ"),
                 "richtung": z.auswahl("Richtung", aliase=RICHTUNG_ALIASE)}
        for feld, spalte in (("beschreibung", "Beschreibung"), ("zaehler", "Zähler"), ("nenner", "Nenner"),
                             ("quelle", "Quelle"), ("leichte_sprache", "Leichte Sprache")):
            _optional(leser, daten, feld, spalte, z.text(spalte))
        unten, oben = z.zahl("Korridor unten"), z.zahl("Korridor oben")
        _optional(leser, daten, "korridor_unten", "Korridor unten", unten)
        _optional(leser, daten, "korridor_oben", "Korridor oben", oben)
        _optional(leser, daten, "steuerbar", "Steuerbar", z.ja_nein("Steuerbar", True))
        _optional(leser, daten, "raumebene", "Raumebene", z.auswahl("Raumebene", standard="stadt"))
        _optional(leser, daten, "nachkommastellen", "Nachkommastellen",
                  z.ganzzahl("Nachkommastellen", minimum=0, maximum=6, standard=1))
        if leser.hat("Rate ab Alter") or leser.hat("Rate bis Alter"):  # age band of the rate per 1.000 (#16)
            von = z.ganzzahl("Rate ab Alter", minimum=0, maximum=120) if leser.hat("Rate ab Alter") else None
            bis = z.ganzzahl("Rate bis Alter", minimum=0, maximum=120) if leser.hat("Rate bis Alter") else None
            if von is not None and bis is not None and bis < von:
                z.fehler("Rate bis Alter", z.roh("Rate bis Alter"), "liegt unter „Rate ab Alter“",
                         "ein Alter ab „Rate ab Alter“")
            daten["rate_alter_von"] = 0 if von is None and bis is not None else von
            daten["rate_alter_bis"] = bis
        _optional(leser, daten, "handlungsfeld_id", "Handlungsfeld", referenz(z, "Handlungsfeld", hf, "Handlungsfeld"))
        _optional(leser, daten, "organisationseinheit_id", "Organisationseinheit",
                  referenz(z, "Organisationseinheit", oe, "Organisationseinheit"))
        fallzahl = z.ja_nein("Fallzahl")
        if fallzahl is None:  # no column or an empty cell: derive from Einheit and Nenner (in doubt: ja)
            fallzahl = ist_fallzahl(daten["einheit"], daten.get("nenner", nenner_gespeichert.get(code)))
        daten["fallzahl"] = fallzahl
        if z.ok and daten["richtung"] == "zielkorridor":
            u = daten.get("korridor_unten", gespeichert.get(code, (None, None))[0])
            o = daten.get("korridor_oben", gespeichert.get(code, (None, None))[1])
            if u is None or o is None:
                z.fehler("Richtung", z.roh("Richtung"), "verlangt einen Zielkorridor",
                         "Werte in „Korridor unten“ und „Korridor oben“")
            elif u > o:
                z.fehler("Korridor oben", z.roh("Korridor oben"), "liegt unter „Korridor unten“",
                         "Obergrenze ≥ Untergrenze")
        if not z.ok or _doppelt(z, "Kennzahl", code, daten):
            continue
        zeilen[code] = daten
    _hierarchie(kontext, Kennzahl, zeilen, None, "", lambda c: f"Kennzahl {c}")


def produkte(tabelle: Tabelle, kontext: Kontext) -> None:
    """Produktbereiche, Produktgruppen and Produkte by code, with parent, owner and kind of task."""
    leser = Zeilenleser(tabelle, FORMATE["produkte"], kontext)
    if not leser.vollstaendig:
        return
    oe = codes(kontext, Organisationseinheit)
    zeilen, eltern = {}, {}
    for z in leser:
        code = z.code("Produkt")
        daten = {"code": code, "name": z.text("Name"), "ebene": z.auswahl("Ebene")}
        _optional(leser, daten, "organisationseinheit_id", "Organisationseinheit",
                  referenz(z, "Organisationseinheit", oe, "Organisationseinheit"))
        _optional(leser, daten, "aufgabenart", "Aufgabenart", z.auswahl("Aufgabenart"))
        _optional(leser, daten, "beschreibung", "Beschreibung", z.text("Beschreibung"))
        vater = z.code("Übergeordnetes Produkt")
        if not z.ok or _doppelt(z, "Produkt", code, (daten, vater)):
            continue
        zeilen[code] = daten
        if leser.hat("Übergeordnetes Produkt"):
            eltern[code] = (vater, z.nummer)
    _hierarchie(kontext, Produkt, zeilen, eltern if leser.hat("Übergeordnetes Produkt") else None,
                leser.kopf("Übergeordnetes Produkt"), lambda c: f"Produkt {c}")


def zeilennummer(text: str) -> str:
    """'1' → '01': one-digit line numbers get their leading zero (the NKF numbers have two digits)."""
    return text.zfill(2) if text.isdigit() and len(text) == 1 else text


def zeilenschemata(tabelle: Tabelle, kontext: Kontext) -> None:
    """Line schemes: lines by (scheme, number), with kind and the parts of sum lines; checked for
    unknown parts and cycles."""
    leser = Zeilenleser(tabelle, FORMATE["zeilenschemata"], kontext)
    if not leser.vollstaendig:
        return
    session = kontext.session
    schemata: dict[str, dict] = {}
    zeilen: dict[str, dict[str, tuple[dict, int]]] = {}
    for z in leser:
        schema, name = z.code("Zeilenschema"), z.text("Schemaname")
        nummer, bezeichnung, art = z.code("Nummer"), z.text("Bezeichnung"), z.auswahl("Art")
        summe_aus = z.text("Summe aus")
        if not z.ok:
            continue
        nummer = zeilennummer(nummer)
        teile = [zeilennummer(t.strip()) for t in (summe_aus or "").split(",") if t.strip()]
        if art == "summe" and not teile:
            z.fehler("Summe aus", summe_aus, "fehlt bei einer Summenzeile", "Nummern der Teile wie 10,17")
            continue
        if art != "summe" and teile:
            z.fehler("Summe aus", summe_aus, "ist nur bei Summenzeilen erlaubt", "leer bei Ertrag/Aufwand")
            continue
        if name:
            schemata.setdefault(schema, {"code": schema, "name": name})
        schemata.setdefault(schema, {"code": schema})
        teile_text = ",".join(teile) or None
        if _doppelt(z, "Nummer", (schema, nummer), (name, bezeichnung, art, teile_text), f" im Schema {schema}"):
            continue
        zeilen.setdefault(schema, {})
        zeilen[schema][nummer] = ({"nummer": nummer, "bezeichnung": bezeichnung, "art": art,
                                   "summe_aus": teile_text}, z.nummer)
    if kontext.fehler:
        return
    vorhanden = {s.code: s for s in session.scalars(select(Zeilenschema))}
    for code in schemata:
        if code not in vorhanden and code in SCHEMATA:  # a known scheme: the file may change single lines
            name, bekannte = SCHEMATA[code]
            schemata[code].setdefault("name", name)
            for nummer, bezeichnung, art, summe_aus in bekannte:
                zeilen[code].setdefault(nummer, ({"nummer": nummer, "bezeichnung": bezeichnung, "art": art,
                                                  "summe_aus": summe_aus}, None))
    for code, daten in schemata.items():
        gesamt = {p.nummer: (p.art, p.summe_aus) for p in (vorhanden[code].zeilen if code in vorhanden else [])}
        gesamt.update({n: (d["art"], d["summe_aus"]) for n, (d, _) in zeilen[code].items()})
        try:
            summen_ableiten({}, [(n, a, s) for n, (a, s) in gesamt.items()])
        except (ValueError, RecursionError) as f:  # RecursionError: a chain of 1.000 sums
            kontext.fehler_melden(None, leser.kopf("Summe aus"), code, "Summenzeilen, die nur vorhandene Zeilen "
                                  "ohne Kreis addieren", f"ist kein gültiges Zeilenschema: {f}")
            continue
        if code not in vorhanden and "name" not in daten:
            daten["name"] = code
    if kontext.fehler:
        return
    bestehend = {c: {"id": s.id, "code": s.code, "name": s.name} for c, s in vorhanden.items()}
    abgleichen(kontext, Zeilenschema, schemata, bestehend, beschreiben=lambda c: f"Zeilenschema {c}")
    ids = codes(kontext, Zeilenschema)
    bestehende_zeilen = {
        (r.schema_id, r.nummer): {"id": r.id, "schema_id": r.schema_id, "nummer": r.nummer,
                                  "bezeichnung": r.bezeichnung, "art": r.art, "summe_aus": r.summe_aus}
        for r in session.execute(select(Planzeile.id, Planzeile.schema_id, Planzeile.nummer, Planzeile.bezeichnung,
                                        Planzeile.art, Planzeile.summe_aus))
    }
    neu = {(ids[s], n): {"schema_id": ids[s], **d} for s, z in zeilen.items() for n, (d, _) in z.items()}
    abgleichen(kontext, Planzeile, neu, bestehende_zeilen, beschreiben=lambda k: f"Planzeile {k[1]}")


def _anteil(roh: object) -> Decimal:
    text = w.als_text(roh).strip()
    if text.endswith("%"):
        return w.zahl_lesen(text[:-1]) / 100
    return w.zahl_lesen(roh)


def _verknuepfung(tabelle: Tabelle, kontext: Kontext, art: str) -> None:
    """The three link tables."""
    format_ = FORMATE[art]
    leser = Zeilenleser(tabelle, format_, kontext)
    if not leser.vollstaendig:
        return
    zi, pr, kz = codes(kontext, Ziel), codes(kontext, Produkt), codes(kontext, Kennzahl)
    if art == "ziel_produkt":
        modell, a, b, feld = ZielProdukt, ("Ziel", zi, "ziel_id"), ("Produkt", pr, "produkt_id"), "anteil"
    elif art == "ziel_kennzahl":
        modell, a, b, feld = ZielKennzahl, ("Ziel", zi, "ziel_id"), ("Kennzahl", kz, "kennzahl_id"), "gewicht"
    else:
        modell, a, b, feld = ProduktKennzahl, ("Produkt", pr, "produkt_id"), ("Kennzahl", kz, "kennzahl_id"), "rolle"
    bestehend = {(r[0], r[1]): {a[2]: r[0], b[2]: r[1], feld: r[2]}
                 for r in kontext.session.execute(select(getattr(modell, a[2]), getattr(modell, b[2]),
                                                         getattr(modell, feld)))}
    spalte = format_.spalten[2].name
    zeilen = {}
    for z in leser:
        id_a, id_b = referenz(z, a[0], a[1], a[0]), referenz(z, b[0], b[1], b[0])
        if art == "ziel_produkt":
            wert = z.lesen("Anteil", True, _anteil, "Anteil über 0 bis 1, z. B. 0,6 oder 60 %")
            if wert is not None and not (0 < wert <= 1 and wert == wert.quantize(Decimal("0.0001"))):
                z.fehler("Anteil", z.roh("Anteil"), "liegt nicht zwischen 0 und 1 (höchstens 4 Nachkommastellen)",
                         "Anteil über 0 bis 1, z. B. 0,6 oder 60 %")
        elif art == "ziel_kennzahl":
            wert = z.zahl("Gewicht", stellen=3, grenze=1000)
            if wert is None and w.ist_leer(z.roh("Gewicht")):
                wert = Decimal(1)
            elif wert is not None and wert <= 0:
                z.fehler("Gewicht", z.roh("Gewicht"), "ist nicht positiv", "Gewicht über 0")
        else:
            wert = z.text("Rolle") or "leistung"
        if not z.ok or _doppelt(z, a[0], (id_a, id_b), wert, f" mit {b[0]} {z.roh(b[0])}"):
            continue
        daten = {a[2]: id_a, b[2]: id_b}
        if leser.hat(spalte) or (id_a, id_b) not in bestehend:
            daten[feld] = wert
        zeilen[(id_a, id_b)] = daten
    if kontext.fehler:
        return
    code_a = {v: k for k, v in a[1].items()}
    code_b = {v: k for k, v in b[1].items()}
    abgleichen(kontext, modell, zeilen, bestehend, pk=(a[2], b[2]),
               beschreiben=lambda k: f"{a[0]} {code_a.get(k[0])} ↔ {b[0]} {code_b.get(k[1])}")
    if art == "ziel_produkt":  # more than the whole product's money would be counted twice: an error
        zu_viel = kontext.session.execute(  # (tolerance: SQLite sums the 4-decimal shares as floats)
            select(Produkt.code, func.sum(ZielProdukt.anteil)).join(Produkt, Produkt.id == ZielProdukt.produkt_id)
            .group_by(Produkt.code).having(func.sum(ZielProdukt.anteil) > Decimal("1.00005"))
        ).all()
        for code, summe in zu_viel:
            kontext.fehler_melden(None, "Anteil", f"Produkt {code}: {round(Decimal(str(summe)) * 100, 2)} %",
                                  "zusammen höchstens 100 % des Produkts über alle Ziele",
                                  "Die Anteile der Ziele an diesem Produkt ergeben mehr als 100 %")


def ziel_produkt(tabelle: Tabelle, kontext: Kontext) -> None:
    """Ziel ↔ Produkt with the share of the product's money."""
    _verknuepfung(tabelle, kontext, "ziel_produkt")


def ziel_kennzahl(tabelle: Tabelle, kontext: Kontext) -> None:
    """Ziel ↔ Kennzahl with its weight."""
    _verknuepfung(tabelle, kontext, "ziel_kennzahl")


def produkt_kennzahl(tabelle: Tabelle, kontext: Kontext) -> None:
    """Produkt ↔ Kennzahl with its role (fallzahl, leistung, wirkung …)."""
    _verknuepfung(tabelle, kontext, "produkt_kennzahl")
