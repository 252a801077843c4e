# Mentorbrug production image: gunicorn (gunicorn.conf.py) on port 8000. The schema is migrated by a separate
# one-shot command before the app starts (compose.yaml's `migrate` service does it):
#   docker build -t mentorbrug .
#   docker run --rm -e DATABASE_URL=... -e SECRET_KEY=... -e BASE_URL=... mentorbrug flask db upgrade heads
#   docker run -e DATABASE_URL=... -e SECRET_KEY=... -e BASE_URL=https://... -e REDIS_URL=... -p 8000:8000 mentorbrug
# Production (MENTORBRUG_ENV, set here) refuses to start without DATABASE_URL, SECRET_KEY and BASE_URL.

FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# The newest Python the suite runs on (.ci/run); trixie's postgresql-client (17) dumps servers up to 17.
FROM python:3.13-slim-trixie
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MENTORBRUG_ENV=production FLASK_APP=wsgi \
    GUNICORN_BIND=0.0.0.0:8000 WEB_CONCURRENCY=2 GUNICORN_THREADS=4
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 mentorbrug
WORKDIR /app
# Exactly the locked runtime versions, checked against their hashes (no dev tools, no tests).
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
# Only what runs: no tests/, .ci/, docs/ or node_modules in the image.
COPY wsgi.py gunicorn.conf.py pyproject.toml ./
COPY workspace ./workspace
COPY workflows ./workflows
COPY migrations ./migrations
COPY templates ./templates
COPY scripts/assets.py scripts/i18n.py ./scripts/
COPY --from=assets /build/node_modules ./node_modules
RUN python scripts/assets.py && python scripts/i18n.py compile && rm -rf node_modules scripts \
    && mkdir -p instance && chown -R mentorbrug:mentorbrug instance
USER mentorbrug
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"]
