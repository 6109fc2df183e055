# Wirkungscockpit: gunicorn serves app:server. Without DATABASE_URL the demo city lives in /app/data.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 WK_DATENVERZEICHNIS=/app/data WK_PORT=8050
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
CMD ["sh", "-c", "exec gunicorn app:server --workers ${WEB_CONCURRENCY:-2} --bind 0.0.0.0:${WK_PORT} --timeout 120 --no-control-socket"]
