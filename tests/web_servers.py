"""`kg serve` as a real process for tests: started on a free loopback port, waited for, and stopped."""
from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass

from servers import free_port, wait_until_answering


def fetch(url: str, *, accept: str | None = None, data: bytes | None = None, content_type: str | None = None,
          method: str | None = None, timeout: float = 60.0) -> tuple[int, dict, bytes]:
    """(status, headers with lower-case names, body) of one request; HTTP errors are answers too."""
    headers = {}
    if accept:
        headers["Accept"] = accept
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


@dataclass
class Served:
    """A running `kg serve`: its base URL and process; `stderr` holds what it printed once it stopped."""

    base: str
    process: subprocess.Popen
    stderr: str = ""


@contextlib.contextmanager
def kg_serve(location, *args: str, ready: str = "/sparql?query=ASK%7B%7D", stop=signal.SIGTERM,
             wait: float = 60.0):
    """Run `kg serve -l location ARGS` on 127.0.0.1 and a free port until `ready` answers; stop it with `stop`."""
    port = free_port()
    cmd = [sys.executable, "-m", "kg.cli", "serve", "-l", str(location), "--bind", f"127.0.0.1:{port}", *args]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    served = Served(f"http://127.0.0.1:{port}", process)
    try:
        wait_until_answering(process, served.base + ready, wait=wait, name="kg serve")
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(stop)
        try:
            _, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
        served.stderr = err.decode("utf-8", "replace")
