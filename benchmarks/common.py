"""What every benchmark here shares: run a measurement in a fresh interpreter (as on Windows) and report the peak
resident memory of that process."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from typing import Any


def peak_mb() -> float:
    """Peak resident memory of this process in MB (not available on Windows)."""
    try:
        import resource
    except ImportError:
        return float("nan")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_fresh_process(target: Callable[..., None], *args: Any) -> Any:
    """Run ``target(*args, queue)`` in a spawned process and return what it put on the queue."""
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result
