"""Extraction worker processes: the pure stages of the chain (`extraction.chain.finish`),
run on other cores.

A one-process crawl is limited by its one core, and extraction and cleaning cost more CPU per
page than Scrapy's own work. Worker processes take a `FetchedPage` and give back its
`Finished`, so the crawler process keeps to downloading, scheduling, the duplicate checks
against the state store and the feed. The pool knows nothing of Scrapy, pipelines or
settings.

Workers are new interpreters (never fork a process that runs a reactor and threads) that run
`serve` with the crawler's import path, started by subprocess rather than multiprocessing's
"spawn": spawn imports the parent's main module again in the child, which for a crawl is the
`scrapy` console script and all of Scrapy with it (0.3 s of CPU per worker that does no
Scrapy work). A worker that dies fails only its pages over to the caller, which
extracts them itself.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from newscrawl.extraction.chain import Finished, finish
from newscrawl.extraction.fetched import FetchedPage
from newscrawl.extraction.profile import SiteProfile
from newscrawl.similarity import banding_for
from newscrawl.sites import all_profiles
from newscrawl.workers.frames import AsyncChannel, Closed, read_message, write_message

logger = logging.getLogger(__name__)


def extract_processes(value: Any) -> int:
    """NEWSCRAWL_EXTRACT_PROCESSES: a count >= 0, or "auto" (one per core beyond the first,
    at most 4); 0 keeps every stage in the crawler process."""
    if value in (None, "", "auto"):
        return max(0, min(4, (os.cpu_count() or 1) - 1))
    try:
        count = int(value)
    except (TypeError, ValueError):
        count = -1
    if count < 0:
        raise ValueError(
            f"NEWSCRAWL_EXTRACT_PROCESSES must be 'auto' or a whole number >= 0, not {value!r}"
        )
    cores = os.cpu_count() or 1
    if count > cores:  # 100 asked for started 100 workers: 8.2 GB RSS, no gain past the cores
        logger.warning(
            "NEWSCRAWL_EXTRACT_PROCESSES=%d is more than the %d cores: starting %d",
            count,
            cores,
            cores,
        )
        return cores
    return count


def profile_of(page: FetchedPage) -> SiteProfile | None:
    """The site profile a page is extracted with; None for a generic page."""
    return None if page.generic else all_profiles().get(page.site)


class WorkerLost(Exception):
    """The extraction worker died or its pipe broke; the caller extracts the page itself."""


class TooSlow(Exception):
    """A page's extraction ran past its budget; its worker was killed and replaced."""


# Pages sent ahead to a worker: enough that it never waits for the reactor between pages, few
# enough that the others (and a restarted crawl) are not left with a long backlog.
IN_FLIGHT = 4


class ExtractionPool:
    """Worker processes fed over sockets from the reactor thread: no helper threads, so no
    GIL hand-offs (concurrent.futures' pool cost ~0.4 ms of crawler CPU per page, this
    ~0.04 ms).

    A watchdog enforces each page's time budget (`PageLimits.budget_seconds`): a worker still
    on one page past it is killed (libxml2 in C cannot be interrupted otherwise; a page with
    100,000 attributes on one element took 13.5 s to parse), that page fails with TooSlow, and
    a new worker takes over the others it held.
    """

    WATCH_EVERY = 0.25  # seconds between watchdog looks

    def __init__(self, processes: int, threshold: float) -> None:
        """`threshold`: the near-duplicate threshold, whose LSH banding the workers cut the
        band keys of each body by."""
        self.threshold = threshold
        self.workers = [_Worker(self.threshold) for _ in range(processes)]
        self.loop = asyncio.get_running_loop()
        self.watch: asyncio.TimerHandle | None = self.loop.call_later(self.WATCH_EVERY, self._watch)

    def submit(self, page: FetchedPage, budget: float | None = None) -> asyncio.Future[Finished]:
        alive = [w for w in self.workers if w.alive]
        if not alive:
            raise WorkerLost("no extraction worker is running")
        return min(alive, key=lambda w: w.load).submit(page, budget)

    def _watch(self) -> None:
        now = time.monotonic()
        for position, worker in enumerate(self.workers):
            if worker.alive and worker.overdue(now):
                self.workers[position] = self._replace(worker)
        self.watch = self.loop.call_later(self.WATCH_EVERY, self._watch)

    def _replace(self, worker: _Worker) -> _Worker:
        """Kill `worker`, fail its current page with TooSlow, hand the rest to a new one."""
        stuck, rest = worker.kill()
        if not stuck.future.done():
            stuck.future.set_exception(TooSlow(f"extraction took over {stuck.budget:g} s"))
        fresh = _Worker(self.threshold)
        for job in rest:
            fresh.resubmit(job)
        return fresh

    def close(self) -> None:
        if self.watch is not None:
            self.watch.cancel()
            self.watch = None
        for worker in self.workers:
            worker.close()


