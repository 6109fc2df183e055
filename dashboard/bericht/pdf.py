"""The report as a PDF: HTML and CSS (A4, German) laid out by WeasyPrint.

Cover with period, scope and Berichtsstand; contents with page numbers (``target-counter``); an overview;
per Handlungsfeld a summary (status counts, money) and per goal a chart, the Kennzahlen table, the
Abweichungsbegründungen and the Maßnahmen (owner, deadline, status); footer "Seite x von y". Every text that
comes from users is escaped.
"""

from __future__ import annotations

import base64
import datetime as dt
from html import escape

import pandas as pd

from dashboard.bericht.inhalt import GELD, Berichtsinhalt, Stand
from kennzahlen import formate as fmt
from kennzahlen import status as st
from kennzahlen.massnahmen import ORTSZEIT

GELDNAMEN = {"ansatz": "Ansatz", "fortgeschriebener_ansatz": "fortgeschr. Ansatz", "ist_bis": "Ist bis Stichtag",
             "prognose": "Prognose"}
TITEL = "Controllingbericht"

CSS = """
@page { size: A4; margin: 20mm 18mm 22mm 20mm;
  @bottom-left { content: string(kopf); font-size: 8pt; color: #555; }
  @bottom-right { content: "Seite " counter(page) " von " counter(pages); font-size: 8pt; color: #555; } }
@page deckblatt { @bottom-left { content: none; } @bottom-right { content: none; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; color: #1d1d1d;
  line-height: 1.35; }
.kopf { string-set: kopf content(); display: none; }
.deckblatt { page: deckblatt; break-after: page; padding-top: 45mm; }
.deckblatt .kommune { font-size: 14pt; color: #1f4e79; font-weight: bold; letter-spacing: 0.03em; }
.deckblatt h1 { font-size: 26pt; margin: 6mm 0 2mm 0; color: #1d1d1d; border: none; }
.deckblatt .untertitel { font-size: 15pt; margin-bottom: 14mm; }
.deckblatt table { font-size: 10.5pt; width: auto; }
.deckblatt th { text-align: left; padding-right: 8mm; background: none; border: none; font-weight: normal;
  color: #555; }
.deckblatt td { border: none; }
.stand { border-left: 3px solid #1f4e79; padding: 2mm 4mm; margin-top: 12mm; background: #f2f6fa; }
.stand.vorlaeufig { border-color: #8a5a00; background: #fbf6ec; }
h1 { font-size: 16pt; color: #1f4e79; border-bottom: 1.5px solid #1f4e79; padding-bottom: 1.5mm;
  margin: 0 0 4mm 0; bookmark-level: 1; }
h2 { font-size: 12pt; color: #1d1d1d; margin: 7mm 0 2mm 0; bookmark-level: 2; break-after: avoid; }
h3 { font-size: 10pt; margin: 4mm 0 1.5mm 0; break-after: avoid; }
section.hf { break-before: page; }
.inhalt { break-after: page; }
.inhalt ol { list-style: none; padding: 0; }
.inhalt li { margin: 1.2mm 0; }
.inhalt li.ziel { margin-left: 7mm; font-size: 9pt; }
.inhalt a { color: inherit; text-decoration: none; }
.inhalt a::after { content: leader(".") target-counter(attr(href), page); }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm 0; font-size: 8.5pt; }
th { background: #e8eef4; text-align: left; font-weight: bold; padding: 1.2mm 1.5mm; border-bottom: 1px solid #9aa9b8; }
td { padding: 1.1mm 1.5mm; border-bottom: 0.5px solid #d0d7de; vertical-align: top; }
td.zaehlung { white-space: nowrap; }
.ueberblick table { font-size: 7.8pt; }
td.zahl, th.zahl { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
.status { white-space: nowrap; font-weight: bold; }
img.grafik { width: 100%; margin: 1mm 0 2mm 0; }
.zielkopf { color: #444; margin-bottom: 2mm; }
.text { margin: 1mm 0 2.5mm 0; padding-left: 3mm; border-left: 2px solid #c8d2dc; break-inside: avoid; }
.text .bezug { color: #555; font-size: 8.5pt; }
.leer { color: #666; font-style: italic; }
.hinweis { font-size: 8.5pt; color: #444; }
.ziel { break-inside: auto; }
.ziel-block { break-inside: avoid; }
"""


def _e(text) -> str:
    return "" if text is None or (isinstance(text, float) and pd.isna(text)) else escape(str(text))


