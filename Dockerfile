# Wirkungscockpit for production: gunicorn serves app:server, behind a reverse proxy (see README "Betrieb").
# The image starts in production mode: it needs DATABASE_URL (PostgreSQL, set up with
# `python -m kennzahlen db upgrade`), never loads the demo city and never creates demo accounts.
# A local demo instead: docker run -e WK_UMGEBUNG=entwicklung -e WK_DEMO_LADEN=ja -p 127.0.0.1:8050:8050 wirkungscockpit
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 WK_DATENVERZEICHNIS=/app/data WK_PORT=8050 \
    WK_UMGEBUNG=produktion WK_DEMO_LADEN=nein
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py ./
COPY kennzahlen ./kennzahlen
COPY dashboard ./dashboard
COPY assets ./assets
RUN useradd --system --home /app wirkung && mkdir -p /app/data && chown wirkung /app/data
USER wirkung
EXPOSE 8050
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os; urllib.request.urlopen('http://127.0.0.1:'+os.environ['WK_PORT']+'/health')"
# Inside the container the app must listen on all of the container's interfaces; publish the port only
# to the reverse proxy (e.g. -p 127.0.0.1:8050:8050). A settings error stops gunicorn (exit code 3).
CMD ["sh", "-c", "exec gunicorn app:server --workers ${WEB_CONCURRENCY:-2} --bind 0.0.0.0:${WK_PORT} --timeout 120 --no-control-socket"]
