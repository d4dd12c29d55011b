"""Work for a spare CPU core while MkDocs renders pages on its one thread.

MkDocs builds pages one after the other, so on a machine with two cores the second one
idles. Work whose inputs are known before the pages are built (QR codes of every address,
the search index) is handed to a worker process here and collected when it is needed.
With one core, or when a worker cannot be started, the work runs in this process, lazily.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any

log = logging.getLogger("mkdocs.plugins.gongkai")


class Background:
    """A small pool of worker processes (spawned: the parent may run server threads)."""

    def __init__(self) -> None:
        self._pool: Executor | None = None
        self._submitted: list[Future] = []

    def submit(self, function: Callable[..., Any], *args: Any) -> Future | Later:
        """Run ``function(*args)`` in a worker; the function must be importable (top level)."""
        pool = self._pool_or_none()
        if pool is None:
            return Later(function, args)
        try:
            future = pool.submit(function, *args)
        except RuntimeError:  # the pool broke or was shut down: do it here
            return Later(function, args)
        self._submitted.append(future)
        return future

    def start(self, *modules: str) -> None:
        """Start a worker now and have it import ``modules``: starting one and importing the
        search's modules takes over a second, which then overlaps reading the content."""
        self.submit(_import, modules)

    def cancel_pending(self) -> None:
        """Drop work nobody will collect (a failed build's), keeping the workers for the next."""
        for future in self._submitted:
            future.cancel()
        self._submitted = []

    def close(self) -> None:
        self._submitted = []
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _pool_or_none(self) -> Executor | None:
        if self._pool is None and spare_cores() > 0:
            workers = spare_cores()
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=worker_started, initargs=(os.getpid(),))
        return self._pool


def worker_started(parent: int) -> None:
    """A worker lives and dies with its build: Ctrl-C is the build's to handle (no traceback
    from here), and when the build process is gone, killed or not, so is the worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):  # Linux: the kernel signals the worker when its parent exits
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(0)


def _import(modules: tuple[str, ...]) -> None:
    for module in modules:
        importlib.import_module(module)


class Later:
    """The same ``result()`` as a Future, computed in this process on first use."""

    def __init__(self, function: Callable[..., Any], args: tuple) -> None:
        self._call, self._value, self._done = (function, args), None, False

    def done(self) -> bool:
        return self._done

    def result(self) -> Any:
        if not self._done:
            function, args = self._call
            self._value, self._done = function(*args), True
        return self._value


def spare_cores() -> int:
    """Cores beyond the one MkDocs uses (GONGKAI_WORKERS=0 turns the workers off)."""
    wanted = _wanted()
    return min(_cores() - 1, 2) if wanted is None else wanted


#: Renderers at most, unless GONGKAI_WORKERS asks for more: each holds the pages it renders,
#: and a 64-core server should not hold 64 sets of them.
MAX_RENDERERS = 8


def renderers() -> int:
    """Processes that render the pages outside the nav (``renderers``): one per core up to MAX_RENDERERS
    (GONGKAI_WORKERS=N: N; fewer than two: none, MkDocs renders them all)."""
    wanted = _wanted()
    return min(_cores(), MAX_RENDERERS) if wanted is None else wanted


def _wanted() -> int | None:
    wanted = os.environ.get("GONGKAI_WORKERS", "").strip()
    if wanted.isdigit():
        return int(wanted)
    if wanted:
        log.warning(f"gongkai: GONGKAI_WORKERS={wanted!r} 不是进程数（应为 0、1、2 这样的整数），按默认值处理")
    return None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Prefetched:
    """``function(keys)`` computed in batches in the background and looked up one key at a
    time, in any order; a batch is waited for only when one of its keys is asked for."""

    def __init__(self, background: Background | None, function: Callable[[list], list], keys: list,
                 batch: int = 200) -> None:
        """``background`` None: each batch is computed in this process when first asked for."""
        self._function = function
        self._batches: list[Future | Later] = []
        self._where: dict[Any, tuple[int, int]] = {}
        for start in range(0, len(keys), batch):
            chunk = keys[start:start + batch]
            self._where.update((key, (len(self._batches), i)) for i, key in enumerate(chunk))
            self._batches.append(background.submit(function, chunk) if background is not None else Later(function, (chunk,)))

    def get(self, key: Any) -> Any:
        if key not in self._where:  # not known beforehand: compute it here
            return self._function([key])[0]
        batch, offset = self._where[key]
        return self._batches[batch].result()[offset]
