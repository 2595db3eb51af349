# The example bot served by `bot serve`, its model trained at build time.
#
#   docker build -t lexbot .
#   docker run --rm -p 8000:8000 -e BOT_API_AUTH=sigv4 -e BOT_API_CREDENTIALS=AKID:SECRET \
#       -e BOT_ALLOWED_HOSTS=bot.example.com,localhost lexbot
#
# The server binds 0.0.0.0, so it refuses to start until BOT_API_AUTH (and BOT_ALLOWED_HOSTS)
# are given at run time: this image never turns authentication off by itself. To serve another
# bot, copy its files over /srv/bot in an image of your own and run `bot train` there.

# The Python of development and CI (3.11), in both stages: the virtual environment built in the
# first runs on the second's interpreter.
FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY fulfillment/ fulfillment/
COPY channels/ channels/
RUN pip install --no-cache-dir .
# The bot files and their model live in the same folder at run time (the model's fingerprint
# covers the bot files, not the folder's path).
WORKDIR /srv/bot
COPY bot.yaml ./
COPY intents/ intents/
COPY training_data/ training_data/
RUN bot check && bot train

FROM python:3.11-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BOT_SESSIONS=sqlite:////data/sessions.sqlite
# The code and the bot stay root's: the server writes only its sessions, in /data.
RUN groupadd --system --gid 10001 bot \
    && useradd --system --uid 10001 --gid bot --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin bot \
    && mkdir /data \
    && chown bot:bot /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /srv/bot /srv/bot
WORKDIR /srv/bot
VOLUME ["/data"]
USER 10001:10001
EXPOSE 8000
# /health saves and deletes a record through the session store: 200 only when a turn could be
# saved. The standard library asks it (a slim image has no curl); urlopen raises on a 503.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
# Exec form: the server is PID 1, so it gets SIGTERM and drains. It reads BOT_SESSIONS itself.
CMD ["bot", "serve", "--host", "0.0.0.0", "--port", "8000"]