def _status(symbol: str, text: str, farbe: str) -> str:
    return f'<span class="status" style="color:{_e(farbe)}">{_e(symbol)} {_e(text)}</span>'


def _grad(grad) -> str:
    return fmt.LEER if grad is None or pd.isna(grad) else fmt.prozent(float(grad), 0)


def _bild(bilder: dict[str, bytes], schluessel: str, alt: str) -> str:
    if schluessel not in bilder:
        return ""
    daten = base64.b64encode(bilder[schluessel]).decode("ascii")
    return f'<img class="grafik" src="data:image/png;base64,{daten}" alt="{_e(alt)}">'


def _zeitpunkt(zeit: dt.datetime | None) -> str:
    if zeit is None:
        return fmt.LEER
    zeit = zeit.replace(tzinfo=dt.UTC) if zeit.tzinfo is None else zeit
    lokal = zeit.astimezone(ORTSZEIT)
    return f"{fmt.datum(lokal.date())}, {lokal:%H:%M} Uhr"


def standtext(s: Stand, jetzt: dt.datetime | None = None) -> str:
    """'Berichtsstand: eingefroren am 05.10.2026, 14:03 Uhr (Fassung 1, durch …)' or the provisional note."""
    if s.eingefroren:
        von = f", durch {s.eingefroren_von}" if s.eingefroren_von else ""
        return f"Berichtsstand: eingefroren am {_zeitpunkt(s.eingefroren_am)} (Fassung {s.fassung}{von})"
    return (f"Berichtsstand: vorläufig, nicht eingefroren – Zahlen vom {_zeitpunkt(jetzt or dt.datetime.now(dt.UTC))}; "
            "sie können sich bis zum Abschluss der Periode noch ändern.")


def _geldzeilen(zeile, mit_abweichung: bool = True) -> str:
    zellen = "".join(f'<td class="zahl">{fmt.euro(zeile.get(g))}</td>' for g in GELD)
    if mit_abweichung:
        zellen += (f'<td class="zahl">{fmt.euro(zeile.get("abweichung"))}</td>'
                   f'<td class="zahl">{fmt.prozent(zeile.get("abweichung_anteil"), 1, vorzeichen=True)}</td>')
    return zellen


def _geldkopf(mit_abweichung: bool = True) -> str:
    kopf = "".join(f'<th class="zahl">{GELDNAMEN[g]}</th>' for g in GELD)
    if mit_abweichung:
        kopf += '<th class="zahl">Prognose − Ansatz</th><th class="zahl">in %</th>'
    return kopf


def _statuszaehlung(zeile, stufen: list[st.Statusstufe], kurz: bool = False) -> str:
    if kurz:
        return "  ".join(f"{int(zeile.get(f'anzahl_{s.code}', 0))}\u00a0{s.symbol}" for s in stufen)
    teile = [f"{int(zeile.get(f'anzahl_{s.code}', 0))} {s.symbol} {s.bezeichnung}" for s in stufen
             if int(zeile.get(f"anzahl_{s.code}", 0))]
    return ", ".join(teile) or "keine"


def _deckblatt(inhalt: Berichtsinhalt, jetzt: dt.datetime | None) -> str:
    p = inhalt.periode
    vorlaeufig = "" if inhalt.stand.eingefroren else " vorlaeufig"
    stichtag = inhalt.stichtag.lang if inhalt.stichtag else "noch kein unterjähriges Ist"
    return f"""
<div class="deckblatt">
  <div class="kommune">{_e(inhalt.kommune)}</div>
  <h1>{TITEL} {_e(p.lang)}</h1>
  <div class="untertitel">Wirkungsorientierte Steuerung – {_e(inhalt.umfang)}</div>
  <table>
    <tr><th>Berichtszeitraum</th><td>{fmt.datum(p.anfang)} bis {fmt.datum(p.ende)} ({_e(p.lang)})</td></tr>
    <tr><th>Umfang</th><td>{_e(inhalt.umfang)}</td></tr>
    <tr><th>Haushalts-Ist bis</th><td>{_e(stichtag)}</td></tr>
    <tr><th>Beträge</th><td>Zuschussbedarf in Euro (Aufwendungen abzüglich Erträge)</td></tr>
  </table>
  <div class="stand{vorlaeufig}">{_e(standtext(inhalt.stand, jetzt))}</div>
</div>
<div class="kopf">{_e(inhalt.kommune)} · {TITEL} {_e(p.kurz)} · {_e(inhalt.umfang)}</div>
"""


