"""Serving a store over HTTP: the listening socket (taken before anything is announced, so a busy port
is reported first), and the Oxigraph server as a child process whose failures are told in one line.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from kg.errors import StoreError


def split_bind(bind: str) -> tuple[str, int]:
    """(host, port) from 'HOST:PORT', '[::1]:PORT' or ':PORT' (all interfaces); StoreError if malformed."""
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise StoreError(f"--bind {bind!r}: give HOST:PORT, e.g. 127.0.0.1:7878")
    host = host.strip("[]") or "0.0.0.0"
    return host, int(port)


def listen(bind: str) -> socket.socket:
    """A socket listening on `bind`; StoreError naming the address when it is taken or cannot be had."""
    host, port = split_bind(bind)
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror:
        raise StoreError(f"--bind {bind}: unknown host {host!r}") from None
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48, 10048):   # EADDRINUSE on Linux, macOS, Windows
            raise StoreError(f"{host}:{port} is already in use; stop what listens there or choose another "
                             "port with --bind HOST:PORT") from None
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def check_free(bind: str) -> None:
    """StoreError when nothing could listen on `bind` now (for a child process that binds it itself)."""
    listen(bind).close()


def oxigraph_binary() -> str | None:
    """The `oxigraph` server program: beside this Python (the virtualenv) or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def oxigraph_command(location, bind: str, *, read_write: bool = False, timeout: float | None = None) -> list[str]:
    """The oxigraph command line that serves `location`; its default graph is the store's merged graph
    (each triple once), as the embedded store answers, not Oxigraph's union (a triple once per graph)."""
    binary = oxigraph_binary()
    if binary is None:
        raise StoreError("the oxigraph server is not installed; pip install oxigraph")
    cmd = [binary, "serve" if read_write else "serve-read-only", "-l", str(location), "-b", bind]
    if timeout:
        cmd += ["--timeout-s", str(max(1, round(timeout)))]
    return cmd


def first_error(stderr_text: str) -> str:
    """The Oxigraph server's error in one line, without the Rust backtrace that may follow it."""
    for line in stderr_text.splitlines():
        text = line.strip()
        if text.startswith("Error:"):
            return text[len("Error:"):].strip()
        if "panicked at" in text:
            return text
    lines = [line.strip() for line in stderr_text.splitlines() if line.strip()]
    return lines[0] if lines else "no message"


@dataclass
class ChildOutcome:
    """How the child server ended: its exit code, its error in one line, and whether we stopped it."""

    code: int
    error: str
    stopped: bool


class OxigraphChild:
    """The Oxigraph server run as a child: no Rust backtrace, its stderr kept for a one-line error."""

    def __init__(self, cmd: list[str]):
        env = {**os.environ, "RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"}
        self.process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        self.stopping = False
        self._err: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in iter(self.process.stderr.readline, b""):
            if len(self._err) < 200:
                self._err.append(line.decode("utf-8", "replace"))

    def stop(self):
        self.stopping = True
        self.process.terminate()

    def wait(self) -> ChildOutcome:
        code = self.process.wait()
        self._reader.join(timeout=5)
        self.process.stderr.close()
        return ChildOutcome(code, first_error("".join(self._err)) if code else "", self.stopping)


# What a server wrote into named graphs reaches the merged default graph when the server is done:
# triples of named graphs missing from it go in, triples no named graph holds any more come out.
RESETTLE = ("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } } ;\n"
            "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")


def prepare_for_server(location) -> None:
    """Give a store written before the merged graph was kept its merged default graph, so a server
    answers as the embedded store does."""
    from kg.store.embedded import open_store, upgrade

    store = open_store(location)
    upgrade(store)
    store.flush()
    del store


def resettle(location) -> None:
    """Bring the merged default graph of a store a server has written into up to date (one transaction)."""
    from kg.store.embedded import open_store

    store = open_store(location)
    store.update(RESETTLE)
    store.flush()
    del store
