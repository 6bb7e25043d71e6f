# Production image: gunicorn + whitenoise. Used by docker-compose.yml for web, worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=participation.settings.production
WORKDIR /app
# postgresql-client: pg_dump/pg_restore 15 for `python scripts/backup.py` / `restore.py` (docs/operations.md).
RUN apt-get update && apt-get install -y --no-install-recommends gettext postgresql-client && rm -rf /var/lib/apt/lists/*
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/base.lock
COPY . .
# collectstatic and compilemessages need the production settings but no secret and no database:
# a throwaway random SECRET_KEY lives only for this RUN step (nothing is baked into the image).
# Either command failing fails the build (set -e, nothing swallows an error): an image without its static files or its
# Welsh catalogue must never ship.
RUN set -eu; \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')"; \
    export SECRET_KEY ALLOWED_HOSTS=build; \
    python manage.py collectstatic --noinput; \
    python manage.py compilemessages --ignore=.venv; \
    test -f staticfiles/staticfiles.json
RUN useradd --create-home --uid 1000 app && mkdir -p /app/var /app/media && chown -R app /app/var /app/media
USER app
EXPOSE 8000
CMD ["gunicorn", "participation.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
