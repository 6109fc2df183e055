"""Benchmark of Wirkungscockpit: ``python -m bench`` (see ``bench/__main__.py`` and the README).

It measures, for SQLite and PostgreSQL on the same machine in the same run: the server time of every
page's router callback (cold, warm and without cache), the floor (the bare SQL of the same rows, the
figure serialisation, a trivial Dash callback), the time until a page is fully drawn in headless
Chromium against a bare one-graph Dash page, cold start, import speed, peak memory per gunicorn worker
and a bounded load test over several workers and two instances. Lives outside ``kennzahlen`` because
it imports dash.

Modules: ``messung`` (statistics, machine), ``daten`` (databases and varied inputs), ``callbacks``
(server time via the Flask test client), ``boden`` (the floor), ``server`` (gunicorn on free ports),
``browser`` (Chromium render time), ``start`` (cold start), ``importe`` (import speed), ``last`` (load
test), ``profil`` (cProfile of the slowest callback), ``ausgabe`` (table and JSON); ``app_trivial`` and
``app_eingraph`` are the comparison apps gunicorn serves.
"""