class SharedPools:
    """One pool for every crawl of a process: a many-sites run crawls each site with its own
    Scrapy crawler, and a pool per crawler would start a worker per site per spare core (20
    sites: 20 workers, ~90 MB each, for one spare core's work). Crawls with the same worker
    count and near-duplicate threshold share one; the last to let go closes it."""

    def __init__(self) -> None:
        self.open: dict[tuple[int, float], tuple[ExtractionPool, int]] = {}

    def take(self, processes: int, threshold: float) -> ExtractionPool:
        key = (processes, threshold)
        pool, users = self.open.get(key) or (ExtractionPool(processes, threshold), 0)
        self.open[key] = (pool, users + 1)
        return pool

    def give_back(self, pool: ExtractionPool) -> None:
        for key, (held, users) in list(self.open.items()):
            if held is pool:
                if users > 1:
                    self.open[key] = (held, users - 1)
                else:
                    del self.open[key]
                    pool.close()
                return
        pool.close()  # not shared: close it as its owner asks


SHARED_POOLS = SharedPools()


@dataclass(slots=True)
class _Job:
    data: bytes
    future: asyncio.Future[Any]
    budget: float | None
    started: float | None = None  # when the worker began it (it works in order)


# A worker's whole program: this process's import path (where Scrapy put the project, what
# PYTHONPATH named), then `serve` on the socket it was handed
_SERVE = (
    "import sys; sys.path[:] = sys.argv[3:]; from newscrawl.workers.pool import serve; "
    "serve(int(sys.argv[1]), float(sys.argv[2]))"
)


class _Worker:
    def __init__(self, threshold: float) -> None:
        self.conn, child = socket.socketpair()
        with child:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _SERVE, str(child.fileno()), repr(threshold), *sys.path],
                pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # a feed on stdout (-o -) is the crawler's alone
            )
        self.loop = asyncio.get_running_loop()
        self.in_flight: deque[_Job] = deque()
        self.waiting: deque[_Job] = deque()
        self.alive = True
        self.channel = AsyncChannel(self.conn.fileno(), self.loop, self._reply, self._lost)

    @property
    def load(self) -> int:
        return len(self.in_flight) + len(self.waiting)

    def submit(self, item: Any, budget: float | None = None) -> asyncio.Future[Finished]:
        future: asyncio.Future[Finished] = self.loop.create_future()
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        self.resubmit(_Job(data, future, budget))
        return future

    def resubmit(self, job: _Job) -> None:
        job.started = None
        self.waiting.append(job)
        self._send_next()

    def overdue(self, now: float) -> bool:
        """Is the page the worker is on past its budget?"""
        head = self.in_flight[0] if self.in_flight else None
        return bool(
            head is not None
            and head.budget is not None
            and head.started is not None
            and now - head.started > head.budget
        )

    def kill(self) -> tuple[_Job, list[_Job]]:
        """Stop the process at once; (the page it was on, the pages it had not begun)."""
        stuck = self.in_flight.popleft()
        rest = [*self.in_flight, *self.waiting]
        self.in_flight.clear()
        self.waiting.clear()
        self.alive = False
        self.channel.close()
        self.conn.close()
        self.process.kill()
        _wait(self.process)
        return stuck, rest

    def _send_next(self) -> None:
        while self.alive and self.waiting and len(self.in_flight) < IN_FLIGHT:
            job = self.waiting.popleft()
            if not self.in_flight:
                job.started = time.monotonic()  # an idle worker begins it now
            self.in_flight.append(job)
            self.channel.send(job.data)

    def _reply(self, message: bytes) -> None:
        ok, payload = pickle.loads(message)
        job = self.in_flight.popleft()
        if self.in_flight:
            self.in_flight[0].started = time.monotonic()  # the worker goes on to the next
        if not job.future.done():
            job.future.set_result(payload) if ok else job.future.set_exception(payload)
        self._send_next()

    def _lost(self, exc: BaseException) -> None:
        if not self.alive:
            return
        self.close()
        code = self.process.poll()
        lost = WorkerLost(f"extraction worker stopped (exit code {code}): {exc!r}")
        for job in [*self.in_flight, *self.waiting]:
            if not job.future.done():
                job.future.set_exception(lost)
        self.in_flight.clear()
        self.waiting.clear()

    def close(self) -> None:
        if not self.alive:
            return
        self.alive = False
        self.channel.close()
        self.conn.close()  # the worker reads the end of the stream and exits
        if not _wait(self.process):
            self.process.terminate()
            _wait(self.process)


def _wait(process: subprocess.Popen[bytes], timeout: float = 5) -> bool:
    """Wait for `process` to end; False if it is still running after `timeout` seconds."""
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return False
    return True


def serve(fd: int, threshold: float) -> None:
    """The worker's loop on the socket `fd`: a page in, its Finished (or the exception) out,
    until the end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the crawler decides when to stop
    banding = banding_for(threshold)
    while True:
        try:
            page = pickle.loads(read_message(fd))
        except (Closed, OSError):
            return
        try:
            reply: tuple[bool, Any] = (True, finish(page, profile_of(page), banding))
        except Exception as exc:  # the page's own error, raised again in the crawler
            reply = (False, exc)
        try:
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # not lost: the caller extracts this page itself
            lost = WorkerLost(f"the worker could not return its result ({exc!r})")
            data = pickle.dumps((False, lost))
        try:
            write_message(fd, data)
        except OSError:
            return
