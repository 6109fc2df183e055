"""The floor: what the same answer costs at the least, measured on the same machine in the same run.

- SQL: the statements an uncached render ran (recorded by ``callbacks.SqlMitschnitt``), each distinct
  one once, replayed on a raw DBAPI connection with ``fetchall`` – the bare cost of reading the same rows.
- Figur: every figure of the answer built once as ``go.Figure`` from its final dict and serialised with
  ``plotly.io.to_json`` – the bare cost of a comparable figure.
- Dash: a trivial Dash app with one callback returning a string, POSTed through the Flask test client
  like ours – the bare cost of a Dash callback round trip.
The floor of one input is the sum of the three.
"""

from __future__ import annotations

import time

import plotly.graph_objects as go
import plotly.io as pio

from bench.callbacks import Seitenmessung, aufrufen
from bench.messung import Frist, kennwerte


def _eindeutig(anweisungen: list[tuple[str, object]]) -> list[tuple[str, object]]:
    gesehen, liste = set(), []
    for sql, parameter in anweisungen:
        schluessel = (sql, repr(parameter))
        if schluessel not in gesehen:
            gesehen.add(schluessel)
            liste.append((sql, parameter))
    return liste


def sql_zeit(engine, anweisungen: list[tuple[str, object]], wiederholungen: int = 3) -> tuple[float, int]:
    """(best of up to ``wiederholungen`` seconds, rows) to run the distinct statements on a raw connection
    (one run only when it takes longer than 0.2 s)."""
    liste = _eindeutig(anweisungen)
    roh = engine.raw_connection()
    try:
        beste, zeilen = float("inf"), 0
        for _ in range(wiederholungen):
            start = time.perf_counter()
            zeilen = 0
            cur = roh.cursor()
            for sql, parameter in liste:
                cur.execute(sql, parameter)
                zeilen += len(cur.fetchall()) if cur.description else 0
            cur.close()
            beste = min(beste, time.perf_counter() - start)
            if beste > 0.2:
                break
        roh.rollback()
    finally:
        roh.close()
    return beste, zeilen


def figur_zeit(figuren: list[tuple[str, dict]], wiederholungen: int = 3) -> float:
    """Best of ``wiederholungen`` seconds to build and serialise every figure of one answer."""
    beste = float("inf")
    for _ in range(wiederholungen):
        start = time.perf_counter()
        for _id, fig in figuren:
            pio.to_json(go.Figure(fig), validate=False)
        beste = min(beste, time.perf_counter() - start)
    return beste if figuren else 0.0


def trivialer_callback(wiederholungen: int) -> list[float]:
    """Durations (s) of the trivial Dash callback through the Flask test client (first call excluded)."""
    from bench import app_trivial

    client = app_trivial.server.test_client()
    aufrufen(client, app_trivial.KOERPER)
    return [aufrufen(client, app_trivial.KOERPER)[0] for _ in range(wiederholungen)]


def messen(engine, messungen: dict[str, Seitenmessung], trivial_median_s: float, budget_s: float) -> dict[str, dict]:
    """Per page: floor of each uncached input (SQL + figure + trivial callback), summarised; within about
    ``budget_s`` seconds (at least one input per page)."""
    ergebnis = {}
    gesamt = Frist(budget_s)
    for i, (seite, m) in enumerate(messungen.items()):
        frist = Frist(gesamt.rest / (len(messungen) - i))
        sql, fig, summe, zeilen = [], [], [], []
        for nr, (anweisungen, figuren) in enumerate(zip(m.sql, m.figuren, strict=True)):
            if nr and frist.abgelaufen:
                break
            s, n = sql_zeit(engine, anweisungen)
            f = figur_zeit(figuren)
            sql.append(s)
            fig.append(f)
            zeilen.append(n)
            summe.append(s + f + trivial_median_s)
        ergebnis[seite] = {
            "sql": kennwerte(sql),
            "figur": kennwerte(fig),
            "summe": kennwerte(summe),
            "zeilen_median": sorted(zeilen)[len(zeilen) // 2] if zeilen else None,
        }
    return ergebnis
