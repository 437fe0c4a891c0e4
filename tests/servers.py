"""Real HTTP servers for tests: Oxigraph and Virtuoso on free ports, and small stand-ins that answer with errors."""
from __future__ import annotations

import base64
import contextlib
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process, *, wait: float) -> None:
    """Stop a server process: terminate it, and kill it if it has not exited within `wait` seconds."""
    process.terminate()
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_answering(process, url: str, *, wait: float, name: str) -> None:
    """Return once `url` answers 200; RuntimeError if the server process exits first or `wait` s pass."""
    deadline = time.monotonic() + wait
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {process.stderr.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer in time") from None
            time.sleep(0.05)


@contextlib.contextmanager
def oxigraph_server(location, *, read_write: bool = True, wait: float = 20.0, union: bool = True):
    """Run `oxigraph serve` (with a union default graph unless `union` is False) on a free port; yield its
    base URL; stop it afterwards."""
    if not OXIGRAPH.exists():
        raise RuntimeError(f"the oxigraph server is not installed at {OXIGRAPH}: it is in the test extra "
                           "(make install, or pip install -e '.[test]')")
    port = free_port()
    cmd = [str(OXIGRAPH), "serve" if read_write else "serve-read-only", "-l", str(location),
           "-b", f"127.0.0.1:{port}"] + (["--union-default-graph"] if union else [])
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(process, f"{base}/query?query=ASK%7B%7D", wait=wait, name="oxigraph")
        yield base
    finally:
        stop(process, wait=10)
        process.stderr.close()


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers every request with the server's configured status, recording what it saw."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append({"method": self.command, "path": self.path,
                                 "headers": dict(self.headers), "body": body})
        status, payload, ctype = self.server.respond(self)
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args):  # keep test output quiet
        pass


def needs_auth(user: str, password: str, ok_body: bytes = b'{"head":{},"boolean":true}'):
    """A responder that wants HTTP Basic credentials user:password (401 otherwise)."""
    token = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def respond(handler):
        if handler.headers.get("Authorization") == token:
            return 200, ok_body, "application/sparql-results+json"
        return 401, b"unauthorised", "text/plain"

    return respond


def fixed(status: int, body: bytes = b"", ctype: str = "text/plain"):
    """A responder that always answers with one status and body."""
    return lambda handler: (status, body, ctype)


@contextlib.contextmanager
def stub_server(respond):
    """A local http.server answering through `respond(handler) -> (status, body, type)`; yields (url, seen)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.respond = respond
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.seen
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def silent_server():
    """A port that takes connections and never answers (the kernel accepts them; nobody reads); yields its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ServerThreads = 4
CheckpointInterval = 0
DirsAllowed = {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def virtuoso_missing() -> str | None:
    """What is missing to start a Virtuoso server here, or None."""
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        return "Virtuoso is not installed (Debian's virtuoso-opensource-7-bin)"
    return None


@contextlib.contextmanager
def virtuoso_server(folder: Path, *, wait: float = 60.0):
    """Run Virtuoso 7 (`virtuoso-t`) with a virtuoso.ini in `folder` on free loopback ports; yield its base URL.

    Its anonymous SPARQL user may write (the Graph Store endpoint /sparql-graph-crud and SPARQL
    Update); /sparql-graph-crud-auth wants the dba user (password dba) over HTTP Digest.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port))
    process = subprocess.Popen([shutil.which("virtuoso-t"), "+foreground", "+configfile", str(ini)], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + wait
        while True:
            if process.poll() is not None:
                log = (folder / "virtuoso.log").read_text(errors="replace") if (folder / "virtuoso.log").exists() else ""
                raise RuntimeError(f"virtuoso exited: {log[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("virtuoso did not answer in time") from None
                time.sleep(0.2)
        subprocess.run([shutil.which("isql-vt"), f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, capture_output=True, timeout=60)
        yield base
    finally:
        stop(process, wait=30)
