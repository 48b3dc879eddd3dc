"""The near-duplicate index in Redis, laid out for memory: about 600 bytes per indexed story.

What near-duplicate detection needs of the store (neardup.py): for a new story's LSH band
keys, the stories indexed under any of them, with their signatures. A plain Redis hash of
band key -> story costs ~90 bytes per band (a hash table entry, its field and value strings),
and a story has dozens of bands. So:

- **Records.** Each indexed story gets a number (`near:n`, counted up). Its id and signature
  sit at a fixed offset of a string holding 145 records (`near:r:<n // 145>`, written whole
  when its first record comes): no per-story key, no per-story allocation. A record is
  [id length, 1 byte][id, up to 23 bytes][signature length, 2 bytes][signature, up to 256
  bytes] (the neardup index gives 16-bit MinHash values, 256 bytes). A forgotten story's id
  length is set to 0.
- **Band entries.** Band key -> story number, in small hashes that Redis keeps as listpacks
  (~9 bytes per entry: a 16-bit field, a number, no pointers). A hash stays a listpack up to
  128 entries (Redis's default `hash-max-listpack-entries`), so the entries are spread over
  buckets by the band key's high 32 bits, ~64 per bucket when full, and the field is the key's
  low 16 bits: two keys meeting in one bucket and field only add a candidate, which the
  signature comparison then rejects. The number of buckets grows with the index in
  *generations*: generation g has 16 * 4**g buckets (`near:b:<g>:<bucket>`) and takes the next
  1024 * 4**g entries (`near:entries` counts them); a lookup asks every generation, so a band
  entry never moves and the cost of a lookup grows with the log of the index (11 generations
  hold 10 million stories' bands).

Every change is one Lua script, journaled like the seen marks (store.py) so that a dead
worker's take-over rolls it back: `N<number>` clears a record, `B<bucket key>\\0<field>`
deletes a band entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

RECORDS_PER_KEY = 145  # 145 records and the string's header fill a 40 KiB allocation
ID_BYTES = 23
SIGNATURE_BYTES = 256
STRIDE = 1 + ID_BYTES + 2 + SIGNATURE_BYTES
FIRST_BUCKETS = 16
FILL = 64  # band entries per bucket when its generation is full (a listpack holds 128)

# Shared by the scripts: ARGV[1] is always the key prefix.
_LUA = f"""
local P = ARGV[1]
local STRIDE = {STRIDE}
local PER_KEY = {RECORDS_PER_KEY}
local function band(field)
  local b1, b2, _, _, b5, b6, b7, b8 = string.byte(field, 1, 8)
  return b5 + b6 * 256 + b7 * 65536 + b8 * 16777216, b1 + b2 * 256
end
local function top_generation()
  local entries = tonumber(redis.call('GET', P .. ':near:entries') or '0')
  local g, start, size = 0, 0, {FIRST_BUCKETS * FILL}
  while entries >= start + size do
    start, size, g = start + size, size * 4, g + 1
  end
  return g
end
local function bucket(g, hi)
  return string.format('%s:near:b:%d:%d', P, g, hi % ({FIRST_BUCKETS} * 4 ^ g))
end
local function record_key(n)
  return string.format('%s:near:r:%d', P, math.floor(n / PER_KEY))
end
local function record_at(n)
  return (n % PER_KEY) * STRIDE
end
local function write_record(n, rec)
  local key = record_key(n)
  if redis.call('EXISTS', key) == 0 then
    -- the whole string at once: grown a record at a time, Redis would allocate up to twice it
    redis.call('SET', key, string.rep('\0', PER_KEY * STRIDE))
  end
  redis.call('SETRANGE', key, record_at(n), rec)
end
local function record_id(n)
  local at = record_at(n)
  local head = redis.call('GETRANGE', record_key(n), at, at + {ID_BYTES})
  if #head == 0 or string.byte(head, 1) == 0 then
    return nil
  end
  return string.sub(head, 2, 1 + string.byte(head, 1))
end
"""

# ARGV: prefix, band fields. Returns id, signature, id, signature...
_CANDIDATES = (
    _LUA
    + """
local top, seen, out = top_generation(), {}, {}
for i = 2, #ARGV do
  local hi, field = band(ARGV[i])
  for g = 0, top do
    local n = redis.call('HGET', bucket(g, hi), field)
    if n and not seen[n] then
      seen[n] = true
      n = tonumber(n)
      local at = record_at(n)
      local rec = redis.call('GETRANGE', record_key(n), at, at + STRIDE - 1)
      local id_length = #rec > 0 and string.byte(rec, 1) or 0
      if id_length > 0 then
        local lo, hi_byte = string.byte(rec, 25, 26)
        table.insert(out, string.sub(rec, 2, 1 + id_length))
        table.insert(out, string.sub(rec, 27, 26 + lo + hi_byte * 256))
      end
    end
  end
end
return out
"""
)

# KEYS: journal. ARGV: prefix, record, band fields.
_ADD = (
    _LUA
    + """
local n = redis.call('INCR', P .. ':near:n')
write_record(n, ARGV[2])
redis.call('RPUSH', KEYS[1], 'N' .. n)
local g, added = top_generation(), 0
for i = 3, #ARGV do
  local hi, field = band(ARGV[i])
  local key = bucket(g, hi)
  if redis.call('HSETNX', key, field, n) == 1 then
    redis.call('RPUSH', KEYS[1], 'B' .. key .. '\\0' .. field)
    added = added + 1
  end
