# Mentorbrug production image: gunicorn on port 8000, schema migrated before start.
# Build: docker build -t mentorbrug .   Run: docker run -e SECRET_KEY=... -e DATABASE_URL=postgresql+psycopg://... -p 8000:8000 mentorbrug

FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 MENTORBRUG_ENV=production FLASK_APP=wsgi
WORKDIR /app
RUN useradd --create-home --uid 10001 mentorbrug
COPY pyproject.toml ./
# Only the dependencies: the app itself runs from /app, next to its templates and migrations.
RUN python -c "import tomllib, subprocess, sys; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--no-cache-dir', *deps])"
COPY . .
COPY --from=assets /build/node_modules ./node_modules
RUN python scripts/assets.py && python scripts/i18n.py compile && rm -rf node_modules \
    && mkdir -p instance && chown -R mentorbrug:mentorbrug instance
USER mentorbrug
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["sh", "-c", "flask db upgrade heads && exec gunicorn --no-control-socket --bind 0.0.0.0:8000 --workers 3 --access-logfile - wsgi:app"]
