# QPĐP as a container image: the second way to run it (compose.yaml), the first being the
# systemd units of docs/operator-guide.md. Dependencies come from the hashed lock only.
#   docker build -t qpdp .
FROM python:3.12-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY requirements/lock.txt requirements/catalogue.lock.txt requirements/
# Every wheel checked against the lock's hashes; the catalogue packages without their
# dependencies (requirements/catalogue.txt says why).
RUN python -m venv /opt/qpdp/venv \
 && /opt/qpdp/venv/bin/pip install --require-hashes --no-deps --only-binary=:all: \
      -r requirements/lock.txt -r requirements/catalogue.lock.txt
COPY pyproject.toml README.md LICENSE NOTICE ./
COPY src ./src
RUN /opt/qpdp/venv/bin/pip install --no-deps .

FROM python:3.12-slim-bookworm
# pg_dump/pg_restore for `qpdp backup` and `qpdp restore` on PostgreSQL (client 15, Debian 12's);
# DejaVu Serif in its four faces (core + extra), which the review PDF embeds for Vietnamese.
RUN apt-get update \
 && apt-get install --yes --no-install-recommends postgresql-client \
      fonts-dejavu-core fonts-dejavu-extra \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/qpdp --create-home qpdp
COPY --from=build /opt/qpdp/venv /opt/qpdp/venv
COPY deploy /opt/qpdp/app/deploy
COPY LICENSE NOTICE THIRD-PARTY-LICENSES.md /opt/qpdp/app/
COPY LICENSES /opt/qpdp/app/LICENSES
ENV PATH=/opt/qpdp/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    QPDP_VAR_DIR=/var/lib/qpdp \
    QPDP_BIND=0.0.0.0:8000
# Static files belong to the image, not to the data volume: collected here, at build, into
# /opt/qpdp/static; the entrypoint links QPDP_VAR_DIR/static to them, so a new image brings
# its own stylesheets even though the volume mounted on /var/lib/qpdp outlives it. Owned by
# qpdp so that `qpdp upgrade` (whose last step is collectstatic) succeeds inside a container too.
# Production settings (debugging off) so the static storage is the one that serves; the key
# is a throwaway only this command sees.
RUN QPDP_SECRET_KEY=collectstatic-only QPDP_VAR_DIR=/tmp/qpdp-build qpdp collectstatic --noinput -v 0 \
 && mv /tmp/qpdp-build/static /opt/qpdp/static \
 && rm -rf /tmp/qpdp-build \
 && chown -R qpdp:qpdp /opt/qpdp/static
USER qpdp
WORKDIR /var/lib/qpdp
EXPOSE 8000
ENTRYPOINT ["/opt/qpdp/app/deploy/docker-entrypoint.sh"]
CMD ["gunicorn", "-c", "/opt/qpdp/app/deploy/gunicorn.conf.py", "qpdp.wsgi"]