end
redis.call('INCRBY', P .. ':near:entries', added)
return n
"""
)

# ARGV: prefix, article, band fields: the article's band entries go, then its record.
_DISCARD = (
    _LUA
    + """
local top, numbers = top_generation(), {}
for i = 3, #ARGV do
  local hi, field = band(ARGV[i])
  for g = 0, top do
    local key = bucket(g, hi)
    local n = redis.call('HGET', key, field)
    if n and record_id(tonumber(n)) == ARGV[2] then
      redis.call('HDEL', key, field)
      numbers[tonumber(n)] = true
    end
  end
end
for n in pairs(numbers) do
  redis.call('SETRANGE', record_key(n), record_at(n), '\\0')
end
return 1
"""
)

# Rolling back one journal entry of the near index (the body after its kind letter); spliced
# into the take-over script of store.py, which defines P as the prefix.
ROLLBACK_LUA = f"""
local function near_rollback(kind, body)
  if kind == 'N' then
    local n = tonumber(body)
    local key = string.format('%s:near:r:%d', P, math.floor(n / {RECORDS_PER_KEY}))
    redis.call('SETRANGE', key, (n % {RECORDS_PER_KEY}) * {STRIDE}, '\\0')
  else
    local zero = string.find(body, '\\0', 1, true)
    redis.call('HDEL', string.sub(body, 1, zero - 1), string.sub(body, zero + 1))
  end
end
"""


class RedisNearIndex:
    """The near-duplicate index of one shared state (`prefix`), see the module's docstring."""

    def __init__(self, client: Any, prefix: str) -> None:
        self.client = client
        self.prefix = prefix
        self._candidates = client.register_script(_CANDIDATES)
        self._add = client.register_script(_ADD)
        self._discard = client.register_script(_DISCARD)
        self._migrate = client.register_script(_MIGRATE)

    def candidates(self, keys: Sequence[int]) -> list[tuple[str, bytes]]:
        found = self._candidates(args=[self.prefix, *map(band_field, keys)])
        pairs = zip(found[::2], found[1::2], strict=True)
        return [(bytes(a).decode("utf-8"), bytes(s)) for a, s in pairs]

    def add(self, article: str, keys: Sequence[int], signature: bytes, journal: str) -> None:
        self._add(
            keys=[journal], args=[self.prefix, record(article, signature), *map(band_field, keys)]
        )

    def discard(self, article: str, keys: Sequence[int]) -> None:
        self._discard(args=[self.prefix, article, *map(band_field, keys)])

    def migrate_format_1(self, page: int = 500) -> None:
        """Convert a format-1 index (see `_MIGRATE`) to this layout, keeping every story."""
        while self._migrate(args=[self.prefix, page]) == 1:
            pass

    def keys_pattern(self) -> str:
        return f"{self.prefix}:near:*"


def record(article: str, signature: bytes) -> bytes:
    """An indexed story's record (see the module's docstring)."""
    name = article.encode("utf-8")
    if not 0 < len(name) <= ID_BYTES:
        raise ValueError(
            f"a story id for the near-duplicate index has 1 to {ID_BYTES} bytes: {article!r}"
        )
    if len(signature) > SIGNATURE_BYTES:
        raise ValueError(
            f"a near-duplicate signature has at most {SIGNATURE_BYTES} bytes, not {len(signature)}"
        )
    head = bytes([len(name)]) + name.ljust(ID_BYTES, b"\0")
    return head + len(signature).to_bytes(2, "little") + signature


def band_field(key: int) -> bytes:
    """A band key as its 8 bytes, little-endian (the scripts read its low 16 and high 32 bits)."""
    return key.to_bytes(8, "little", signed=True)


# The index of format 1 (store.py): `near:sig` (story -> 128 32-bit MinHash values) and
# `near:band` (8-byte band key -> story) hashes. Converted a page at a time, each page one
# script that deletes what it converted, so workers starting together (or one killed half-way)
# just carry on where the last page ended. ARGV: prefix, page size. Returns 1 while old entries
# remain, 0 when the index is converted.
_MIGRATE = (
    _LUA
    + f"""
local page, done = tonumber(ARGV[2]), 0
local numbers = P .. ':near:migrating'
local function each(key, convert)
  local cursor = '0'
  repeat
    local scan = redis.call('HSCAN', key, cursor, 'COUNT', page)
    cursor = scan[1]
    for i = 1, #scan[2], 2 do
      convert(scan[2][i], scan[2][i + 1])
      redis.call('HDEL', key, scan[2][i])
      done = done + 1
    end
  until cursor == '0' or done >= page
end
each(P .. ':near:sig', function(article, old)
  local parts = {{}}
  for j = 1, #old, 4 do
    parts[#parts + 1] = string.sub(old, j, j + 1)
  end
  local sig = table.concat(parts)
  if #article < 1 or #article > {ID_BYTES} then
    return
  end
  local n = redis.call('INCR', P .. ':near:n')
  local head = string.char(#article) .. article .. string.rep('\\0', {ID_BYTES} - #article)
  local size = string.char(#sig % 256, math.floor(#sig / 256))
  write_record(n, head .. size .. sig)
  redis.call('HSET', numbers, article, n)
end)
if done > 0 then
  return 1
end
each(P .. ':near:band', function(field, article)
  local n = redis.call('HGET', numbers, article)
  if n and #field == 8 then
    local hi, low = band(field)
    if redis.call('HSETNX', bucket(top_generation(), hi), low, n) == 1 then
      redis.call('INCRBY', P .. ':near:entries', 1)
    end
  end
end)
if done > 0 then
  return 1
end
redis.call('DEL', numbers)
return 0
"""
)
