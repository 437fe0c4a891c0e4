"""Named points where a build can be told to stop and wait, to check what killing it there leaves.

Set KG_BUILD_PAUSE to a stage name ("extracted": the first article's facts are in the cache;
"writing": the output's temporary file holds the first graphs) and the build says so on stderr
at that point and waits until it is killed. Unset, a pause point costs one dictionary look-up.
"""
from __future__ import annotations

import os
import sys
import time

ENV = "KG_BUILD_PAUSE"


def pause_point(stage: str, *, flush=None) -> None:
    """Wait here for good when KG_BUILD_PAUSE names `stage` (flushing `flush` first, so its bytes are on disk)."""
    if os.environ.get(ENV) != stage:
        return
    if flush is not None:
        flush.flush()
    sys.stderr.write(f"kg: paused at {stage} ({ENV}); waiting to be stopped\n")
    sys.stderr.flush()
    while True:
        time.sleep(3600)
