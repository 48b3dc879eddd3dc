"""Delivered versions in Redis, one hash per UTC day of expiry, forgotten by Redis itself.

A story's version (revisions.py: what its next fetch is diffed against) is needed for
NEWSCRAWL_REVISION_DAYS after its delivery. It is kept in `versions:<day>` (the day its
window ends, counted in days since 1970) with the article id as the field; the hash expires
at the end of that day (EXPIREAT), so nothing has to find and delete expired versions, and no
per-version expiry has to be kept (a sorted set of them cost ~130 bytes a version).
`versions:days` lists the day keys; a version delivered again moves to its new day. A
version lives at most one day past its window.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

DAY = 86400

# ARGV: prefix, article. The version in the latest day that has it, or nil.
_GET = """
local days = ARGV[1] .. ':versions:days'
local found, latest = false, -1
for _, day in ipairs(redis.call('SMEMBERS', days)) do
  local version = redis.call('HGET', ARGV[1] .. ':versions:' .. day, ARGV[2])
  if version and tonumber(day) > latest then
    found, latest = version, tonumber(day)
  end
end
return found
"""

# ARGV: prefix, then (article, day, version) triples.
_PUT = f"""
local days = ARGV[1] .. ':versions:days'
local known = {{}}
for _, day in ipairs(redis.call('SMEMBERS', days)) do
  if redis.call('EXISTS', ARGV[1] .. ':versions:' .. day) == 1 then
    table.insert(known, day)
  else
    redis.call('SREM', days, day)  -- expired
  end
end
for i = 2, #ARGV, 3 do
  local article, day = ARGV[i], ARGV[i + 1]
  for _, other in ipairs(known) do
    if other ~= day then
      redis.call('HDEL', ARGV[1] .. ':versions:' .. other, article)
    end
  end
  local key = ARGV[1] .. ':versions:' .. day
  redis.call('HSET', key, article, ARGV[i + 2])
  redis.call('EXPIREAT', key, (tonumber(day) + 1) * {DAY})
  if redis.call('SADD', days, day) == 1 then
    table.insert(known, day)
  end
end
return 1
"""

# Format 1 kept one `versions` hash and a `versions:expires` sorted set (article -> expiry
# time). ARGV: prefix, page size; 1 while old versions remain.
_MIGRATE = f"""
local old, expires = ARGV[1] .. ':versions', ARGV[1] .. ':versions:expires'
local page = redis.call('ZRANGE', expires, 0, tonumber(ARGV[2]) - 1, 'WITHSCORES')
if #page == 0 then
  redis.call('DEL', old)
  return 0
end
for i = 1, #page, 2 do
  local article = page[i]
  local version = redis.call('HGET', old, article)
  local day = math.floor(tonumber(page[i + 1]) / {DAY})
  if version and (day + 1) * {DAY} > tonumber(redis.call('TIME')[1]) then
    local key = ARGV[1] .. ':versions:' .. day
    redis.call('HSET', key, article, version)
    redis.call('EXPIREAT', key, (day + 1) * {DAY})
    redis.call('SADD', ARGV[1] .. ':versions:days', day)
  end
  redis.call('ZREM', expires, article)
  redis.call('HDEL', old, article)
end
return 1
"""

BATCH = 200  # versions written by one script call


class RedisVersions:
    def __init__(self, client: Any, prefix: str) -> None:
        self.client = client
        self.prefix = prefix
        self._get = client.register_script(_GET)
        self._put = client.register_script(_PUT)
        self._migrate = client.register_script(_MIGRATE)

    def get(self, article: str) -> bytes | None:
        found = self._get(args=[self.prefix, article])
        return bytes(found) if found else None

    def put(self, versions: Iterable[tuple[str, bytes, str]]) -> None:
        """(article, version, expiry as the stores write times: ISO 8601 UTC) each."""
        args: list[Any] = []
        for article, version, expires in versions:
            args += [article, expiry_day(expires), version]
            if len(args) >= 3 * BATCH:
                self._put(args=[self.prefix, *args])
                args = []
        if args:
            self._put(args=[self.prefix, *args])

    def migrate_format_1(self, page: int = 500) -> None:
        while self._migrate(args=[self.prefix, page]) == 1:
            pass

    def keys_pattern(self) -> str:
        return f"{self.prefix}:versions*"


def expiry_day(expires: str) -> int:
    """The day (since 1970, UTC) of an ISO 8601 UTC time (`...Z`)."""
    moment = datetime.fromisoformat(expires.replace("Z", "+00:00"))
    return int(moment.timestamp() // DAY)
