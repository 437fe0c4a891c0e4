"""Atomic file output: write to a temporary file beside the target, then rename over it.

A reader sees the old file or the whole new one, never a part. The temporary file's name holds the
writer's process id, so a later write can remove what a killed writer left behind.
"""
from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from pathlib import Path

from kg.errors import OutputError

_TMP_SUFFIX = ".tmp"


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, *, mode: str = "wb"):
    """Yield a file object for `path` ("-" is stdout); the target appears whole or not at all.

    A symbolic link is written through (the file it points at is replaced, the link kept); the new
    file keeps the old one's permissions, or gets the usual ones (umask) when it is new.
    """
    if str(path) == "-":
        stream = sys.stdout.buffer if "b" in mode else sys.stdout
        yield stream
        stream.flush()
        return
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    if target.is_dir():
        raise OutputError(path, "is a directory")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=_TMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    try:
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise OutputError(path, exc.strerror or str(exc)) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write `data` to `path` atomically ("-" writes to stdout); OutputError if it cannot be written."""
    with atomic_output(path, mode="wb") as handle:
        try:
            handle.write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:   # disk full, quota
            raise OutputError(path, exc.strerror or str(exc)) from None


def temporaries(target: str | os.PathLike) -> list[Path]:
    """The temporary files atomic writes of `target` have left beside it (sorted)."""
    target = Path(target)
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(\d+)\.[^/]*{re.escape(_TMP_SUFFIX)}$")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    return sorted(target.parent / n for n in names if pattern.match(n))


def remove_stale_temporaries(target: str | os.PathLike) -> list[Path]:
    """Delete the temporaries of `target` whose writer process is gone; return what was removed."""
    target = Path(target)
    removed = []
    for tmp in temporaries(target):
        pid = int(tmp.name[len(target.name) + 2:].split(".", 1)[0])
        if pid != os.getpid() and not _alive(pid):
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    """True if a process with this id exists (or may: we are not allowed to signal it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def _mode_for(target: Path) -> int:
    """Permissions for the new file: the old file's, else 0666 less the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable where the platform allows it."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