def _inhaltsverzeichnis(inhalt: Berichtsinhalt) -> str:
    eintraege = ['<li><a href="#ueberblick">1 Überblick</a></li>']
    for n, hf in enumerate(inhalt.handlungsfelder.itertuples(index=False), start=2):
        eintraege.append(f'<li><a href="#hf-{_e(hf.code)}">{n} {_e(hf.code)} {_e(hf.name)}</a></li>')
        for z in inhalt.ziele[inhalt.ziele["handlungsfeld_id"] == hf.id].itertuples(index=False):
            eintraege.append(f'<li class="ziel"><a href="#ziel-{_e(z.code)}">{_e(z.code)} {_e(z.name)}</a></li>')
    eintraege.append(f'<li><a href="#erlaeuterungen">{len(inhalt.handlungsfelder) + 2} Erläuterungen</a></li>')
    return f'<div class="inhalt"><h1>Inhalt</h1><ol>{"".join(eintraege)}</ol></div>'


def _ueberblick(inhalt: Berichtsinhalt, bilder: dict[str, bytes]) -> str:
    stufen = inhalt.statusstufen
    zeilen = []
    for hf in inhalt.handlungsfelder.to_dict("records"):
        zeilen.append(
            f"<tr><td>{_e(hf['code'])}</td><td>{_e(hf['name'])}</td>"
            f"<td>{_status(hf['status_symbol'], hf['status_text'], hf['status_farbe'])}</td>"
            f'<td class="zahl">{_grad(hf["grad"])}</td><td class="zaehlung">'
            f"{_e(_statuszaehlung(hf, stufen, True))}</td>"
            f'<td class="zahl">{fmt.euro(hf.get("ansatz"))}</td><td class="zahl">{fmt.euro(hf.get("prognose"))}</td>'
            f'<td class="zahl">{fmt.euro(hf.get("abweichung"))}</td></tr>')
    g = inhalt.gesamt
    summe = (f"Zuschussbedarf {'der Stadt' if inhalt.handlungsfeld is None else 'des Handlungsfelds'}: Ansatz "
             f"{fmt.euro(g.get('ansatz'))}, fortgeschriebener Ansatz {fmt.euro(g.get('fortgeschriebener_ansatz'))}, "
             f"Ist bis Stichtag {fmt.euro(g.get('ist_bis'))}, Prognose {fmt.euro(g.get('prognose'))}.")
    alt = "Balkendiagramm: Zuschussbedarf je Handlungsfeld (Ansatz, Ist bis Stichtag, Prognose) in Mio. Euro"
    legende = ", ".join(f"{s.symbol} {s.bezeichnung}" for s in stufen)
    anzahl_texte = len(inhalt.texte.drop_duplicates("id")) if not inhalt.texte.empty else 0
    return f"""
<section id="ueberblick" class="ueberblick"><h1>1 Überblick</h1>
<p>Der Bericht zeigt für {_e(inhalt.periode.lang)} den Stand der Ziele und Kennzahlen je Handlungsfeld, den
Zuschussbedarf und die Texte der Fachbereiche zu Abweichungen und Maßnahmen ({anzahl_texte} in dieser Periode).</p>
<p>{_e(summe)}</p>
<table><thead><tr><th>Code</th><th>Handlungsfeld</th><th>Status</th><th class="zahl">Grad</th>
<th>Kennzahlen je Status</th><th class="zahl">Ansatz</th><th class="zahl">Prognose</th>
<th class="zahl">Abweichung</th></tr></thead><tbody>{"".join(zeilen)}</tbody></table>
<p class="hinweis">Kennzahlen je Status: {legende}. Grad: Zielerreichungsgrad
(100 % = Ziel erreicht). Abweichung: Prognose − Ansatz.</p>
{_bild(bilder, "gesamt", alt)}
</section>"""


