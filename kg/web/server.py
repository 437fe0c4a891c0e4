"""Running the application with uvicorn on a socket that is already listening (see kg.store.server.listen)."""
from __future__ import annotations

import contextlib
import signal
import threading


def log_config(*, access_log: bool) -> dict:
    """uvicorn's logging: warnings in one line on stderr, and a line per request there with --access-log."""
    def handler(formatter):
        return {"formatter": formatter, "class": "logging.StreamHandler", "stream": "ext://sys.stderr"}

    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {
            "default": {"()": "uvicorn.logging.DefaultFormatter", "fmt": "kg serve: %(message)s", "use_colors": False},
            "access": {"()": "uvicorn.logging.AccessFormatter", "use_colors": False,
                       "fmt": '%(asctime)s %(client_addr)s "%(request_line)s" %(status_code)s'},
        },
        "handlers": {"default": handler("default"), "access": handler("access")},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": "WARNING", "propagate": False},
            "uvicorn.access": {"handlers": ["access"], "level": "INFO" if access_log else "WARNING",
                               "propagate": False},
        },
    }


def run(app, sock, *, access_log: bool = False) -> None:
    """Serve `app` on `sock` until SIGINT or SIGTERM; returns after a graceful shutdown."""
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, except that a stop signal ends `run` instead of being raised again afterwards."""

        @contextlib.contextmanager
        def capture_signals(self):
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            signals = (signal.SIGINT, signal.SIGTERM)
            previous = {sig: signal.signal(sig, self.handle_exit) for sig in signals}
            try:
                yield
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)

    config = uvicorn.Config(app, log_config=log_config(access_log=access_log), access_log=access_log,
                            lifespan="on", timeout_graceful_shutdown=5, server_header=False)
    Server(config).run(sockets=[sock])
