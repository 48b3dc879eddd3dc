"""Turns of the hosts several crawls fetch from at once, so that together they ask a host no
faster and with no more requests in flight than one crawl may (middlewares/host_turns.py
waits for them).

`HostTurns` serves the crawls of one process (a many-sites run: one Scrapy crawler per
site, each with its own downloader, so two entries on one host would each take its full
share). The workers of a distributed crawl share one set of turns in Redis instead
(distributed/turns.py), with the same methods."""

from __future__ import annotations

from collections import Counter, deque
from time import monotonic
from typing import Protocol

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater


class Turns(Protocol):
    def join(self, crawl: int, hosts: frozenset[str]) -> None: ...
    def leave(self, crawl: int) -> None: ...
    def shared(self, host: str) -> bool: ...
    async def turn(self, host: str, delay: float, limit: int) -> tuple[str, float]: ...
    def done(self, token: str) -> None: ...
    def pause(self, host: str, seconds: float) -> None: ...


class HostTurns:
    """Process-wide: which crawls fetch from each host, and each shared host's next start
    and requests in flight."""

    def __init__(self) -> None:
        self.crawls: dict[str, set[int]] = {}
        self.next_start: dict[str, float] = {}
        self.in_flight: Counter[str] = Counter()
        self.waiting: dict[str, deque[Deferred[None]]] = {}

    def join(self, crawl: int, hosts: frozenset[str]) -> None:
        for host in hosts:
            self.crawls.setdefault(host, set()).add(crawl)

    def leave(self, crawl: int) -> None:
        for host in list(self.crawls):
            self.crawls[host].discard(crawl)
            if not self.crawls[host]:
                del self.crawls[host]

    def shared(self, host: str) -> bool:
        return len(self.crawls.get(host, ())) > 1

    async def turn(self, host: str, delay: float, limit: int) -> tuple[str, float]:
        """Wait until `host` may be asked again: fewer than `limit` requests in flight and
        `delay` seconds after the last start. Returns the turn's token (for `done`) and the
        seconds waited."""
        began = monotonic()
        while True:
            if self.in_flight[host] >= limit:
                freed: Deferred[None] = Deferred()
                self.waiting.setdefault(host, deque()).append(freed)
                await maybe_deferred_to_future(freed)
                continue
            now = monotonic()
            start = self.next_start.get(host, now)
            if start <= now:
                self.next_start[host] = now + delay
                self.in_flight[host] += 1
                return host, now - began
            from twisted.internet import reactor  # the one the crawl installed, not at import

            await maybe_deferred_to_future(deferLater(reactor, start - now))

    def done(self, token: str) -> None:
        """A request of the turn `token` came back (or failed): the next waiting one may go."""
        host = token
        if self.in_flight[host] > 0:
            self.in_flight[host] -= 1
        waiting = self.waiting.get(host)
        if waiting:
            waiting.popleft().callback(None)

    def pause(self, host: str, seconds: float) -> None:
        """A Retry-After one crawl was given: no crawl of the process asks `host` for
        `seconds` (nothing to hold for a host only one crawl fetches from: its slot does)."""
        until = monotonic() + seconds
        if self.shared(host) and until > self.next_start.get(host, 0.0):
            self.next_start[host] = until


HOST_TURNS = HostTurns()