def _kennzahltabelle(kz: pd.DataFrame) -> str:
    zeilen = []
    for k in kz.to_dict("records"):
        stellen = int(k["nachkommastellen"]) if pd.notna(k["nachkommastellen"]) else 1
        zeilen.append(
            f"<tr><td>{_e(k['code'])}</td><td>{_e(k['name'])}</td>"
            f'<td class="zahl">{_e(fmt.wert_mit_einheit(k["ist"], k["einheit"], stellen))}</td>'
            f'<td class="zahl">{_e(fmt.wert_mit_einheit(k["zielwert"], k["einheit"], stellen))}</td>'
            f'<td class="zahl">{_grad(k["grad"])}</td>'
            f"<td>{_status(k['status_symbol'], k['status_text'], k['status_farbe'])}</td></tr>")
    return ('<table><thead><tr><th>Code</th><th>Kennzahl</th><th class="zahl">Ist</th><th class="zahl">Ziel</th>'
            f'<th class="zahl">Grad</th><th>Status</th></tr></thead><tbody>{"".join(zeilen)}</tbody></table>')


def _texte(texte: pd.DataFrame) -> str:
    teile = []
    begruendungen = texte[texte["art"] != "massnahme"]
    teile.append("<h3>Abweichungsbegründungen und Hinweise</h3>")
    if begruendungen.empty:
        teile.append('<p class="leer">Keine Abweichungsbegründung und kein Hinweis in dieser Periode.</p>')
    for t in begruendungen.to_dict("records"):
        teile.append(f'<div class="text"><div class="bezug"><b>{_e(t["art_text"])}</b> zu {_e(t["objekt_code"])} '
                     f'{_e(t["objekt_name"])}</div>{_e(t["text"])}</div>')
    massnahmen = texte[texte["art"] == "massnahme"]
    teile.append("<h3>Maßnahmen</h3>")
    if massnahmen.empty:
        teile.append('<p class="leer">Keine Maßnahme in dieser Periode.</p>')
    else:
        zeilen = "".join(
            f"<tr><td>{_e(m['text'])}<div class='hinweis'>zu {_e(m['objekt_code'])} {_e(m['objekt_name'])}</div></td>"
            f"<td>{_e(m['verantwortlich'])}</td><td class='zahl'>"
            f"{fmt.datum(m['frist'] if pd.notna(m['frist']) else None)}</td>"
            f"<td>{_e(m['massnahmenstatus_text'] or fmt.LEER)}</td></tr>"
            for m in massnahmen.to_dict("records"))
        teile.append('<table><thead><tr><th style="width:52%">Maßnahme</th><th>Verantwortlich</th>'
                     f'<th class="zahl">Frist</th><th>Status</th></tr></thead><tbody>{zeilen}</tbody></table>')
    return "".join(teile)


def _zielgeld(z: dict) -> str:
    if pd.isna(z.get("ansatz")) and pd.isna(z.get("prognose")):
        return "kein Produkt direkt zugeordnet"
    return f"Zuschussbedarf zugerechnet: Ansatz {fmt.euro(z.get('ansatz'))}, Prognose {fmt.euro(z.get('prognose'))}"


def _handlungsfeld(inhalt: Berichtsinhalt, hf: dict, nummer: int, bilder: dict[str, bytes]) -> str:
    ziele = inhalt.ziele[inhalt.ziele["handlungsfeld_id"] == hf["id"]]
    teile = [f'<section class="hf" id="hf-{_e(hf["code"])}"><h1>{nummer} {_e(hf["code"])} {_e(hf["name"])}</h1>']
    if hf.get("beschreibung"):
        teile.append(f"<p>{_e(hf['beschreibung'])}</p>")
    teile.append(
        f"<p><b>Status des Handlungsfelds:</b> {_status(hf['status_symbol'], hf['status_text'], hf['status_farbe'])}"
        f" (Zielerreichungsgrad {_grad(hf['grad'])}). {int(hf['anzahl_ziele'])} Ziele, "
        f"{int(hf['anzahl_kennzahlen'])} Kennzahlen: {_e(_statuszaehlung(hf, inhalt.statusstufen))}.</p>")
    teile.append(f"<h3>Zuschussbedarf des Handlungsfelds</h3><table><thead><tr>{_geldkopf()}</tr></thead>"
                 f"<tbody><tr>{_geldzeilen(hf)}</tr></tbody></table>")
    teile.append(_bild(bilder, f"hf:{hf['code']}", f"Balkendiagramm: Zuschussbedarf je Ziel im Handlungsfeld "
                                                   f"{hf['code']} (Ansatz, Ist bis Stichtag, Prognose)"))
    for z in ziele.to_dict("records"):
        kz = inhalt.kennzahlen[inhalt.kennzahlen["ziel_id"] == z["id"]]
        texte = inhalt.texte[inhalt.texte["ziel_id"] == z["id"]]
        ebene = "Strategisches Ziel" if z.get("ebene") == "strategisch" else "Operatives Ziel"
        oe = f" · verantwortlich: {_e(z['organisationseinheit'])}" if z.get("organisationseinheit") else ""
        teile.append(
            f'<div class="ziel" id="ziel-{_e(z["code"])}"><h2>{_e(z["code"])} {_e(z["name"])}</h2>'
            f'<div class="zielkopf">{ebene}{oe} · Status '
            f'{_status(z["status_symbol"], z["status_text"], z["status_farbe"])}'
            f" (Grad {_grad(z['grad'])}) · {_zielgeld(z)}</div>")
        if kz.empty:
            teile.append('<p class="leer">Diesem Ziel ist keine Kennzahl zugeordnet; es wird über seine Unterziele '
                         "bewertet.</p>")
        else:
            alt = f"Balkendiagramm: Zielerreichungsgrad der Kennzahlen von Ziel {z['code']} mit Status"
            schluessel = f"ziel:{z['code']}"
            teile.append(f'<div class="ziel-block">{_bild(bilder, schluessel, alt)}'
                         f"{_kennzahltabelle(kz)}</div>")
        teile.append(_texte(texte) + "</div>")
    teile.append("</section>")
    return "".join(teile)


