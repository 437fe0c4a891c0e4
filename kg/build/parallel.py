"""Run a function over tasks in forked worker processes, yielding results in task order.

Forking (where the platform has it) lets workers share what the parent already holds — loaded
gazetteers, resolved facts — without pickling it; only tasks and results cross the pipe.
"""
from __future__ import annotations


def ordered_map(func, tasks: list, *, jobs: int, min_per_job: int = 2, max_chunk: int = 32):
    """Yield func(task) for each task, in order; inline when one job suffices.

    `func` must be a module-level function (workers find it by name). Tasks go to workers in
    chunks of up to `max_chunk`, about eight chunks per worker, so a slow task does not idle the rest.
    """
    if jobs <= 1 or len(tasks) < min_per_job * jobs:
        yield from map(func, tasks)
        return
    chunk = max(1, min(max_chunk, len(tasks) // (jobs * 8)))
    with fork_pool(jobs) as pool:
        yield from pool.map(func, tasks, chunksize=chunk)


def fork_pool(workers: int):
    """A ProcessPoolExecutor of `workers` processes, forked where the platform can fork."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)
