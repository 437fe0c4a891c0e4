"""Progress bars for long commands: on standard error, only when it is a terminal and --quiet is not given.

The library reports progress through callbacks and never prints; this is where a callback becomes a
bar (tqdm). Pipes, files and CI logs get nothing, so their output stays clean.
"""
from __future__ import annotations

import contextlib
import sys

SHOW_AFTER = 2.0   # seconds: a command that ends sooner never shows a bar


def wanted(quiet: bool) -> bool:
    """True when a progress bar may be shown: not --quiet, and standard error is a terminal."""
    stream = sys.stderr
    return not quiet and hasattr(stream, "isatty") and stream.isatty()


@contextlib.contextmanager
def progress_bar(description: str, *, unit: str, quiet: bool = False, total: int | None = None):
    """Yield `advance(n=1, total=None)`: a callback that moves a bar on stderr (or does nothing)."""
    if not wanted(quiet):
        yield _nothing
        return
    from tqdm import tqdm

    bar = tqdm(total=total, desc=description, unit=f" {unit}", unit_scale=unit == "quads", delay=SHOW_AFTER,
               file=sys.stderr, leave=False, dynamic_ncols=True)

    def advance(n: int = 1, total: int | None = None) -> None:
        if total is not None and bar.total != total:
            bar.total = total
            bar.refresh()
        if n:
            bar.update(n)

    try:
        yield advance
    finally:
        bar.close()


def _nothing(n: int = 1, total: int | None = None) -> None:
    """The callback when no bar is shown."""
