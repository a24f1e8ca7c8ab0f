# Parallax in a container: one process, the SQLite database on a volume at /data.
#   docker compose up -d            (reads .env; see compose.yaml and README "operators")
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies and the `parallax` command. The wheel carries bot/, cogs/, loopback/ and parallax/
# with the migrations and fonts; the dataset (data/) is not Python, so it is copied
# beside it and pointed to with PARALLAX_DATA_DIR.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY loopback ./loopback
COPY parallax ./parallax
RUN pip install . && rm -rf build ./*.egg-info
COPY data ./data

# An unprivileged user that owns only the database volume.
RUN useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin parallax \
    && mkdir -p /data && chown parallax:parallax /data
USER parallax

ENV PARALLAX_DATABASE=/data/parallax.sqlite3 \
    PARALLAX_DATA_DIR=/app/data
VOLUME ["/data"]

# Healthy while the process runs and the database answers a read (backups and pre-migration
# copies land next to it in /data). No port: the bot only makes outgoing connections.
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD python -c "import os, sqlite3; sqlite3.connect('file:' + os.environ['PARALLAX_DATABASE'] + '?mode=ro', uri=True, timeout=5).execute('PRAGMA quick_check').fetchone()"

# `docker stop` sends SIGTERM, which ends the process at once (the CLI installs no handler);
# every acknowledged write is already on disk (WAL with synchronous=FULL), and a reminder
# that was being posted is reconciled from the channel on the next start.
CMD ["parallax", "run"]
