"""Redis backend: one shared state for every worker of a distributed crawl.

Workers must see each other's marks at once (so two of them never emit the same story), yet
a worker killed mid-crawl must not leave marks for articles whose feed lines died with it.
So every mark a worker makes is also written to its *journal*, and every request it takes from
the shared queue to its *in-flight* list. When its feed has been moved into place, `commit()`
drops both. When it dies first, any worker (or its own restart) finds it dead, rolls its
journal back and puts its in-flight requests back in the queue: its articles are crawled and
emitted again, and its unfinished `.part` feed is never a finished file. Same guarantee as the
SQLite transaction, across processes and machines.

Every write that must survive or vanish together is one Lua script, so a worker killed at any
instant leaves either nothing or a complete, journaled change.

Keys (prefix `newscrawl:<store>`): `format`, `epoch`, `seen:<ns>` sets of 8-byte digests,
`sections` hash, the near-duplicate index `near:*` (near_index.py), the delivered versions
`versions:*` (versions.py), `workers` set,
`alive:<worker>` heartbeat with a TTL, `journal:<worker>` list, `inflight:<worker>` hash
(encoded request -> queue score), `pending-feeds:<worker>` hash (delivery.py). A write Redis
refuses (a read-only replica, `maxmemory` reached, a failed background save) fails the run
like a full disk does.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import redis

from newscrawl.atomic_file import write_text_atomically
from newscrawl.distributed.near_index import ROLLBACK_LUA, RedisNearIndex
from newscrawl.distributed.versions import RedisVersions
from newscrawl.redaction import redact
from newscrawl.state.base import (
    HEALTH_KEPT,
    EpochMismatch,
    Guarded,
    StoreTooNew,
    Validators,
    guarded,
    key_digest,
)
from newscrawl.state.lock import pid_alive

HEARTBEAT_TTL = 15  # seconds without a heartbeat before a worker on another host is dead
_ADD = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('RPUSH', KEYS[2], ARGV[2])
  return 1
end
return 0
"""
# Fencing: a worker the others declared dead (no heartbeat for HEARTBEAT_TTL seconds, e.g.
# paused by SIGSTOP) was taken over (its marks rolled back, its requests redone) and removed
# from the workers set; it may neither come back by heartbeat nor commit.
# KEYS: workers set, alive key. ARGV: incarnation, ttl, 1 for the first beat, 'busy' or 'idle'.
_HEARTBEAT = """
if ARGV[3] == '1' then
  redis.call('SADD', KEYS[1], ARGV[1])
elseif redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then
  return -1
end
redis.call('SET', KEYS[2], ARGV[4], 'EX', tonumber(ARGV[2]))
return 1
"""
# KEYS: workers set, pending feeds, sections, journal, in-flight, alive key.
# ARGV: incarnation, fence (1: only a registered worker may commit), time, feed count,
# feeds as source/target pairs, then the sections walked to their end.
_COMMIT = """
if ARGV[2] == '1' and redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then
  return -1
end
local i = 5
for _ = 1, tonumber(ARGV[4]) do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  i = i + 2
end
while i <= #ARGV do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[3])
  i = i + 1
end
redis.call('DEL', KEYS[4], KEYS[5], KEYS[6])
redis.call('SREM', KEYS[1], ARGV[1])
return 1
"""
# KEYS: request queue, then the other frontier keys (duplicate filter): all deleted when the
# queue is empty (Redis removes an empty queue, so "empty" is "does not exist").
_CLEAR_IF_EMPTY = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('DEL', unpack(KEYS))
return 1
"""
# KEYS: workers set, dead journal, dead in-flight hash, request queue.
# ARGV: dead incarnation, key prefix. Journal entries: S<namespace>\0<digest>, and the near
# index's N<number> and B<bucket>\0<field> (near_index.py); in-flight: encoded request -> score.
_TAKE_OVER = (
    "local P = ARGV[2]\n"
    + ROLLBACK_LUA
    + """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then
  return -1
