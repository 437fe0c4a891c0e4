"""A real Dask cluster for tests: `dask scheduler` and `dask worker` processes from this virtualenv on
127.0.0.1 (free ports), stopped afterwards."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from servers import free_port

DASK = Path(sys.executable).parent / "dask"


@dataclass
class DaskCluster:
    """The address of a running scheduler, its process and the worker processes (nannies)."""

    address: str
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen] = field(default_factory=list)
    hold_dir: Path | None = None

    def client(self):
        """A dask.distributed Client of this cluster (close it after use)."""
        from distributed import Client

        return Client(self.address, timeout=20, set_as_default=False)

    def wait_for_workers(self, count: int, timeout: float = 60) -> None:
        with contextlib.closing(self.client()) as client:
            client.wait_for_workers(count, timeout=timeout)


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"dask scheduler exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if time.monotonic() > deadline:
            raise RuntimeError("the dask scheduler did not listen in time")
        time.sleep(0.05)


def start_worker(address: str, workdir: Path, env: dict) -> subprocess.Popen:
    """One `dask worker` (a nanny and its worker process, one thread) for the scheduler at `address`."""
    return subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--host", "127.0.0.1",
                             "--no-dashboard", "--local-directory", str(workdir)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


@contextlib.contextmanager
def dask_cluster(workdir: Path, *, workers: int = 2, hold_dir: Path | None = None):
    """Start a scheduler and `workers` workers (the hold points armed from `hold_dir`); yield a DaskCluster."""
    port = free_port()
    env = dict(os.environ)
    if hold_dir is not None:
        env["KG_HOLD_DIR"] = str(hold_dir)
    workdir.mkdir(parents=True, exist_ok=True)
    scheduler = subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                 cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True)
    cluster = DaskCluster(f"tcp://127.0.0.1:{port}", scheduler, hold_dir=hold_dir)
    try:
        _wait_for_port(port, scheduler, 60)
        cluster.workers = [start_worker(cluster.address, workdir, env) for _ in range(workers)]
        if workers:
            cluster.wait_for_workers(workers)
        yield cluster
    finally:
        for process in [*cluster.workers, scheduler]:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    """Stop a process started in its own session, and whatever it started."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_for_file(folder: Path, prefix: str, timeout: float = 120) -> Path:
    """The first file in `folder` whose name starts with `prefix`, once one appears."""
    deadline = time.monotonic() + timeout
    while True:
        found = sorted(folder.glob(prefix + "*"))
        if found:
            return found[0]
        if time.monotonic() > deadline:
            raise AssertionError(f"no {prefix}* in {folder} after {timeout} s")
        time.sleep(0.05)
