"""What this host gives the process: the cores it may run on (for --jobs and the validation chunks)."""
from __future__ import annotations

import os


def cores() -> int:
    """The number of cores this process may run on (its CPU affinity where the platform has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
