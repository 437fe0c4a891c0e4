"""`kg serve` as a real process for tests: started on a free loopback port, waited for, and stopped."""
from __future__ import annotations

import contextlib
import subprocess
import sys
import time
import urllib.error
import urllib.request

from servers import free_port


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


@contextlib.contextmanager
def kg_serve(location, *args: str, wait: float = 60.0):
    """Run `kg serve -l location ARGS` on 127.0.0.1 and a free port; yield (base URL, process); stop it after."""
    port = free_port()
    cmd = [sys.executable, "-m", "kg.cli", "serve", "-l", str(location), "--bind", f"127.0.0.1:{port}", *args]
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"kg serve exited: {process.stderr.read().decode(errors='replace')}")
            try:
                status, _, _ = fetch(f"{base}/sparql?query=ASK%7B%7D", timeout=5)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("kg serve did not answer in time")
            time.sleep(0.1)
        yield base, process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        process.stdout.close()
        process.stderr.close()
