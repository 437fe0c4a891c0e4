"""Running the application with uvicorn on a socket that is already listening (see kg.store.server.listen)."""
from __future__ import annotations

import contextlib
import signal
import threading


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

    config = uvicorn.Config(app, log_level="info" if access_log else "warning", access_log=access_log,
                            lifespan="on", timeout_graceful_shutdown=5, server_header=False)
    Server(config).run(sockets=[sock])
