"""Charts of the report as PNG images, rendered by kaleido through the system's Chromium with the German
Plotly locale (month names, number separators).

One browser serves all images of a report (kaleido's async API with one warm page), so a report with forty
charts costs one browser start. kaleido drops ``figure.config``, hence the locale is set by a setup script
on the page; both scripts need ABSOLUTE paths, since they are resolved against kaleido's temporary page.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import plotly.graph_objects as go

log = logging.getLogger(__name__)
LOCALE_JS = Path(__file__).resolve().parents[2] / "assets" / "plotly-locale-de.js"
EINRICHTUNG_JS = 'Plotly.setPlotConfig({locale: "de"});\n'
SKALIERUNG = 2
"""Pixel density of the PNGs (2 = sharp in print at the report's image width)."""

Fortschritt = Callable[[int, int], None]
"""Called with (images done, images in total)."""


def _seitengenerator(ordner: Path):
    import kaleido

    einrichtung = ordner / "locale_de_setup.js"
    einrichtung.write_text(EINRICHTUNG_JS, encoding="utf-8")
    andere = [str(LOCALE_JS.resolve()), str(einrichtung.resolve())] if LOCALE_JS.exists() else []
    return kaleido.PageGenerator(mathjax=False, others=andere)


async def _rendern(figuren: Sequence[go.Figure], fortschritt: Fortschritt | None) -> list[bytes]:
    import kaleido

    with tempfile.TemporaryDirectory(prefix="wk-bericht-") as tmp:
        seiten = _seitengenerator(Path(tmp))
        bilder: list[bytes] = []
        async with kaleido.Kaleido(n=1, page_generator=seiten, timeout=120) as k:
            for i, fig in enumerate(figuren, start=1):
                breite = fig.layout.width or 760
                hoehe = fig.layout.height or 400
                bilder.append(await k.calc_fig(fig, opts={"format": "png", "width": breite, "height": hoehe,
                                                          "scale": SKALIERUNG}))
                if fortschritt is not None:
                    fortschritt(i, len(figuren))
        return bilder


def als_png(figuren: Sequence[go.Figure], fortschritt: Fortschritt | None = None) -> list[bytes]:
    """Render the figures as PNG (one browser for all, in order); ``fortschritt`` hears of every image."""
    if not figuren:
        return []
    return asyncio.run(_rendern(list(figuren), fortschritt))
