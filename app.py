"""Entry point for gunicorn (``gunicorn app:server``) and ``python app.py`` for a local start."""

import sys

from dashboard import create_app
from kennzahlen.settings import Einstellungen, EinstellungsFehler

try:
    einstellungen = Einstellungen.aus_umgebung()
    app = create_app(einstellungen)
except EinstellungsFehler as fehler:
    print(f"Wirkungscockpit startet nicht: {fehler}", file=sys.stderr)
    # 3 is gunicorn's "worker failed to boot": the master stops instead of restarting workers endlessly.
    sys.exit(3)
server = app.server

if __name__ == "__main__":
    print(f"Wirkungscockpit läuft: http://{einstellungen.host}:{einstellungen.port}/", file=sys.stderr)
    app.run(host=einstellungen.host, port=einstellungen.port, debug=einstellungen.debug)
