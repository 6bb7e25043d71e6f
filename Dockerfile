# Production image: gunicorn + whitenoise. Used by docker-compose.yml for web, worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=participation.settings.production
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/base.lock
COPY . .
# collectstatic and compilemessages need settings but no secrets or database.
RUN SECRET_KEY=build-only-placeholder-key-not-used-at-runtime-0123456789abcdef \
    ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore=.venv || true
RUN useradd --create-home --uid 1000 app && mkdir -p /app/var /app/media && chown -R app /app/var /app/media
USER app
EXPOSE 8000
CMD ["gunicorn", "participation.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
