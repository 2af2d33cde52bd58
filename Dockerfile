FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    COALITION_VAR_DIR=/var/lib/coalition

# Pango and HarfBuzz for WeasyPrint (PDF export); DejaVu fonts for Dutch characters.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install ".[s3]"
COPY . .
RUN useradd --system --home /app coalition && mkdir -p /var/lib/coalition \
 && chown coalition /var/lib/coalition \
 && DEBUG=false SECRET_KEY=collectstatic-only SITE_URL=http://build.invalid \
    python manage.py collectstatic --no-input
USER coalition
EXPOSE 8000
CMD ["gunicorn", "coalition.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
