"""Gunicorn settings, from the environment (see README: Configuration)."""

import multiprocessing
import os

from service.runtime.memory import is_large, limit_arenas, trim
from service.runtime.ready import announce_ready  # its flag is made here, before the fork
from service.settings import log_format_from_env

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# Request lines up to gunicorn's maximum (default 4094), so every text parameter at its
# documented maximum length fits; a longer one is a 414, in problem+json like every error.
limit_request_line = 8190


def on_starting(server):
    """The condition vocabulary (ICD-10-CM, ~2-3 s to parse and index) is built here, in the
    master, before any worker is forked: a worker's first match does not pay for it, and the
    workers share its pages copy-on-write (frozen: the collector never touches them)."""
    import gc

    from domain.conditions.concepts import warm

    warm()
    gc.freeze()
    limit_arenas()  # inherited by every worker (service.runtime.memory)


def post_worker_init(worker):
    """Gunicorn's own 400/414/431 answers in problem+json (service.runtime.gunicorn_errors);
    the first worker to have loaded the app says where to go (service.runtime.ready); Ctrl-C
    is left to the master (below). The app's objects, loaded by now and kept for the
    worker's life, are frozen like the master's vocabulary: a full collection, which a
    match's thousands of candidates set off, then walks the request's objects alone rather
    than the whole app as well (tens of ms)."""
    import gc
    import signal

    from service.runtime.gunicorn_errors import install

    install()
    gc.freeze()
    announce_ready(worker.sockets)
    # Ctrl-C reaches every process of the terminal's group; the master answers it (a quick
    # shutdown: SIGQUIT to each worker). A gthread worker handling the SIGINT itself could get
    # that SIGQUIT inside the handler, while it holds its thread pool's shutdown lock, and wait
    # on that lock forever (until the master's SIGKILL, GUNICORN_GRACEFUL_TIMEOUT later).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def post_request(worker, req, environ, resp):
    """After a request that allocates tens of MB (a match, an export, filtered stats), the
    worker hands the freed pages back (service.runtime.memory): its RSS stays near its
    resting size rather than its largest request's times its threads."""
    if is_large(req.path or ""):
        trim()


accesslog = None  # the app logs one line per request (service.web.observability; ACCESS_LOG)
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# No version banner: gunicorn (>= 20.1) sends a bare "Server: gunicorn".

# Metrics from every worker (prometheus_client multiprocess mode): a directory set before any
# worker imports prometheus_client (service.runtime.boot sets one up; a bare gunicorn gets its own).
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    import tempfile

    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="trials-metrics-")

# The app's choice (LOG_FORMAT, else text on a terminal and JSON otherwise) for gunicorn's lines
_formatter = "JsonFormatter" if log_format_from_env() == "json" else "TextFormatter"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"default": {"()": f"service.web.observability.{_formatter}"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "default",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": loglevel.upper(), "handlers": []},  # the app adds its own (observability)
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": loglevel.upper(), "handlers": [], "propagate": False},
    },
}


def child_exit(server, worker):
    """A worker's live gauges (database pool) leave the sums with it."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Remove a metrics directory made for this run (never one the operator chose)."""
    import shutil
    import tempfile
    from pathlib import Path

    path = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    if path.parent == Path(tempfile.gettempdir()) and path.name.startswith("trials-metrics-"):
        shutil.rmtree(path, ignore_errors=True)


max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = 100 if max_requests else 0