end
for _, entry in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local kind, body = string.sub(entry, 1, 1), string.sub(entry, 2)
  if kind == 'S' then
    local zero = string.find(body, '\\0', 1, true)
    local seen = P .. ':seen:' .. string.sub(body, 1, zero - 1)
    redis.call('SREM', seen, string.sub(body, zero + 1))
  elseif kind == 'N' or kind == 'B' then
    near_rollback(kind, body)
  end
end
local inflight = redis.call('HGETALL', KEYS[3])
for i = 1, #inflight, 2 do
  redis.call('ZADD', KEYS[4], inflight[i + 1], inflight[i])
end
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('SREM', KEYS[1], ARGV[1])
return #inflight / 2
"""
)


class RedisUnavailable(RuntimeError):
    pass


def connect(url: str) -> Any:  # redis.Redis; its stubs differ between redis-py releases
    """A client for `url`, checked with a PING so a wrong address fails at start, clearly."""
    client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
    try:
        client.ping()
    except redis.RedisError as exc:
        shown = redact(url)
        raise RedisUnavailable(f"cannot reach Redis at {shown}: {exc}") from exc
    return client


def frontier_keys(store_name: str) -> list[str]:
    """The keys of a site's shared frontier: its request queue, then its duplicate filter
    (scrapy-redis's structures, kept beside the site's state)."""
    return [f"newscrawl:{store_name}:requests", f"newscrawl:{store_name}:dupefilter"]


# The shared state's format (key `format`): refused by a newscrawl that knows an older one.
FORMAT = 2
FENCED = (
    "this worker was declared dead by the others (no heartbeat for over "
    f"{HEARTBEAT_TTL} s: paused or cut off) and its work was redone: it commits nothing and "
    "drops its feed"
)


class WorkerFenced(RuntimeError):
    """The others took this worker over while it was paused: it must not deliver."""


class RedisStore(Guarded):
    def __init__(
        self,
        client: Any,
        store_name: str,
        worker: str,
        frontier: Sequence[str],
    ) -> None:
        self.client = client
        self.frontier = list(frontier)  # the shared request queue's key, then the dupefilter's
        if not self.frontier:
            raise ValueError("RedisStore needs the shared frontier's keys (queue first)")
        self.prefix = f"newscrawl:{store_name}"
        self.where = f"{self.prefix} on Redis"
        self.failure = None
        self._memory: tuple[Path, str] | None = None  # the epoch note to write at commit
        self.worker = worker
        self.incarnation = f"{worker}|{socket.gethostname()}|{os.getpid()}|{time.time():.3f}"
        self._add = client.register_script(_ADD)
        self.near = RedisNearIndex(client, self.prefix)
        self.versions = RedisVersions(client, self.prefix)
        self._heartbeat = client.register_script(_HEARTBEAT)
        self._commit = client.register_script(_COMMIT)
        self._registered = False  # heartbeat() registered this incarnation as a worker
        self._take_over = client.register_script(_TAKE_OVER)
        self._clear_if_empty = client.register_script(_CLEAR_IF_EMPTY)
        self._synced: set[str] = set()
        self._validators: dict[str, Validators] = {}
        self._versions: dict[str, tuple[bytes, str]] = {}
        self._health: list[str] = []
        self._evicted_at_start: int | None = None  # watch_evictions()

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    # -- the SeenStore interface ------------------------------------------------------------
    @guarded(redis.exceptions.ResponseError)
    def add(self, namespace: str, key: str) -> bool:
        digest = key_digest(key)
        entry = b"S" + namespace.encode() + b"\0" + digest
        added = self._add(keys=[self.key("seen", namespace), self._journal()], args=[digest, entry])
        return bool(added)

    @guarded(redis.exceptions.ResponseError)
    def discard(self, namespace: str, key: str) -> None:
        # the journal keeps its entry: rolling back a key that is gone does nothing
        self.client.srem(self.key("seen", namespace), key_digest(key))

    def __contains__(self, item: tuple[str, str]) -> bool:
        return bool(self.client.sismember(self.key("seen", item[0]), key_digest(item[1])))

    def count(self, namespace: str) -> int:
        return int(self.client.scard(self.key("seen", namespace)))

    def section_synced(self, section: str) -> bool:
        return bool(self.client.hexists(self.key("sections"), section))

    @guarded(redis.exceptions.ResponseError)
    def mark_section_synced(self, section: str, when: str) -> None:
        self._synced.add(section)  # written at commit: only a finished worker may say so

    def validators(self, url: str) -> Validators | None:
        found = self.client.hget(self.key("validators"), url)
        if not found:
            return None
        etag, last_modified = json.loads(found)
        return Validators(etag, last_modified)

    def remember_validators(self, url: str, validators: Validators) -> None:
        self._validators[url] = validators  # written after the commit: only a finished worker

    def version(self, article: str) -> bytes | None:
        return self.versions.get(article)

    def remember_version(self, article: str, version: bytes, expires: str) -> None:
        self._versions[article] = (version, expires)  # written after the commit, as validators

    def health_runs(self, limit: int) -> list[str]:
        found = self.client.lrange(self.key("health"), 0, limit - 1) if limit > 0 else []
        return [_text(figures) for figures in found]

    def remember_health(self, finished: str, figures: str) -> None:
        self._health.append(figures)  # written after the commit, as validators

    def near_candidates(self, keys: Sequence[int]) -> list[tuple[str, bytes]]:
        return self.near.candidates(keys)

    @guarded(redis.exceptions.ResponseError)
    def add_near(self, article: str, keys: Sequence[int], signature: bytes) -> None:
        self.near.add(article, keys, signature, self._journal())

    @guarded(redis.exceptions.ResponseError)
    def discard_near(self, article: str, keys: Sequence[int]) -> None:
        self.near.discard(article, keys)

    @guarded(redis.exceptions.ResponseError)
    def commit(self, feeds: Sequence[tuple[str, str]] = ()) -> None:
        """This worker's marks become permanent, in one MULTI with the feeds still to be moved
        into place (kept under the worker's name, so the same worker restarted finishes them).

        Refused when Redis evicted keys since the worker started: a mark, a queued request or
        a heartbeat may be gone, and with it an article nobody will report."""
        start = self._evicted_at_start
        if start is not None:
            evicted = self.evicted_keys() - start
            if evicted > 0:
                raise redis.exceptions.ResponseError(
                    f"Redis evicted {evicted} keys during the run (maxmemory reached): marks or "
                    "queued requests may be lost; nothing of this run is committed"
                )
        keys = [
            self.key("workers"),
            self._pending(),
            self.key("sections"),
            self._journal(),
            self.inflight(),
            self.key("alive", self.incarnation),
        ]
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        pairs = [part for feed in feeds for part in feed]
        args = [self.incarnation, "1" if self._registered else "0", stamp, len(feeds)]
        if self._commit(keys=keys, args=[*args, *pairs, *sorted(self._synced)]) == -1:
            raise redis.exceptions.ResponseError(FENCED)
        if self._memory is not None:
            remember_epoch(*self._memory)
            self._memory = None
        if self._validators:  # after the marks: validators without them would hide a story
            self.client.hset(
                self.key("validators"),
                mapping={url: json.dumps(list(v)) for url, v in self._validators.items()},
            )
            self._validators.clear()
        self._write_versions()
        if self._health:  # each worker's own run, the latest first
            pipe = self.client.pipeline(transaction=True)
            pipe.lpush(self.key("health"), *self._health)
            pipe.ltrim(self.key("health"), 0, HEALTH_KEPT - 1)
            pipe.execute()
            self._health.clear()
        self._clear_frontier_if_last()

    def _write_versions(self) -> None:
        """This worker's delivered versions (versions.py; expired ones Redis forgets itself).
        After the marks' commit: a version lost here is only a revision not diffed (the
        article is then taken for the known one it is), never an article lost or repeated."""
        if self._versions:
            self.versions.put((a, v, when) for a, (v, when) in self._versions.items())
        self._versions.clear()

    def pending_feeds(self) -> list[tuple[str, str]]:
        found = self.client.hgetall(self._pending())
        return sorted((_text(s), _text(t)) for s, t in found.items())

    @guarded(redis.exceptions.ResponseError)
    def forget_pending(self) -> None:
        self.client.delete(self._pending())

    # -- identity --------------------------------------------------------------------------
    def settle_epoch(self, memory: Path | None, fresh: bool = False) -> str:
        """Check that this is the shared state this worker last used, and remember it.

        The state carries an epoch (written by the first run of a site, or by a rebuild); each
        worker keeps, in `memory` (a local file), the one it last delivered articles under.
        Redis without the epoch, or with another, while the worker remembers one, has lost or
        swapped its data (a restart without persistence, FLUSHDB, another database number):
        EpochMismatch, unless `fresh` (start afresh on purpose: a new epoch, every article
        emitted again).
        """
        self._check_format()
        remembered = memory.read_text("utf-8").strip() if memory and memory.exists() else None
        current = self.epoch()
        if remembered and current != remembered and not fresh:
            raise EpochMismatch(
                f"the shared state {self.where} is not the one this worker last used (epoch "
                f"{remembered}, Redis has {current or 'none'}): Redis lost or swapped its data "
                "(a restart without persistence, FLUSHDB, another database number)"
            )
        if fresh and remembered and current == remembered:
            fresh = False  # nothing was lost: keep working with it
        epoch = self.new_epoch(replace=fresh) if fresh or current is None else current
        # remembered once this worker delivers under it (commit): a worker that never
        # finished a run has nothing to lose with the state
        self._memory = (memory, epoch) if memory is not None and epoch != remembered else None
        return epoch

    def _check_format(self) -> None:
        """The shared state's format (key `format`): an older one is converted, keeping what
        it knows; a newer one is refused. A state without the key is of format 1 (the layout
        before formats was format 1's, with fewer keys).

        Format 2 replaced format 1's `near:sig` and `near:band` hashes (by the near-duplicate
        index of near_index.py) and its `versions` hash and `versions:expires` sorted set (by
        the day hashes of versions.py). The key says 2 before the conversion starts, so that
        an older newscrawl starting meanwhile refuses the state; every worker that finds old
        entries left converts them too (a page at a time, each page one script)."""
        found = self.client.get(self.key("format"))
        if found is not None and int(found) > FORMAT:
            raise StoreTooNew(self.where, int(found), FORMAT)
        if found is None or int(found) < FORMAT:
            self.client.set(self.key("format"), FORMAT)
        if self.client.exists(self.key("near", "sig"), self.key("near", "band")):
            self.near.migrate_format_1()
        if self.client.exists(self.key("versions"), self.key("versions", "expires")):
            self.versions.migrate_format_1()

    def clear_marks(self) -> int:
        """Delete what runs recorded of the site (seen keys, near-duplicate index, walked
        sections, validators) for a rebuild: the epoch first, so that workers refuse the
        state until the rebuild gives it a new one. Returns how many keys went."""
        self.client.delete(self.key("epoch"))
        doomed = [self.key("sections")]
        doomed.append(self.key("validators"))  # a 304 would hide what the rebuild must see
        doomed += list(self.client.scan_iter(match=self.versions.keys_pattern(), count=1000))
        doomed += list(self.client.scan_iter(match=self.key("seen", "*"), count=1000))
        doomed += list(self.client.scan_iter(match=self.near.keys_pattern(), count=1000))
        return int(self.client.delete(*doomed)) if doomed else 0

    def epoch(self) -> str | None:
        value = self.client.get(self.key("epoch"))
        return _text(value) if value else None

    def new_epoch(self, replace: bool = False) -> str:
        """A new identity for the shared state: concurrent first workers agree on one (SET
        NX); `replace` (a rebuild, or afresh on purpose) overwrites the old one."""
        proposed = uuid.uuid4().hex[:12]
        if replace:
            self.client.set(self.key("epoch"), proposed)
            return proposed
        if self.client.set(self.key("epoch"), proposed, nx=True):
            return proposed
        return self.epoch() or proposed

    def eviction_policy(self) -> str | None:
        """Redis's maxmemory-policy (INFO memory, readable where CONFIG is forbidden)."""
        try:
            info = self.client.info("memory")
        except redis.RedisError:
            return None
        policy = info.get("maxmemory_policy")
        return _text(policy) if policy else None

    def evicted_keys(self) -> int:
        try:
            return int(self.client.info("stats").get("evicted_keys", 0))
        except (redis.RedisError, ValueError):
            return 0

    def watch_evictions(self) -> None:
        """Count Redis's evictions from now on: any before this worker commits fails it."""
        self._evicted_at_start = self.evicted_keys()

    def volatile(self) -> bool | None:
        """True when Redis says it persists nothing (no AOF, no RDB snapshots); None when it
        will not say (CONFIG may be renamed or forbidden)."""
        try:
            found = {**self.client.config_get("appendonly"), **self.client.config_get("save")}
        except redis.RedisError:
            return None
        values = {_text(k): _text(v) for k, v in found.items()}
        return values.get("appendonly") == "no" and not values.get("save")

    def _pending(self) -> str:
        return self.key("pending-feeds", self.worker)

    def _clear_frontier_if_last(self) -> None:
        """The last worker out clears the frontier, so the next run starts afresh.

        Only if the queue is empty at that instant (one script: a restarted worker may be
        putting a dead one's requests back at the same moment)."""
        if self.other_live_workers():
            return
        self._clear_if_empty(keys=self.frontier)

    def close(self) -> None:
        self.client.close()

    # -- worker life cycle ------------------------------------------------------------------
    def _journal(self, incarnation: str | None = None) -> str:
        return self.key("journal", incarnation or self.incarnation)

    def inflight(self, incarnation: str | None = None) -> str:
        """Key of the requests a worker has taken and not yet committed (default: this one)."""
        return self.key("inflight", incarnation or self.incarnation)

    def heartbeat(self, busy: bool = True) -> None:
        """Register (first call) and prove this worker is alive for HEARTBEAT_TTL seconds,
        saying whether it is `busy` (downloading or parsing: it may still queue links) or
        idle; WorkerFenced when the others declared it dead meanwhile."""
        keys = [self.key("workers"), self.key("alive", self.incarnation)]
        first = "0" if self._registered else "1"
        state = "busy" if busy else "idle"
        if self._heartbeat(keys=keys, args=[self.incarnation, HEARTBEAT_TTL, first, state]) == -1:
            raise WorkerFenced(FENCED)
        self._registered = True

    def _live_peers(self) -> list[str]:
        others = [w.decode() for w in self.client.smembers(self.key("workers"))]
        return [w for w in others if w != self.incarnation and not self._is_dead(w)]

    def other_live_workers(self) -> int:
        return len(self._live_peers())

    def busy_peers(self) -> int:
        """Other workers alive and, at their last heartbeat, busy: they may queue more work."""
        live = self._live_peers()
        states = self.client.mget([self.key("alive", w) for w in live]) if live else []
        return sum(1 for state in states if state == b"busy")

    def dead_workers(self) -> Iterator[str]:
        for member in self.client.smembers(self.key("workers")):
            incarnation = member.decode()
            if incarnation != self.incarnation and self._is_dead(incarnation):
                yield incarnation

    def _is_dead(self, incarnation: str) -> bool:
        _, host, pid, _ = incarnation.split("|")
        if host == socket.gethostname() and not pid_alive(int(pid)):
            return True
        return not self.client.exists(self.key("alive", incarnation))

    def take_over(self, incarnation: str) -> int | None:
        """Claim a dead worker: roll its marks back and requeue its in-flight requests.

        One atomic script, so a second recoverer finds nothing left to do (None) and a
        recoverer killed half-way cannot exist. Returns how many requests went back.
        """
        keys = [
            self.key("workers"),
            self._journal(incarnation),
            self.inflight(incarnation),
            self.frontier[0],
        ]
        requeued = self._take_over(keys=keys, args=[incarnation, self.prefix])
        return None if requeued < 0 else int(requeued)


def remember_epoch(memory: Path, epoch: str) -> None:
    """This worker's note of the shared state's identity (see RedisStore.settle_epoch).
    Workers on one machine may share the state directory and commit at the same instant."""
    write_text_atomically(memory, epoch + "\n")


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value
