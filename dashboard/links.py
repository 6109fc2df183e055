"""Addresses of the views: one builder per view, so every link keeps the chosen period."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, urlencode

from kennzahlen.perioden import Periode


def _mit(pfad: str, periode: Periode | None, extra: Mapping[str, object] | None = None) -> str:
    werte: dict[str, str] = {}
    if periode is not None:
        werte["jahr"] = str(periode.jahr)
        if periode.art != "jahr":
            werte[periode.art] = str(periode.nummer)
    werte.update({k: str(v) for k, v in (extra or {}).items() if v not in (None, "")})
    return pfad + ("?" + urlencode(werte) if werte else "")


def cockpit(periode: Periode | None = None) -> str:
    """'/?jahr=2026&quartal=3'."""
    return _mit("/", periode)


def handlungsfeld(code: str, periode: Periode | None = None, **extra) -> str:
    """'/handlungsfeld/HF1?jahr=2026&quartal=3'."""
    return _mit(f"/handlungsfeld/{quote(code, safe='')}", periode, extra)


def ziel(code: str, periode: Periode | None = None, **extra) -> str:
    """'/ziel/Z1.2?jahr=2026&quartal=3'."""
    return _mit(f"/ziel/{quote(code, safe='')}", periode, extra)


def kennzahl(code: str, periode: Periode | None = None, **extra) -> str:
    """'/kennzahl/K511?jahr=2026&quartal=3&sozialraum=103'."""
    return _mit(f"/kennzahl/{quote(code, safe='')}", periode, extra)


def produkt(code: str, periode: Periode | None = None, **extra) -> str:
    """'/produkt/060503?jahr=2026&quartal=3'."""
    return _mit(f"/produkt/{quote(code, safe='')}", periode, extra)


def suche(begriff: str) -> str:
    """'/suche?q=Kita'."""
    return _mit("/suche", None, {"q": begriff})


def kommentar(objektart: str, code: str, periode: Periode | None = None, **extra) -> str:
    """'/kommentar/kennzahl/K511?jahr=2026&quartal=3&art=massnahme' (the form to explain or add a measure)."""
    return _mit(f"/kommentar/{quote(objektart, safe='')}/{quote(code, safe='')}", periode, extra)


def abweichungen(periode: Periode | None = None, **extra) -> str:
    """'/abweichungen?jahr=2026&quartal=3&handlungsfeld=HF5'."""
    return _mit("/abweichungen", periode, extra)


def massnahmen(periode: Periode | None = None, **extra) -> str:
    """'/massnahmen?jahr=2026&quartal=3'."""
    return _mit("/massnahmen", periode, extra)


def lieferungen(periode: Periode | None = None, **extra) -> str:
    """'/lieferungen?jahr=2026&quartal=3&einheit=51'."""
    return _mit("/lieferungen", periode, extra)


def prognosen(periode: Periode | None = None, **extra) -> str:
    """'/prognosen?jahr=2026&quartal=3&produkt=060503'."""
    return _mit("/prognosen", periode, extra)


def aufgaben(periode: Periode | None = None) -> str:
    """'/aufgaben?jahr=2026&quartal=3' (Meine Aufgaben)."""
    return _mit("/aufgaben", periode)


def berichtsstand(periode: Periode | None = None, fassung: int | None = None) -> str:
    """'/bericht/berichtsstand?jahr=2026&quartal=3' (what was reported when the period was frozen; a whole year:
    '?jahr=2025&periodenart=jahr'; an earlier report: '&fassung=1')."""
    jahr = {"periodenart": "jahr"} if periode is not None and periode.art == "jahr" else {}
    return _mit("/bericht/berichtsstand", periode, {**jahr, "fassung": fassung})


def haushalt(periode: Periode | None = None, knoten: str | None = None) -> str:
    """'/haushalt?jahr=2026&quartal=3&knoten=0605' (the treemap and a node's Teilergebnisplan)."""
    return _mit("/haushalt", periode, {"knoten": knoten})


def haushaltsberatung(ebene: str, code: str) -> str:
    """'/haushaltsberatung?ebene=produktgruppe&code=0605' (draft year: the page's default)."""
    return _mit("/haushaltsberatung", None, {"ebene": ebene, "code": code})


def effekte(produkt: str) -> str:
    """'/haushalt/effekte?produkt=060503' (Mengen- und Preiseffekt of a product)."""
    return _mit("/haushalt/effekte", None, {"produkt": produkt})


def sozialraum(code: str, periode: Periode | None = None, **extra) -> str:
    """'/sozialraum/103?jahr=2026&quartal=3' (the district profile)."""
    return _mit(f"/sozialraum/{quote(code, safe='')}", periode, extra)


def praesentation(code: str, periode: Periode | None, folie: int) -> str:
    """'/praesentation/HF5?jahr=2026&quartal=3&folie=3' (one slide of a Handlungsfeld's presentation)."""
    return _mit(f"/praesentation/{quote(code, safe='')}", periode, {"folie": folie})


def portfolio() -> str:
    """'/portfolio' (Wirkung und Kosten, with the list of money without outcome measurement)."""
    return "/portfolio"


def haushaltsverweise(code: str, ebene: str, periode: Periode | None = None, ohne: str = ""):
    """The budget views of one node as a small German link line (Dash components), leaving out ``ohne``."""
    from dash import dcc, html

    ziele = [("plan", "Teilergebnisplan", haushalt(periode, code)),
             ("beratung", "Haushaltsberatung", haushaltsberatung(ebene, code)),
             ("produkt", "Produktseite", produkt(code, periode))]
    if ebene == "produkt":
        ziele.append(("effekte", "Mengen- und Preiseffekt", effekte(code)))
    teile: list = []
    for art, text, ziel in ziele:
        if art != ohne:
            teile += [" · " if teile else None, dcc.Link(text, href=ziel)]
    return html.P(["Haushalt: ", *teile], className="small mb-2 haushaltsverweise")
