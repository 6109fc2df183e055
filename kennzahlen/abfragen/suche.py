"""Search over Kennzahlen, Ziele, Produkte and Handlungsfelder by name or code."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import literal, or_, select, union_all
from sqlalchemy.orm import Session, sessionmaker

from kennzahlen.models import Handlungsfeld, Kennzahl, Produkt, Ziel

ARTEN = {"handlungsfeld": "Handlungsfeld", "ziel": "Ziel", "kennzahl": "Kennzahl", "produkt": "Produkt"}


def suchen(fabrik: sessionmaker[Session], begriff: str, hoechstens: int = 50) -> pd.DataFrame:
    """Objects whose code or name contains ``begriff`` (case-insensitive; % and _ match literally).

    Columns: art (handlungsfeld/ziel/kennzahl/produkt), code, name, treffer_code (the code matched).
    Exact code matches come first, then by kind and code.
    """
    begriff = begriff.strip()
    spalten = ["art", "code", "name", "treffer_code"]
    if not begriff:
        return pd.DataFrame(columns=spalten)
    teile = []
    for art, modell in (("handlungsfeld", Handlungsfeld), ("ziel", Ziel), ("kennzahl", Kennzahl),
                        ("produkt", Produkt)):
        teile.append(
            select(literal(art).label("art"), modell.code, modell.name,
                   modell.code.icontains(begriff, autoescape=True).label("treffer_code"))
            .where(or_(modell.code.icontains(begriff, autoescape=True),
                       modell.name.icontains(begriff, autoescape=True)))
        )
    with fabrik() as s:
        zeilen = s.execute(union_all(*teile)).all()
    df = pd.DataFrame(zeilen, columns=spalten)
    if df.empty:
        return df
    df["treffer_code"] = df["treffer_code"].astype(bool)
    df["exakt"] = df["code"].str.lower() == begriff.lower()
    reihenfolge = {a: i for i, a in enumerate(ARTEN)}
    df["_art"] = df["art"].map(reihenfolge)
    df = df.sort_values(["exakt", "_art", "code"], ascending=[False, True, True]).head(hoechstens)
    return df[spalten].reset_index(drop=True)
