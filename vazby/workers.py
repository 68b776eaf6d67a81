"""Queries evaluated in worker processes that can be killed: bounded time and memory, and
no network.

Oxigraph cannot be interrupted from Python, so a query that outlives its deadline would keep
its thread, its memory and its slot until it ends. Each query of ``serve`` therefore runs in
one of a few pre-started worker processes that hold the graph; at the deadline the worker is
killed (its memory goes with it) and a fresh one takes its slot. Each worker:

- leaves the machine's network at start (a new, empty network namespace, where the kernel
  lets an unprivileged process make one): even a ``SERVICE`` that got past
  :mod:`vazby.guard` has nothing to connect to;
- has an address-space ceiling (``RLIMIT_AS``): a query that needs more ends its worker
  instead of the machine's memory.

The module imports only the standard library and :mod:`vazby.errors` at the top: a worker
must leave the network before any library starts a thread (``unshare`` refuses a threaded
process); it loads :mod:`vazby.jobs`, and with it the libraries, after.
"""

from __future__ import annotations

import ctypes
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from .errors import VazbyError

__all__ = ["GraphSource", "WorkerPool", "Timeout", "WorkerDied", "GraphUnreadable", "Busy"]

log = logging.getLogger("vazby.serve")

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


@dataclass(frozen=True, slots=True)
class GraphSource:
    """Where a worker reads the graph: a store folder (opened read-only), a graph file, or
    N-Triples bytes (a graph that exists only in the parent's memory)."""

    path: str | None = None
    ntriples: bytes | None = None


class Busy(Exception):
    """Every worker is busy."""


class Timeout(Exception):
    """The query ran past its deadline; its worker was killed."""


class WorkerDied(Exception):
    """The worker ended while evaluating (memory ceiling, or a crash in the engine)."""


class GraphUnreadable(WorkerDied):
    """The worker started but could not open the graph; ``reason`` is vazby's message (a
    file that is not RDF, a store that is incomplete), for the user as it stands."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"a query worker could not open the graph: {reason}")
        self.reason = reason


def leave_network() -> str | None:
    """Move this (single-threaded) process into a new, empty network namespace.

    Returns None on success, or why it was not possible.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as exc:
        return f"no C library to call unshare: {exc}"
    for flags in (_CLONE_NEWUSER | _CLONE_NEWNET, _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return None
    return f"unshare(CLONE_NEWNET) failed: {os.strerror(ctypes.get_errno())}"


def _worker_main(fd: int, memory_bytes: int) -> None:
    isolation = leave_network()
    if memory_bytes:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    conn = Connection(fd)
    try:
        source = conn.recv()
        from .jobs import answer, open_source  # the libraries load once out of the network

        graph = open_source(source.path, source.ntriples)
    except Exception as exc:  # the parent reports it; a worker has no terminal
        conn.send(("failed", str(exc) if isinstance(exc, VazbyError) else repr(exc)))
        return
    conn.send(("ready", isolation))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(graph, job))


class _Worker:
    """One worker process (``python -m vazby.workers``) and its end of a socket pair.

    A plain subprocess, not multiprocessing's spawn: spawn imports the parent's main module
    again in the child, which is the user's script or the ``vazby`` command."""

    def __init__(self, source: GraphSource, memory_bytes: int | None) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "vazby.workers", str(theirs.fileno()), str(memory_bytes or 0)],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            close_fds=True,
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send(source)

    def wait_ready(self, timeout: float) -> str | None:
        """Block until the worker holds the graph; return why it has network (or None)."""
        deadline = time.monotonic() + timeout
        try:
            while not self.conn.poll(0.05):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.kill()
                    raise WorkerDied(f"a query worker did not start within {timeout:g} s")
            state, detail = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise WorkerDied("a query worker ended while opening the graph") from None
        if state != "ready":
            self.kill()
            raise GraphUnreadable(detail)
        return detail

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            log.error("query worker %d did not end after SIGKILL", self.process.pid)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes holding the graph; :meth:`run` gives a job to an idle one.

    Parameters
    ----------
    source : GraphSource
        What each worker opens.
    size : int
        Workers, i.e. queries evaluated at once.
    memory_mb : int or None
        Address-space ceiling per worker, in MiB (None: none).
    start_timeout : float
        Seconds a worker may take to open the graph.
    spares : int
        Workers started ahead, holding the graph, that take a killed worker's slot at once
        (starting one costs seconds: Python, rdflib and the graph).
    """

    def __init__(
        self,
        source: GraphSource,
        size: int,
        memory_mb: int | None = None,
        start_timeout: float = 120.0,
        spares: int = 0,
    ) -> None:
        self._source = source
        self._memory = memory_mb * 1024 * 1024 if memory_mb else None
        self._start_timeout = start_timeout
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._spares: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._closed = False
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self.network_note: str | None = None
        started = [self._spawn() for _ in range(size + spares)]
        for n, worker in enumerate(started):
            self.network_note = worker.wait_ready(start_timeout) or self.network_note
            (self._idle if n < size else self._spares).put(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self._source, self._memory)
        with self._lock:
            self._all.add(worker)
        return worker

    def run(self, job: tuple, timeout: float, wait: float = 0.0) -> Any:
        """The answer of an idle worker to ``job``, waiting up to ``wait`` seconds for one.

        Raises
        ------
        Busy
            No worker became idle within ``wait`` seconds.
        Timeout
            No answer within ``timeout`` seconds: the worker was killed and is being replaced.
        WorkerDied
            The worker ended while evaluating; it is being replaced.
        """
        try:
            worker = self._idle.get(timeout=wait) if wait > 0 else self._idle.get_nowait()
        except queue.Empty:
            raise Busy() from None
        deadline = time.monotonic() + timeout
        try:
            worker.conn.send(job)
            if worker.conn.poll(max(deadline - time.monotonic(), 0)):
                answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise WorkerDied() from None
        self._replace(worker)
        raise Timeout()

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        if self._closed:
            return
        try:
            self._idle.put(self._spares.get_nowait())  # the slot is back at once
            refill = self._spares
        except queue.Empty:
            refill = self._idle
        threading.Thread(
            target=self._restart, args=(refill,), name="vazby-worker-start", daemon=True
        ).start()

    def _restart(self, into: queue.SimpleQueue[_Worker]) -> None:
        try:
            worker = self._spawn()
            worker.wait_ready(self._start_timeout)
        except WorkerDied as exc:
            if not self._closed:
                log.error("%s; the endpoint has one query slot less", exc)
            return
        if self._closed:
            worker.kill()
            return
        into.put(worker)

    def pids(self) -> list[int]:
        """The process ids of the live workers (for tests and the log)."""
        with self._lock:
            return sorted(w.process.pid for w in self._all)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


if __name__ == "__main__":
    _worker_main(int(sys.argv[1]), int(sys.argv[2]))