def _erlaeuterungen(inhalt: Berichtsinhalt, nummer: int) -> str:
    stufen = "".join(f"<li>{_e(s.symbol)} {_e(s.bezeichnung)}</li>" for s in inhalt.statusstufen)
    return f"""
<section class="hf" id="erlaeuterungen"><h1>{nummer} Erläuterungen</h1>
<h3>Status und Zielerreichungsgrad</h3>
<p>{_e(st.SKALEN.get(inhalt.regeln.skala, ""))} Stufen mit Symbol (der Status ist nie nur an der Farbe zu
erkennen):</p><ul>{stufen}</ul>
<p>Der Zielerreichungsgrad vergleicht das Ist mit dem Zielwert unter Beachtung der Richtung der Kennzahl
(höher oder niedriger besser, Zielkorridor); 100 % heißt Ziel erreicht. {_e(st.REGELN.get(inhalt.regeln.regel, ""))}
Kontext-Kennzahlen werden nicht bewertet.</p>
<h3>Zuschussbedarf</h3>
<p>Zuschussbedarf = Aufwendungen abzüglich Erträge eines Produkts. Einem Ziel wird der Zuschussbedarf seiner
Produkte nach deren Beitragsanteil zugerechnet; ein Produkt kann mehreren Zielen dienen, daher ergeben die
Ziele zusammen nicht die Summe der Stadt. Das Ist umfasst die Monate bis zum Stichtag des Haushalts-Ist.</p>
<h3>Berichtsstand und Datenschutz</h3>
<p>{_e(standtext(inhalt.stand))} Ist eine Periode abgeschlossen, stammen Zahlen, Status und Texte aus der
eingefrorenen Fassung; spätere Importe ändern diesen Bericht nicht. Der Bericht enthält nur gesamtstädtische
Werte; Werte je Sozialraum mit kleinen Fallzahlen (unter 3) erscheinen hier nicht.</p>
</section>"""


def html_erzeugen(inhalt: Berichtsinhalt, bilder: dict[str, bytes], jetzt: dt.datetime | None = None) -> str:
    """The whole report as one HTML document (images embedded as data URIs)."""
    teile = [_deckblatt(inhalt, jetzt), _inhaltsverzeichnis(inhalt), _ueberblick(inhalt, bilder)]
    for n, hf in enumerate(inhalt.handlungsfelder.to_dict("records"), start=2):
        teile.append(_handlungsfeld(inhalt, hf, n, bilder))
    teile.append(_erlaeuterungen(inhalt, len(inhalt.handlungsfelder) + 2))
    titel = f"{TITEL} {inhalt.periode.lang} – {inhalt.umfang}"
    return (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{_e(titel)}</title>'
            f'<meta name="author" content="{_e(inhalt.kommune)}"><style>{CSS}</style></head>'
            f"<body>{''.join(teile)}</body></html>")


def pdf_erzeugen(html_text: str) -> bytes:
    """Lay out the HTML as a PDF (WeasyPrint)."""
    from weasyprint import HTML

    return HTML(string=html_text, base_url=None).write_pdf()
