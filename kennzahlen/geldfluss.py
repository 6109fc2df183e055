"""Money flowing into goals, cost per unit of outcome and trends: pure calculations, no database, no UI.

- ``betragsart_pruefen`` / ``betrag_waehlen``: which amount a view shows (Ansatz, Ist or Prognose of a
  year) and what it is compared with one year earlier.
- ``geldfluss``: the links of a Sankey Produktbereich → Produkt → Ziel. A product's amount is split
  exactly (in ``Decimal``) by its contribution shares; what its shares leave over goes to the node
  "keinem Ziel zugeordnet", shares in goals of other Handlungsfelder to one node for them, so that every
  product node passes on exactly its amount. Small products can be merged per Produktgruppe so that a
  field with many products stays legible.
- ``kosten_je_einheit``: Zuschussbedarf per case (Fallzahl) and, where a product has a Wirkung rate,
  per case with outcome (Fallzahl × Quote, an approximation stated as such).
- ``fallkosten``: THE definition of cost per case (Kosten je Fall) every view shows (Ziel, Produkt, Mengen-
  und Preiseffekt): Transferaufwand of the year (or, without transfer lines, Zuschussbedarf) ÷ Fallzahl of
  the same kind (Plan ÷ geplante Fälle, Ist ÷ Ist-Fälle im Jahresmittel, Prognose ÷ prognostizierte Fälle);
  see ``FALLKOSTEN_DEFINITION``. Reported Kennzahlen such as "Aufwand je Fall" are Stichtag values of the
  department and may differ; they keep their own name.
- ``veraenderung``, ``trendbewertung``, ``kennzahltrend``: change against the previous period and the
  same period one year earlier, and whether that change is for the better.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

import pandas as pd

from kennzahlen import formate as fmt
from kennzahlen.perioden import Periode

BETRAGSARTEN = {"ansatz": "Ansatz", "ist": "Ist", "prognose": "Prognose"}
"""The amounts a user can choose (URL parameter ``betrag``) → German label."""
STANDARD_BETRAGSART = "ansatz"

KEIN_ZIEL = "keinem Ziel zugeordnet"
ANDERE_FELDER = "Zielen anderer Handlungsfelder zugeordnet"
OHNE_BEREICH = "ohne Produktbereich"

KNOTENARTEN = ("produktbereich", "produkt", "produktgruppe_rest", "ziel", "andere_felder", "kein_ziel")
"""Kinds of Sankey nodes, in column order (sources first)."""

_NULL = Decimal(0)
_EINS = Decimal(1)


# ---------------------------------------------------------------------------------------------------
# Which amount
# ---------------------------------------------------------------------------------------------------


def betragsart_pruefen(roh: str | None) -> tuple[str, str | None]:
    """The Betragsart a URL asks for and a German hint when it is not one of ``BETRAGSARTEN``."""
    if roh is None or roh.strip() == "":
        return STANDARD_BETRAGSART, None
    wert = roh.strip().lower()
    if wert in BETRAGSARTEN:
        return wert, None
    erlaubt = ", ".join(BETRAGSARTEN)
    return STANDARD_BETRAGSART, (
        f"„{roh}“ ist keine gültige Betragsart (erlaubt: {erlaubt}); angezeigt wird der Ansatz."
    )


@dataclass(frozen=True)
class Betragswahl:
    """The amount column a view shows, its German label, and the column it is compared with."""

    art: str  # ansatz | ist | prognose (what the user chose)
    spalte: str  # column of ``zuschussbedarf`` frames: ansatz | ergebnis | ist_bis | prognose
    bezeichnung: str  # "Ansatz 2026", "Ist bis Q3 2026", "Ergebnis 2025", "Prognose 2026"
    vergleich_spalte: str  # the same kind one year earlier
    vergleich_bezeichnung: str
    unterjaehrig: bool  # only part of the year (Ist to a cut-off date)
    anteil_am_jahr: float  # 1.0 for whole-year amounts

    def jahresbetrag(self, betrag: float | None) -> float | None:
        """The amount on a 12-month basis (Ist to date extrapolated: statische Hochrechnung)."""
        if _fehlt(betrag):
            return None
        return float(betrag) / self.anteil_am_jahr if self.unterjaehrig else float(betrag)


def betrag_waehlen(art: str, periode: Periode, ergebnis_vorhanden: bool) -> Betragswahl:
    """Ansatz → Ansatz of the year; Prognose → Prognose vs. Ergebnis of the year before; Ist → the
    Ergebnis of a closed year when the last period of that year is chosen, else the Ist to the cut-off
    date compared with the Ist to the same date one year earlier."""
    if art not in BETRAGSARTEN:
        raise ValueError(f"Unbekannte Betragsart „{art}“; erlaubt sind: {', '.join(BETRAGSARTEN)}.")
    j = periode.jahr
    if art == "ansatz":
        return Betragswahl(art, "ansatz", f"Ansatz {j}", "ansatz_vorjahr", f"Ansatz {j - 1}", False, 1.0)
    if art == "prognose":
        return Betragswahl(art, "prognose", f"Prognose {j}", "ergebnis_vorjahr", f"Ergebnis {j - 1}", False, 1.0)
    if ergebnis_vorhanden and periode.anteil_am_jahr == 1.0:
        return Betragswahl(art, "ergebnis", f"Ergebnis {j}", "ergebnis_vorjahr", f"Ergebnis {j - 1}", False, 1.0)
    return Betragswahl(
        art, "ist_bis", f"Ist bis {periode.kurz}", "ist_vorjahr_bis", f"Ist bis {periode.vorjahr().kurz}",
        periode.anteil_am_jahr < 1.0, periode.anteil_am_jahr,
    )


# ---------------------------------------------------------------------------------------------------
# Sankey: Produktbereich → Produkt → Ziel
# ---------------------------------------------------------------------------------------------------


def _fehlt(wert) -> bool:
    if wert is None:
        return True
    try:
        return math.isnan(float(wert))
    except (TypeError, ValueError):
        return True


def dezimal(wert) -> Decimal:
    """A float from the query layer back to the decimal it was (shortest repr), e.g. 0.1 → Decimal('0.1')."""
    if isinstance(wert, Decimal):
        return wert
    if isinstance(wert, int):
        return Decimal(wert)
    return Decimal(repr(float(wert)))


@dataclass(frozen=True)
class Geldfluss:
    """Nodes and links of the Sankey.

    knoten: schluessel, art (see ``KNOTENARTEN``), code, name, betrag (Decimal: what flows through),
      anzahl_produkte (products behind a node; 1 for a product).
    kanten: quelle, ziel (node keys), betrag (Decimal, > 0), anteil (share of the product for product →
      goal links, else NaN).
    hinweise: German sentences on products left out (no amount, surplus) or shares above 100 %.
    """

    knoten: pd.DataFrame
    kanten: pd.DataFrame
    hinweise: list[str] = field(default_factory=list)

    @property
    def summe(self) -> Decimal:
        """The total flowing through the diagram (sum of the source nodes)."""
        quellen = self.knoten[self.knoten["art"] == "produktbereich"]
        return sum(quellen["betrag"], _NULL)


def _produktschluessel(code: str) -> str:
    return f"produkt:{code}"


def geldfluss(
    produkte: pd.DataFrame,
    anteile: pd.DataFrame,
    hoechstens: int | None = None,
    mindestanteil: float = 0.0,
) -> Geldfluss:
    """Sankey links from products, their contribution shares and the product hierarchy.

    ``produkte``: produkt_id, code, name, produktbereich_code, produktbereich_name, produktgruppe_code,
    produktgruppe_name, betrag (Zuschussbedarf in euro; NaN = no amount). ``anteile``: produkt_id,
    ziel_code, ziel_name, anteil (0–1), im_feld (False: the goal belongs to another Handlungsfeld).

    Products with no amount or a surplus (betrag ≤ 0) cannot flow and are named in ``hinweise``.
    Shares of one product adding up to more than 1 are scaled down to 1 (and named). Products beyond
    the ``hoechstens`` largest, or below ``mindestanteil`` of the total, are merged per Produktgruppe
    when at least two of one group are small.
    """
    hinweise: list[str] = []
    zeilen = []
    for p in produkte.itertuples(index=False):
        if _fehlt(p.betrag):
            hinweise.append(f"{p.code} {p.name}: kein Betrag vorhanden, nicht dargestellt.")
            continue
        betrag = dezimal(p.betrag)
        if betrag <= 0:
            hinweise.append(
                f"{p.code} {p.name}: kein Zuschussbedarf (Überschuss), im Flussdiagramm nicht darstellbar."
            )
            continue
        zeilen.append((p, betrag))

    # Exact split of each product by its shares (Decimal, no rounding: the parts add up to the whole).
    fluesse: dict[str, list[tuple[str, Decimal, float]]] = {}
    zielnamen: dict[str, tuple[str, str]] = {}
    je_produkt = {pid: gruppe for pid, gruppe in anteile.groupby("produkt_id")} if not anteile.empty else {}
    with localcontext() as ctx:
        ctx.prec = 50
        for p, betrag in zeilen:
            eigene = je_produkt.get(p.produkt_id)
            teile: list[tuple[str, Decimal, float]] = []
            summe_anteile = _NULL
            if eigene is not None:
                summe_anteile = sum((dezimal(a) for a in eigene["anteil"]), _NULL)
            faktor = _EINS
            if summe_anteile > _EINS:
                faktor = _EINS / summe_anteile
                hinweise.append(
                    f"{p.code} {p.name}: Beitragsanteile ergeben zusammen {_prozenttext(summe_anteile)}; "
                    "sie wurden anteilig auf 100 % gekürzt."
                )
            andere = _NULL
            if eigene is not None:
                for a in eigene.sort_values("ziel_code").itertuples(index=False):
                    teil = betrag * dezimal(a.anteil) * faktor
                    if not bool(a.im_feld):
                        andere += teil
                        continue
                    schluessel = f"ziel:{a.ziel_code}"
                    zielnamen[schluessel] = (a.ziel_code, a.ziel_name)
                    teile.append((schluessel, teil, float(a.anteil)))
            if andere > 0:
                teile.append(("andere_felder", andere, math.nan))
            rest = betrag - sum((t for _, t, _ in teile), _NULL)
            if rest > 0:
                teile.append(("kein_ziel", rest, math.nan))
            fluesse[p.code] = teile

    klein = _kleine_produkte([(p, b) for p, b in zeilen], hoechstens, mindestanteil)

    knoten: dict[str, dict] = {}
    kanten: dict[tuple[str, str], dict] = {}

    def knoten_dazu(schluessel: str, art: str, code: str, name: str, betrag: Decimal, anzahl: int = 1) -> None:
        k = knoten.setdefault(schluessel, dict(schluessel=schluessel, art=art, code=code, name=name,
                                               betrag=_NULL, anzahl_produkte=0))
        k["betrag"] += betrag
        k["anzahl_produkte"] += anzahl

    def kante_dazu(quelle: str, ziel: str, betrag: Decimal, anteil: float) -> None:
        k = kanten.setdefault((quelle, ziel), dict(quelle=quelle, ziel=ziel, betrag=_NULL, anteil=anteil))
        k["betrag"] += betrag
        if not math.isnan(k["anteil"]) and k["anteil"] != anteil:
            k["anteil"] = math.nan  # a merged node: the share differs between its products

    for p, betrag in zeilen:
        bereich_code = p.produktbereich_code if isinstance(p.produktbereich_code, str) else ""
        bereich = f"bereich:{bereich_code}"
        knoten_dazu(bereich, "produktbereich", bereich_code,
                    p.produktbereich_name if bereich_code else OHNE_BEREICH, betrag)
        if p.code in klein:
            gruppe_code = p.produktgruppe_code if isinstance(p.produktgruppe_code, str) else bereich_code
            gruppe_name = p.produktgruppe_name if isinstance(p.produktgruppe_name, str) else ""
            schluessel = f"rest:{gruppe_code}"
            knoten_dazu(schluessel, "produktgruppe_rest", gruppe_code, gruppe_name, betrag)
        else:
            schluessel = _produktschluessel(p.code)
            knoten_dazu(schluessel, "produkt", p.code, p.name, betrag)
        kante_dazu(bereich, schluessel, betrag, math.nan)
        for ziel, teil, anteil in fluesse[p.code]:
            if ziel == "andere_felder":
                knoten_dazu(ziel, "andere_felder", "", ANDERE_FELDER, teil, 0)
            elif ziel == "kein_ziel":
                knoten_dazu(ziel, "kein_ziel", "", KEIN_ZIEL, teil, 0)
            else:
                code, name = zielnamen[ziel]
                knoten_dazu(ziel, "ziel", code, name, teil, 0)
            kante_dazu(schluessel, ziel, teil, anteil)

    reihenfolge = {art: i for i, art in enumerate(KNOTENARTEN)}
    knoten_df = pd.DataFrame(
        sorted(knoten.values(), key=lambda k: (reihenfolge[k["art"]], -k["betrag"], k["code"])),
        columns=["schluessel", "art", "code", "name", "betrag", "anzahl_produkte"],
    )
    kanten_df = pd.DataFrame(list(kanten.values()), columns=["quelle", "ziel", "betrag", "anteil"])
    return Geldfluss(knoten_df, kanten_df, hinweise)


def _prozenttext(anteil: Decimal) -> str:
    return f"{anteil * 100:.1f}".replace(".", ",") + " %"


def _kleine_produkte(zeilen: list, hoechstens: int | None, mindestanteil: float) -> set[str]:
    """Codes of products to merge: beyond the ``hoechstens`` largest or below ``mindestanteil`` of the
    total, and only where at least two such products share a Produktgruppe (merging one gains nothing)."""
    if not zeilen:
        return set()
    gesamt = sum((b for _, b in zeilen), _NULL)
    sortiert = sorted(zeilen, key=lambda z: (-z[1], z[0].code))
    kandidaten = []
    for rang, (p, betrag) in enumerate(sortiert):
        zu_viele = hoechstens is not None and rang >= hoechstens
        zu_klein = gesamt > 0 and float(betrag / gesamt) < mindestanteil
        if zu_viele or zu_klein:
            kandidaten.append(p)
    je_gruppe: dict[str, list[str]] = {}
    for p in kandidaten:
        gruppe = p.produktgruppe_code if isinstance(p.produktgruppe_code, str) else str(p.produktbereich_code)
        je_gruppe.setdefault(gruppe, []).append(p.code)
    return {code for codes in je_gruppe.values() if len(codes) >= 2 for code in codes}


# ---------------------------------------------------------------------------------------------------
# Cost per unit of outcome
# ---------------------------------------------------------------------------------------------------


def kosten_je_einheit(betrag: float | None, menge: float | None) -> float | None:
    """Euro per unit: ``betrag / menge``; None when either is missing or the quantity is not positive."""
    if _fehlt(betrag) or _fehlt(menge) or float(menge) <= 0:
        return None
    return float(betrag) / float(menge)


def wirkungsfaelle(fallzahl: float | None, quote_prozent: float | None) -> float | None:
    """Cases with outcome, approximated as Fallzahl × Quote (in %); None when one is missing."""
    if _fehlt(fallzahl) or _fehlt(quote_prozent):
        return None
    return float(fallzahl) * float(quote_prozent) / 100.0


def jahresmittel(verlauf: pd.DataFrame, periode: Periode) -> pd.Series:
    """Mean Ist per kennzahl_id over the periods of ``periode``'s year up to and including it.

    ``verlauf``: kennzahl_id, jahr, periode, wert (Ist of one period kind). Kennzahlen without values
    in that span are missing from the result.
    """
    if verlauf.empty:
        return pd.Series(dtype=float)
    teil = verlauf[(verlauf["jahr"] == periode.jahr) & (verlauf["periode"] <= periode.nummer)]
    return teil.groupby("kennzahl_id")["wert"].mean().astype(float)


def kosten_je_fall(
    betraege: pd.DataFrame,
    bezugsgroessen: pd.DataFrame,
    verlauf: pd.DataFrame,
    wahl: Betragswahl,
    periode: Periode,
) -> pd.DataFrame:
    """Zuschussbedarf per case and per case with outcome, now and one year earlier (the Ziel view's older
    figure: always Ist-Fälle as divisor, whatever the amount; the pages show ``fallkosten`` instead).

    ``betraege``: produkt_id plus the columns named by ``wahl`` (euro, the product's whole amount).
    ``bezugsgroessen``: produkt_id, fallzahl_id, fallzahl_code, fallzahl_name, fallzahl_einheit and
    optionally wirkung_id, wirkung_code, wirkung_name (a Wirkung rate in % of the product, or NaN).
    ``verlauf``: Ist values as for ``jahresmittel``.

    Out per product: produkt_id, fallzahl_code, fallzahl_name, fallzahl_einheit, fallzahl (mean of the
    year to date), jahresbetrag (amount on a 12-month basis), je_fall, je_fall_vorjahr,
    je_fall_veraenderung (relative), wirkung_code, wirkung_name, wirkungsfaelle, je_wirkungsfall,
    je_wirkungsfall_vorjahr, je_wirkungsfall_veraenderung (None where not defined).
    """
    spalten = ["produkt_id", "fallzahl_code", "fallzahl_name", "fallzahl_einheit", "fallzahl", "jahresbetrag",
               "je_fall", "je_fall_vorjahr", "je_fall_veraenderung", "wirkung_code", "wirkung_name", "wirkungsfaelle",
               "je_wirkungsfall", "je_wirkungsfall_vorjahr", "je_wirkungsfall_veraenderung"]
    if bezugsgroessen.empty:
        return pd.DataFrame(columns=spalten)
    mittel = jahresmittel(verlauf, periode)
    mittel_vj = jahresmittel(verlauf, periode.vorjahr())
    geld = betraege.set_index("produkt_id")
    zeilen = []
    for b in bezugsgroessen.itertuples(index=False):
        if b.produkt_id not in geld.index:
            continue
        betrag = wahl.jahresbetrag(geld.at[b.produkt_id, wahl.spalte]) if wahl.spalte in geld else None
        vorjahr = (wahl.jahresbetrag(geld.at[b.produkt_id, wahl.vergleich_spalte])
                   if wahl.vergleich_spalte in geld else None)
        fall, fall_vj = mittel.get(b.fallzahl_id), mittel_vj.get(b.fallzahl_id)
        je_fall = kosten_je_einheit(betrag, fall)
        je_fall_vj = kosten_je_einheit(vorjahr, fall_vj)
        wirkung_id = getattr(b, "wirkung_id", None)
        hat_wirkung = not _fehlt(wirkung_id)
        quote = mittel.get(int(wirkung_id)) if hat_wirkung else None
        quote_vj = mittel_vj.get(int(wirkung_id)) if hat_wirkung else None
        faelle = wirkungsfaelle(fall, quote)
        je_wirkung = kosten_je_einheit(betrag, faelle)
        je_wirkung_vj = kosten_je_einheit(vorjahr, wirkungsfaelle(fall_vj, quote_vj))
        zeilen.append(dict(
            produkt_id=b.produkt_id, fallzahl_code=getattr(b, "fallzahl_code", None), fallzahl_name=b.fallzahl_name,
            fallzahl_einheit=b.fallzahl_einheit, fallzahl=fall, jahresbetrag=betrag, je_fall=je_fall,
            je_fall_vorjahr=je_fall_vj, je_fall_veraenderung=veraenderung(je_fall, je_fall_vj)[1],
            wirkung_code=getattr(b, "wirkung_code", None) if hat_wirkung else None,
            wirkung_name=getattr(b, "wirkung_name", None) if hat_wirkung else None,
            wirkungsfaelle=faelle, je_wirkungsfall=je_wirkung, je_wirkungsfall_vorjahr=je_wirkung_vj,
            je_wirkungsfall_veraenderung=veraenderung(je_wirkung, je_wirkung_vj)[1],
        ))
    return pd.DataFrame(zeilen, columns=spalten)


# ---------------------------------------------------------------------------------------------------
# Cost per case: the one definition
# ---------------------------------------------------------------------------------------------------

GRUNDLAGEN = {"transferaufwand": "Transferaufwand", "zuschussbedarf": "Zuschussbedarf"}
"""What the amount of a cost per case is: line 15 Transferaufwendungen, or the Zuschussbedarf (line 29)."""

FALLARTEN = {
    "plan": "geplant: Zielwert der Fallzahl",
    "ist_jahresmittel": "Ist im Jahresmittel",
    "ist_mittel_bis": "Ist im Mittel bis zum Stichtag",
    "prognose": "Prognose der Fallzahl",
}
"""How the case count of a cost per case was obtained → German label."""

FALLKOSTEN_DEFINITION = (
    "Kosten je Fall = Transferaufwand des Jahres (Teilergebnisplan Zeile 15; hat ein Produkt keinen "
    "Transferaufwand: Zuschussbedarf) ÷ Fallzahl derselben Art: ein Ansatz geteilt durch die geplanten Fälle "
    "(Zielwert der Fallzahl), ein Ergebnis durch die Ist-Fälle im Jahresmittel, ein Ist bis zum Stichtag "
    "(auf 12 Monate hochgerechnet) durch die Ist-Fälle im Mittel bis dahin, eine Prognose durch die "
    "prognostizierten Fälle (ohne Fallprognose: Ist-Fälle im Mittel bis zum Stichtag)."
)
"""The definition in words, shown on every page with a cost per case."""


def fallkosten(transferaufwand: float | None, zuschussbedarf: float | None, faelle: float | None) -> dict:
    """Cost per case by ``FALLKOSTEN_DEFINITION``: {grundlage, betrag, je_fall, zuschuss_je_fall}.

    ``grundlage`` is "transferaufwand" when the product has a Transferaufwand (not missing, not 0), else
    "zuschussbedarf"; ``je_fall`` is None when the case count is missing or not positive.
    """
    hat_transfer = not _fehlt(transferaufwand) and float(transferaufwand) != 0
    grundlage = "transferaufwand" if hat_transfer else "zuschussbedarf"
    betrag = transferaufwand if hat_transfer else zuschussbedarf
    betrag = None if _fehlt(betrag) else float(betrag)
    return {"grundlage": grundlage, "betrag": betrag, "je_fall": kosten_je_einheit(betrag, faelle),
            "zuschuss_je_fall": kosten_je_einheit(zuschussbedarf, faelle)}


def fallkosten_bezeichnung(grundlage: str) -> str:
    """The name of a cost per case that says what it divides: 'Transferaufwand je Fall'."""
    return f"{GRUNDLAGEN.get(grundlage, grundlage)} je Fall"


# ---------------------------------------------------------------------------------------------------
# Trends
# ---------------------------------------------------------------------------------------------------


def veraenderung(aktuell: float | None, vergleich: float | None) -> tuple[float | None, float | None]:
    """(difference, relative change) of ``aktuell`` against ``vergleich``; relative None when vergleich is 0."""
    if _fehlt(aktuell) or _fehlt(vergleich):
        return None, None
    differenz = float(aktuell) - float(vergleich)
    relativ = differenz / abs(float(vergleich)) if float(vergleich) != 0 else None
    return differenz, relativ


def _abstand_zum_korridor(wert: float, unten: float | None, oben: float | None) -> float:
    if unten is not None and wert < unten:
        return unten - wert
    if oben is not None and wert > oben:
        return wert - oben
    return 0.0


def trendbewertung(
    aktuell: float | None,
    vergleich: float | None,
    richtung: str,
    korridor_unten: float | None = None,
    korridor_oben: float | None = None,
) -> str | None:
    """"besser", "schlechter" or "gleich" for a change of a Kennzahl given its Richtung; None if unknown.

    For a Zielkorridor a value is better when it is closer to the corridor (inside counts as distance 0).
    """
    if _fehlt(aktuell) or _fehlt(vergleich):
        return None
    a, v = float(aktuell), float(vergleich)
    if richtung == "zielkorridor":
        unten = None if _fehlt(korridor_unten) else float(korridor_unten)
        oben = None if _fehlt(korridor_oben) else float(korridor_oben)
        if unten is None and oben is None:
            return None
        a, v = -_abstand_zum_korridor(a, unten, oben), -_abstand_zum_korridor(v, unten, oben)
    elif richtung == "niedriger_besser":
        a, v = -a, -v
    elif richtung != "hoeher_besser":
        raise ValueError(f"Unbekannte Richtung „{richtung}“.")
    if a > v:
        return "besser"
    if a < v:
        return "schlechter"
    return "gleich"


def kennzahltrend(verlauf: pd.DataFrame, periode: Periode, kennzahl_ids: Iterable[int]) -> pd.DataFrame:
    """Ist of ``periode``, of the period before and of the same period one year earlier per Kennzahl.

    ``verlauf``: kennzahl_id, jahr, periode, wert (Ist of ``periode.art``). Out: kennzahl_id, ist,
    vorperiode, vorjahr (NaN where missing).
    """
    ids = list(kennzahl_ids)
    ergebnis = pd.DataFrame({"kennzahl_id": ids})
    if verlauf.empty:
        for spalte in ("ist", "vorperiode", "vorjahr"):
            ergebnis[spalte] = math.nan
        return ergebnis
    index = verlauf.set_index(["kennzahl_id", "jahr", "periode"])["wert"].astype(float)
    index = index[~index.index.duplicated()]

    def wert(kid: int, p: Periode) -> float:
        return float(index.get((kid, p.jahr, p.nummer), math.nan))

    ergebnis["ist"] = [wert(k, periode) for k in ids]
    ergebnis["vorperiode"] = [wert(k, periode.vorige()) for k in ids]
    ergebnis["vorjahr"] = [wert(k, periode.vorjahr()) for k in ids]
    return ergebnis


def trendtext(
    aktuell: float | None,
    vergleich: float | None,
    einheit: str,
    stellen: int,
    richtung: str,
    korridor_unten: float | None = None,
    korridor_oben: float | None = None,
    bewerten: bool = True,
) -> str:
    """A change in words: '↑ +0,7 Pp. (besser)' for rates in %, '↓ -3,2 % (schlechter)' otherwise.

    The arrow shows the direction of the value, the word in brackets whether that is good given the
    Richtung (left out with ``bewerten=False``, e.g. for Kontext-Kennzahlen). '–' when a value is missing.
    """
    differenz, relativ = veraenderung(aktuell, vergleich)
    if differenz is None:
        return fmt.LEER
    pfeil = "↑" if differenz > 0 else "↓" if differenz < 0 else "→"
    vorzeichen = "+" if differenz >= 0 else "-"
    if einheit == "%":
        betrag = f"{vorzeichen}{fmt.zahl(abs(differenz), stellen)}\u00a0Pp."
    elif relativ is not None:
        betrag = fmt.prozent(relativ, 1, vorzeichen=True)
    else:
        betrag = f"{vorzeichen}{fmt.zahl(abs(differenz), stellen)}"
    text = f"{pfeil} {betrag}"
    if bewerten:
        urteil = trendbewertung(aktuell, vergleich, richtung, korridor_unten, korridor_oben)
        if urteil in ("besser", "schlechter"):
            text += f" ({urteil})"
        elif urteil == "gleich":
            text += " (unverändert)"
    return text
