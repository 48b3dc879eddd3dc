"""The shared frontier (scrapy-redis's request queue and duplicate filter), changed atomically.

scrapy-redis marks a request seen (SADD) and then queues it (ZADD), and pops a request before
we can note that this worker holds it: two round trips each. A worker killed between them
loses the request for good — its fingerprint is marked, so no one queues it again. Here each
step is one Lua script, so a request is always in exactly one recoverable place: the queue,
or the in-flight hash of the worker that took it (field: encoded request, value: its score).
"""

from __future__ import annotations

from typing import Any

# KEYS: dupefilter, queue. ARGV: fingerprint ('' = do not filter), score, encoded request.
_PUSH = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

# KEYS: queue, in-flight hash of this worker. Returns the encoded request or nil.
_TAKE = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then
  return false
end
redis.call('ZREM', KEYS[1], top[1])
redis.call('HSET', KEYS[2], top[1], top[2])
return top[1]
"""

# KEYS: in-flight hash of this worker, queue. ARGV: encoded request. A request taken but not
# handled goes back to the queue, with its score.
_GIVE_BACK = """
local score = redis.call('HGET', KEYS[1], ARGV[1])
if not score then
  return 0
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], score, ARGV[1])
return 1
"""


class SharedFrontier:
    """Push and take requests; `queue` is a sorted set scored by -priority, as scrapy-redis."""

    def __init__(self, client: Any, queue: str, dupefilter: str, inflight: str) -> None:
        self.queue = queue
        self.dupefilter = dupefilter
        self.inflight = inflight
        self._push = client.register_script(_PUSH)
        self._take = client.register_script(_TAKE)
        self._give_back = client.register_script(_GIVE_BACK)

    def push(self, encoded: bytes, priority: int, fingerprint: str | None) -> bool:
        """Queue a request unless `fingerprint` was seen; None queues it unfiltered."""
        args = [fingerprint or "", -priority, encoded]
        return bool(self._push(keys=[self.dupefilter, self.queue], args=args))

    def take(self) -> bytes | None:
        """The next request, recorded as in flight for this worker in the same step."""
        found = self._take(keys=[self.queue, self.inflight])
        return bytes(found) if found is not None else None

    def give_back(self, encoded: bytes) -> None:
        """Put a request this worker took, and will not handle, back in the queue."""
        self._give_back(keys=[self.inflight, self.queue], args=[encoded])
