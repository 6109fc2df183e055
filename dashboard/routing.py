"""Address → page: path patterns such as ``/kennzahl/{code}`` map to page modules."""

from __future__ import annotations

from types import ModuleType
from urllib.parse import parse_qsl, unquote, urlencode


def aufloesen(routen: list[tuple[str, ModuleType]], pfad: str | None) -> tuple[ModuleType, dict[str, str]] | None:
    """The page module for ``pfad`` and the values of its ``{platzhalter}``; None when no route matches."""
    teile = [t for t in (pfad or "/").split("/") if t]
    for muster, modul in routen:
        musterteile = [t for t in muster.split("/") if t]
        if len(musterteile) != len(teile):
            continue
        werte: dict[str, str] = {}
        for m, t in zip(musterteile, teile, strict=True):
            if m.startswith("{") and m.endswith("}"):
                werte[m[1:-1]] = unquote(t)
            elif m != t:
                break
        else:
            return modul, werte
    return None


def abfrageparameter(suche: str | None) -> dict[str, str]:
    """The query string as a dict (last value wins; blank values kept)."""
    return dict(parse_qsl((suche or "").lstrip("?"), keep_blank_values=True))


def neue_suche(bisher: str | None, **werte: str | None) -> str:
    """The query string with these parameters set (None or empty: removed), others kept."""
    alle = abfrageparameter(bisher)
    for name, wert in werte.items():
        if wert in (None, ""):
            alle.pop(name, None)
        else:
            alle[name] = str(wert)
    return "?" + urlencode(alle) if alle else ""
