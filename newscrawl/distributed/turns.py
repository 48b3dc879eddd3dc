"""The turns of each host, shared by every worker of a distributed crawl through Redis.

Each worker paces a host through its own downloader slot, so N workers on one site asked it
N times as fast (scrapy-redis users have asked for shared throttling since 2014). Here a
request waits for its host's turn, taken in one Lua script on Redis's own clock: fewer
requests in flight than the per-host limit, and the host's delay since the last start by
any worker. A turn is held in a sorted set until its answer comes back, with an expiry
(the download timeout and a margin): a worker that dies holding one gives it back then.
A Retry-After one worker is given holds for all. Same methods as politeness/turns.py's
HostTurns (middlewares/host_turns.py waits for them).

Keys (prefix `newscrawl:host:<host>`): `next` (when the host may next be asked, seconds on
Redis's clock; it expires an hour after the last turn) and `flight` (sorted set: turn token
-> when it expires).
"""

from __future__ import annotations

import uuid
from time import monotonic
from typing import Any

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

# KEYS: next, flight. ARGV: token, delay, limit, hold. Returns "0" (the turn is taken), or
# the seconds to wait before asking again.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return tostring(math.min(0.05, tonumber(first[2]) - now))
end
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nxt > now then
  return tostring(nxt - now)
end
redis.call('SET', KEYS[1], tostring(now + tonumber(ARGV[2])), 'EX', 3600)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[1])
redis.call('EXPIRE', KEYS[2], 3600)
return '0'
"""
# KEYS: next. ARGV: seconds.
_PAUSE = """
local t = redis.call('TIME')
local until_ = tonumber(t[1]) + tonumber(t[2]) / 1000000 + tonumber(ARGV[1])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > nxt then
  redis.call('SET', KEYS[1], tostring(until_), 'EX', 3600)
end
return 1
"""
POLL = 0.05  # seconds between asks while the host's in-flight limit is reached


class RedisHostTurns:
    def __init__(self, client: Any, hold: float) -> None:
        """`hold`: seconds a turn stays taken without an answer (a dead worker's, then)."""
        self.client = client
        self.hold = hold
        self._take = client.register_script(_TAKE)
        self._pause = client.register_script(_PAUSE)

    @staticmethod
    def _keys(host: str) -> list[str]:
        return [f"newscrawl:host:{host}:next", f"newscrawl:host:{host}:flight"]

    def join(self, crawl: int, hosts: frozenset[str]) -> None:
        """Every worker may be on any host: nothing to note."""

    def leave(self, crawl: int) -> None:
        """A worker's turns end with their answers or expire."""

    def shared(self, host: str) -> bool:
        return bool(host)

    async def turn(self, host: str, delay: float, limit: int) -> tuple[str, float]:
        token = f"{host} {uuid.uuid4().hex}"
        began = monotonic()
        while True:
            reply = self._take(keys=self._keys(host), args=[token, delay, limit, self.hold])
            wait = float(reply.decode() if isinstance(reply, bytes) else reply)
            if wait <= 0:
                return token, monotonic() - began
            from twisted.internet import reactor  # the one the crawl installed, not at import

            await maybe_deferred_to_future(deferLater(reactor, max(wait, 0.001)))

    def done(self, token: str) -> None:
        host = token.split(" ", 1)[0]
        self.client.zrem(self._keys(host)[1], token)

    def pause(self, host: str, seconds: float) -> None:
        self._pause(keys=self._keys(host)[:1], args=[seconds])
