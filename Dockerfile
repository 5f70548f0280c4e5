# Pulih: one image for the app and the sync worker (compose.yaml runs both).
# No secret is ever in the image: secrets.toml (the service account's key, the database URL, the
# login client) is mounted at run time, and .dockerignore keeps local copies out of the build.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY app.py ./
COPY app_pages ./app_pages
COPY sheets ./sheets
COPY ui ./ui
COPY .streamlit/config.toml ./.streamlit/config.toml

# An unprivileged user; its home holds the mounted secrets (~/.streamlit/secrets.toml, where both
# Streamlit and `python -m sheets` look) and the state volume (cache: access log, logouts).
RUN useradd --system --uid 10001 --create-home --home-dir /var/lib/pulih pulih \
    && mkdir -p /var/lib/pulih/.streamlit /var/lib/pulih/state \
    && chown -R pulih /var/lib/pulih
USER pulih
ENV HOME=/var/lib/pulih \
    XDG_CACHE_HOME=/var/lib/pulih/state/cache \
    XDG_DATA_HOME=/var/lib/pulih/state/data

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501", \
     "--server.headless", "true", "--browser.gatherUsageStats", "false"]
